"""The case list: the rows of Case.objects.visible_to(user), newest first, 25 a page, with
previous/next instead of a total (no COUNT over a million cases)."""

import datetime as dt

import pytest

from ankommen.cases.models import Case
from ankommen.cases.tests.conftest import url
from ankommen.cases.tests.factories import CaseFactory
from ankommen.core.tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


def cases_for(world, user, count, *, team=None, start=dt.date(2026, 1, 1)):
    return [
        CaseFactory(
            region=world.cast.region,
            organisation=world.awo,
            town=world.verl,
            team=team,
            assigned_to=user,
            opened_on=start + dt.timedelta(days=n),
        )
        for n in range(count)
    ]


def listed(client, world, **params):
    response = client.get(url("list", world), params)
    return [int(row[0].rstrip("/").rsplit("/", 1)[-1]) for row in response.context["rows"]]


def test_the_team_lead_sees_her_teams_cases_and_her_own_newest_first(world, verified_for):
    team = world.case.team
    own = cases_for(world, world.awo_lead, 2, team=team, start=dt.date(2026, 3, 1))
    expected = (
        Case.objects.filter(pk__in=[world.case.pk, *[c.pk for c in own]])
        .order_by("-opened_on", "-pk")
        .values_list("pk", flat=True)
    )
    assert listed(verified_for(world.awo_lead), world) == list(expected)


def test_the_team_lead_does_not_see_another_teams_case_of_her_organisation(world, verified_for):
    other_team = TeamFactory(organisation=world.awo, name="Migrationsberatung")
    (other,) = cases_for(world, world.awo_colleague, 1, team=other_team)
    assert other.pk not in listed(verified_for(world.awo_lead), world)


def test_a_case_manager_sees_only_her_own_cases(world, verified_for):
    cases_for(world, world.awo_colleague, 3)
    assert listed(verified_for(world.awo_manager), world) == [world.case.pk]


def test_the_first_page_holds_25_cases_and_offers_the_next(world, verified_for):
    cases_for(world, world.awo_manager, 26)
    response = verified_for(world.awo_manager).get(url("list", world))
    assert (len(response.context["rows"]), response.context["page"].has_next) == (25, True)


def test_the_second_page_holds_the_rest_and_no_next(world, verified_for):
    cases_for(world, world.awo_manager, 26)
    response = verified_for(world.awo_manager).get(url("list", world), {"page": 2})
    assert (len(response.context["rows"]), response.context["page"].has_next) == (2, False)


def test_the_team_leads_pages_merge_both_sources_without_gaps_or_repeats(world, verified_for):
    team = world.case.team
    cases_for(world, world.awo_lead, 20, team=team, start=dt.date(2025, 1, 1))
    cases_for(world, world.awo_manager, 20, team=team, start=dt.date(2025, 1, 10))
    client = verified_for(world.awo_lead)
    pages = listed(client, world) + listed(client, world, page=2)
    expected = list(
        Case.objects.visible_to(world.awo_lead)
        .order_by("-opened_on", "-pk")
        .values_list("pk", flat=True)
    )
    assert pages == expected


def test_a_page_number_that_is_no_number_shows_the_first_page(world, verified_for):
    response = verified_for(world.awo_manager).get(url("list", world), {"page": "x'--"})
    assert response.context["page"].number == 1


def test_the_status_filter_keeps_only_that_status(world, verified_for):
    (closed,) = cases_for(world, world.awo_manager, 1)
    closed.transition(Case.Status.CLOSED, reason="moved_away")
    closed.save()
    assert listed(verified_for(world.awo_manager), world, status="closed") == [closed.pk]


def test_a_case_number_of_another_organisation_finds_nothing(world, verified_for):
    foreign = CaseFactory(
        region=world.cast.region,
        organisation=world.caritas,
        town=world.rietberg,
        assigned_to=world.caritas_manager,
    )
    assert listed(verified_for(world.awo_manager), world, q=foreign.reference) == []


def test_a_hand_over_waiting_for_the_case_manager_is_on_her_list(world, verified_for):
    verified_for(world.awo_manager).post(
        url("case_transfer", world, pk=world.case.pk),
        {"to_user": world.caritas_manager.pk, "note": "Umzug nach Rietberg"},
    )
    response = verified_for(world.caritas_manager).get(url("list", world))
    assert [t.case_id for t in response.context["transfers"]] == [world.case.pk]


def test_a_list_without_waiting_hand_overs_shows_none(world, verified_for):
    response = verified_for(world.awo_manager).get(url("list", world))
    assert list(response.context["transfers"]) == []
