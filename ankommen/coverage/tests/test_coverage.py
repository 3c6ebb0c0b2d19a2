"""The minimum standard: how coverage is computed, stored over time, and who may see and
change what. The cast's Verl and Versmold get their real centres; offers get places."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from ankommen.actionplan.models import ChangeEntry, SubStep
from ankommen.actionplan.tests.factories import RecommendationFactory, SubStepFactory
from ankommen.core.models import Area
from ankommen.coverage.compute import MET, MISSING, PARTLY, compute_coverage
from ankommen.coverage.models import GapStep, Snapshot, StandardRow
from ankommen.coverage.snapshots import INDICATOR_SLUG, take_snapshot
from ankommen.directory.models import Offer
from ankommen.directory.tests.factories import OfferFactory, PlaceFactory
from ankommen.mediation.tests.factories import MediationLanguageFactory, MediatorFactory
from ankommen.monitoring.models import Value

VERL = (Decimal("51.88330"), Decimal("8.51670"))
VERSMOLD = (Decimal("52.04360"), Decimal("8.15020"))


@pytest.fixture
def towns(cast):
    cast.verl.latitude, cast.verl.longitude = VERL
    cast.verl.save()
    cast.versmold.latitude, cast.versmold.longitude = VERSMOLD
    cast.versmold.save()
    return cast


def course(cast, *, at=VERL, childcare=True, published=True, kind=Offer.Kind.LANGUAGE_COURSE):
    """A language course with a place at `at` (Verl's centre unless told)."""
    offer = OfferFactory(
        organisation=cast.verl_organisation,
        kind=kind,
        childcare=childcare,
        is_published=published,
        orientation=Offer.Orientation.OPERATIVE,
        title="Sprachwerkstatt",
    )
    place = PlaceFactory(area=cast.verl, latitude=at[0], longitude=at[1])
    offer.places.add(place)
    return offer


def childcare_row(cast, **extra) -> StandardRow:
    values = {
        "region": cast.region,
        "title": "Sprachkurs mit Kinderbetreuung",
        "kind": Offer.Kind.LANGUAGE_COURSE,
        "needs_childcare": True,
        "distance_km": Decimal(5),
        **extra,
    }
    return StandardRow.objects.create(**values)


def status_of(cast, area: Area, row: StandardRow) -> str:
    coverage = compute_coverage(cast.region)
    found = next(c for c in coverage if c.area == area)
    return next(r for r in found.rows if r.row == row).status


# --- Computation ----------------------------------------------------------------------


def test_a_course_with_childcare_in_town_meets_the_row(towns):
    row = childcare_row(towns)
    course(towns)
    assert status_of(towns, towns.verl, row) == MET


def test_a_course_farther_than_the_distance_does_not_count(towns):
    row = childcare_row(towns)
    course(towns)  # in Verl, about 30 km from Versmold
    assert status_of(towns, towns.versmold, row) == MISSING


def test_a_course_without_childcare_does_not_count(towns):
    row = childcare_row(towns)
    course(towns, childcare=False)
    assert status_of(towns, towns.verl, row) == MISSING


def test_an_unpublished_offer_does_not_count(towns):
    row = childcare_row(towns)
    course(towns, published=False)
    assert status_of(towns, towns.verl, row) == MISSING


def test_fewer_offers_than_needed_is_partly_met(towns):
    row = childcare_row(towns, minimum_offers=2)
    course(towns)
    assert status_of(towns, towns.verl, row) == PARTLY


def test_interpreters_missing_in_one_language_is_partly_met(towns):
    row = StandardRow.objects.create(
        region=towns.region,
        title="Sprachmittlung",
        requirement=StandardRow.Requirement.INTERPRETERS,
        minimum_mediators=1,
    )
    row.mediation_languages.set(
        [MediationLanguageFactory(code="ar"), MediationLanguageFactory(code="tr")]
    )
    MediatorFactory(region=towns.region, home_area=towns.verl, speaks=["ar"])
    assert status_of(towns, towns.verl, row) == PARTLY


def test_a_paused_mediator_does_not_count(towns):
    row = StandardRow.objects.create(
        region=towns.region,
        title="Sprachmittlung",
        requirement=StandardRow.Requirement.INTERPRETERS,
    )
    row.mediation_languages.set([MediationLanguageFactory(code="ar")])
    MediatorFactory(region=towns.region, home_area=towns.verl, speaks=["ar"], status="paused")
    assert status_of(towns, towns.verl, row) == MISSING


def test_the_computation_reads_a_fixed_number_of_queries(towns, django_assert_max_num_queries):
    childcare_row(towns)
    for _n in range(8):
        course(towns)
    with django_assert_max_num_queries(12):
        compute_coverage(towns.region)


def test_a_town_without_an_operative_offer_is_flagged(towns):
    childcare_row(towns)
    course(towns)
    coverage = {c.area: c for c in compute_coverage(towns.region)}
    assert (coverage[towns.verl].operative_missing, coverage[towns.versmold].operative_missing) == (
        False,
        True,
    )


# --- Over time ------------------------------------------------------------------------


def test_a_snapshot_twice_a_day_is_one_snapshot(towns):
    childcare_row(towns)
    course(towns)
    day = dt.date(2026, 12, 1)
    take_snapshot(towns.region, on=day)
    take_snapshot(towns.region, on=day)
    assert Snapshot.objects.filter(region=towns.region, taken_on=day).count() == 1


def test_the_snapshot_writes_the_share_of_towns_as_indicator_value(towns):
    childcare_row(towns)
    course(towns)
    take_snapshot(towns.region, on=dt.date(2026, 12, 1))
    value = Value.objects.get(indicator__slug=INDICATOR_SLUG, area=towns.region.area())
    assert value.value == Decimal(50)  # Verl meets it, Versmold does not


def test_no_snapshot_without_a_standard(towns):
    assert take_snapshot(towns.region) is None


# --- Pages and permissions ------------------------------------------------------------


def index_url(cast):
    return reverse("coverage_staff:index", kwargs={"region": cast.region.slug})


def gap_url(cast, row, area):
    return reverse(
        "coverage_staff:gap",
        kwargs={"region": cast.region.slug, "row_pk": row.pk, "area_pk": area.pk},
    )


def test_the_ki_sees_every_town(towns, client_for):
    childcare_row(towns)
    response = client_for(towns.ki_coordinator).get(index_url(towns))
    names = [c.area.name for c in response.context["coverage"]]
    assert {"Verl", "Versmold"} <= set(names)


def test_an_officer_sees_only_her_town_and_its_quarters(towns, client_for):
    childcare_row(towns)
    response = client_for(towns.officer_verl).get(index_url(towns))
    assert {c.area for c in response.context["coverage"]} == {towns.verl, towns.verl_quarter}


def test_an_officer_cannot_open_another_towns_gap(towns, client_for):
    row = childcare_row(towns)
    response = client_for(towns.officer_verl).get(gap_url(towns, row, towns.versmold))
    assert response.status_code == 404


def test_an_organisation_editor_has_no_coverage_pages(towns, client_for):
    response = client_for(towns.caritas_editor).get(index_url(towns))
    assert response.status_code == 404


def test_the_coordinator_of_another_region_gets_404(towns, client_for):
    response = client_for(towns.other_coordinator).get(index_url(towns))
    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(towns, client_for):
    response = client_for(None).get(index_url(towns))
    assert response.status_code == 302


def test_an_officer_may_not_define_the_standard(towns, client_for):
    url = reverse("coverage_staff:row_add", kwargs={"region": towns.region.slug})
    response = client_for(towns.officer_verl).post(
        url, {"title": "Beratung", "requirement": "offer", "level": "town", "kind": "counselling"}
    )
    assert response.status_code == 403


def test_the_ki_defines_a_row(towns, client_for):
    url = reverse("coverage_staff:row_add", kwargs={"region": towns.region.slug})
    client_for(towns.ki_coordinator).post(
        url,
        {
            "title": "Begegnungsort",
            "requirement": "offer",
            "level": "town",
            "kind": "meeting_place",
            "distance_km": "5",
            "minimum_offers": "1",
            "minimum_mediators": "1",
            "sort_order": "10",
        },
    )
    assert StandardRow.objects.filter(region=towns.region, title="Begegnungsort").exists()


def test_an_offer_row_without_a_kind_is_refused(towns, client_for):
    url = reverse("coverage_staff:row_add", kwargs={"region": towns.region.slug})
    response = client_for(towns.ki_coordinator).post(
        url,
        {
            "title": "Ohne Art",
            "requirement": "offer",
            "level": "town",
            "distance_km": "5",
            "minimum_offers": "1",
            "minimum_mediators": "1",
            "sort_order": "10",
        },
    )
    assert response.status_code == 400


def test_a_stale_row_edit_is_refused(towns, client_for):
    row = childcare_row(towns)
    row.save_checked(expected_version=row.version)  # someone else saved it meanwhile
    url = reverse("coverage_staff:row_edit", kwargs={"region": towns.region.slug, "pk": row.pk})
    response = client_for(towns.ki_coordinator).post(
        url,
        {
            "title": "Sprachkurs mit Kinderbetreuung",
            "requirement": "offer",
            "level": "town",
            "kind": "language_course",
            "needs_childcare": "on",
            "distance_km": "8",
            "minimum_offers": "1",
            "minimum_mediators": "1",
            "sort_order": "10",
            "expected_version": "1",
        },
    )
    assert response.status_code == 409


def test_removing_a_row_by_get_is_not_allowed(towns, client_for):
    row = childcare_row(towns)
    url = reverse("coverage_staff:row_delete", kwargs={"region": towns.region.slug, "pk": row.pk})
    assert client_for(towns.ki_coordinator).get(url).status_code == 405


def test_the_ki_turns_a_gap_into_an_action_plan_step(towns, client_for):
    row = childcare_row(towns)
    recommendation = RecommendationFactory(challenge__field__region=towns.region)
    client_for(towns.ki_coordinator).post(
        gap_url(towns, row, towns.versmold),
        {
            "action": "new",
            "recommendation": recommendation.pk,
            "text": "Versmold: Sprachkurs mit Kinderbetreuung einrichten",
        },
    )
    step = SubStep.objects.get(recommendation=recommendation)
    assert GapStep.objects.filter(row=row, area=towns.versmold, step=step).exists()


def test_a_step_made_from_a_gap_is_in_the_plans_history(towns, client_for):
    row = childcare_row(towns)
    recommendation = RecommendationFactory(challenge__field__region=towns.region)
    client_for(towns.ki_coordinator).post(
        gap_url(towns, row, towns.versmold),
        {"action": "new", "recommendation": recommendation.pk, "text": "Kurs einrichten"},
    )
    assert ChangeEntry.objects.filter(recommendation=recommendation).exists()


def test_the_ki_links_an_existing_step(towns, client_for):
    row = childcare_row(towns)
    step = SubStepFactory(
        recommendation=RecommendationFactory(challenge__field__region=towns.region)
    )
    client_for(towns.ki_coordinator).post(
        gap_url(towns, row, towns.versmold), {"action": "link", "step": step.pk}
    )
    assert GapStep.objects.filter(row=row, area=towns.versmold, step=step).exists()


def test_an_officer_may_not_turn_a_gap_into_a_step(towns, client_for):
    row = childcare_row(towns)
    recommendation = RecommendationFactory(challenge__field__region=towns.region)
    response = client_for(towns.officer_verl).post(
        gap_url(towns, row, towns.verl),
        {"action": "new", "recommendation": recommendation.pk, "text": "Kurs"},
    )
    assert response.status_code == 403


def test_a_step_of_another_regions_plan_cannot_be_linked(towns, client_for):
    row = childcare_row(towns)
    foreign = SubStepFactory(
        recommendation=RecommendationFactory(challenge__field__region=towns.other_region)
    )
    response = client_for(towns.ki_coordinator).post(
        gap_url(towns, row, towns.versmold), {"action": "link", "step": foreign.pk}
    )
    assert response.status_code == 400


def test_the_history_page_shows_the_snapshots(towns, client_for):
    childcare_row(towns)
    take_snapshot(towns.region)
    url = reverse("coverage_staff:history", kwargs={"region": towns.region.slug})
    response = client_for(towns.ki_coordinator).get(url)
    assert len(response.context["snapshots"]) == 1


# --- The offer's kind of work -----------------------------------------------------------


def test_the_offer_form_saves_the_kind_of_work(towns, client_for):
    offer = course(towns)
    url = reverse(
        "directory_staff:offer_edit", kwargs={"region": towns.region.slug, "pk": offer.pk}
    )
    client_for(towns.ki_coordinator).post(
        url,
        {
            "title": "Sprachwerkstatt",
            "orientation": "networking",
            "expected_version": offer.version,
        },
    )
    offer.refresh_from_db()
    assert (offer.orientation, offer.childcare) == ("networking", False)
