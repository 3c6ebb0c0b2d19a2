"""The team lead's view: caseload per person, cases without activity, what waits for her,
and her team's report and structural problems — and nobody else's."""

import datetime as dt

import pytest
from django.utils import timezone

from ankommen.cases.models import Case, DeletionRequest, Note, StructuralProblem
from ankommen.cases.tests.conftest import url
from ankommen.cases.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def old_case(world, user, weeks=10):
    return CaseFactory(
        region=world.cast.region,
        organisation=world.awo,
        town=world.verl,
        team=world.case.team,
        assigned_to=user,
        opened_on=timezone.localdate() - dt.timedelta(weeks=weeks),
    )


def test_the_team_lead_sees_the_caseload_per_person(world, verified_for):
    old_case(world, world.awo_manager)
    page = verified_for(world.awo_lead).get(url("team", world))
    rows = page.context["overview"].caseload
    assert [(row.user_id, row.open) for row in rows] == [(world.awo_manager.pk, 2)]


def test_a_case_without_activity_for_six_weeks_is_listed(world, verified_for):
    quiet = old_case(world, world.awo_manager)
    page = verified_for(world.awo_lead).get(url("team", world))
    assert [case.pk for case, _ in page.context["overview"].quiet] == [quiet.pk]


def test_a_recent_note_takes_the_case_off_the_quiet_list(world, verified_for):
    quiet = old_case(world, world.awo_manager)
    Note.objects.create(case=quiet, text="Anruf", kind="general")
    page = verified_for(world.awo_lead).get(url("team", world))
    assert page.context["overview"].quiet == []


def test_the_number_of_weeks_can_be_chosen(world, verified_for):
    old_case(world, world.awo_manager, weeks=3)
    page = verified_for(world.awo_lead).get(url("team", world), {"weeks": 2})
    assert page.context["overview"].quiet_total == 1


def test_a_deletion_request_waits_for_the_team_lead(world, verified_for):
    DeletionRequest.objects.create(
        case=world.case, reason="Doppelt angelegt", requested_by_id=world.awo_manager.pk
    )
    page = verified_for(world.awo_lead).get(url("team", world)).content.decode()
    assert "Doppelt angelegt" in page


def test_a_case_manager_has_no_team_view(world, verified_for):
    assert verified_for(world.awo_manager).get(url("team", world)).status_code == 404


def test_the_ki_coordinator_has_no_team_view(world, verified_for):
    assert verified_for(world.cast.ki_coordinator).get(url("team", world)).status_code == 404


def test_the_team_lead_reads_her_teams_report(world, verified_for):
    page = verified_for(world.awo_lead).get(url("report", world))
    assert page.status_code == 200 and page.context["report"].raw_totals["active"] == 1


def test_the_team_report_leaves_out_another_organisations_cases(world, verified_for):
    CaseFactory(
        region=world.cast.region,
        organisation=world.caritas,
        town=world.rietberg,
        assigned_to=world.caritas_manager,
    )
    page = verified_for(world.awo_lead).get(url("report", world))
    assert page.context["report"].raw_totals["active"] == 1


def test_a_case_manager_still_gets_no_report(world, verified_for):
    assert verified_for(world.awo_manager).get(url("report", world)).status_code == 404


def test_the_team_lead_sees_her_organisations_structural_problems(world, verified_for):
    ours = StructuralProblem.objects.create(
        region=world.cast.region,
        town=world.verl,
        organisation=world.awo,
        theme=StructuralProblem.Theme.values[0],
        description="Wartezeit Integrationskurs",
        confirmed_at=timezone.now(),
    )
    StructuralProblem.objects.create(
        region=world.cast.region,
        town=world.rietberg,
        organisation=world.caritas,
        theme=StructuralProblem.Theme.values[0],
        description="Anderer Träger",
        confirmed_at=timezone.now(),
    )
    page = verified_for(world.awo_lead).get(url("structural", world))
    assert [p.pk for p in page.context["problems"]] == [ours.pk]


def test_the_team_lead_cannot_change_a_structural_problems_status(world, verified_for):
    problem = StructuralProblem.objects.create(
        region=world.cast.region,
        town=world.verl,
        organisation=world.awo,
        theme=StructuralProblem.Theme.values[0],
        description="Wartezeit",
        confirmed_at=timezone.now(),
    )
    response = verified_for(world.awo_lead).post(
        url("structural_update", world, pk=problem.pk), {"status": "solved"}
    )
    problem.refresh_from_db()
    assert response.status_code == 404 and problem.status != "solved"


def test_a_team_lead_of_another_region_has_no_team_view_here(world, verified_for):
    from ankommen.core.models import Role
    from ankommen.core.tests.factories import (
        OrganisationFactory,
        RegionFactory,
        TeamFactory,
        UserFactory,
        give_role,
    )

    other = RegionFactory(slug="anderswo")
    organisation = OrganisationFactory(region=other)
    lead = UserFactory(username="olga")
    team = TeamFactory(organisation=organisation)
    give_role(lead, Role.TEAM_LEAD, other, organisation=organisation, team=team)
    assert verified_for(lead).get(url("team", world)).status_code == 404
    assert Case.objects.count() == 1
