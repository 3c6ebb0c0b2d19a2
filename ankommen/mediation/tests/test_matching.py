"""The hard filters and the ranking, one rule per test (guide, section 6A)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from ankommen.mediation.matching import (
    EXCLUSION_REASONS,
    HARD_FILTERS,
    PythonEngine,
    SqlEngine,
    engine,
    python,
    sql,
)
from ankommen.mediation.models import (
    Absence,
    Assignment,
    AssignmentOffer,
    Evidence,
    Mediator,
    Mode,
    RequestSeries,
    Setting,
    Tier,
    WeeklyAvailability,
)
from ankommen.mediation.services import decline, send_offers
from ankommen.mediation.tests.factories import MediationRequestFactory, MediatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_request(cast, pool):
    def make(**values):
        values.setdefault("place_area", pool.rheda)
        return MediationRequestFactory(
            region=cast.region, organisation=pool.school, language=pool.bulgarian, **values
        )

    return make


def _names(matcher, request):
    return [c.mediator.name for c in matcher(request).candidates]


def _book(mediator, start, minutes=60, in_person=True, **values):
    request = MediationRequestFactory(
        region=mediator.region,
        language=mediator.languages.first().language,
        starts_at=start,
        duration_minutes=minutes,
        **values,
    )
    return Assignment.objects.create(
        request=request,
        mediator=mediator,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=minutes),
        in_person=in_person,
    )


def test_every_candidate_carries_reasons_for_its_rank(make_request, matcher):
    candidates = matcher(make_request()).candidates
    assert len(candidates) == 4
    assert all(len(c.reasons) >= 3 for c in candidates)
    assert any("km" in reason for reason in candidates[0].reasons)


def test_a_mediator_without_the_language_is_not_proposed(make_request, pool, matcher):
    MediatorFactory(region=pool.school.region, home_area=pool.rheda, speaks=["ro"], name="Ro")
    assert "Ro" not in _names(matcher, make_request())


def test_an_expired_certificate_of_good_conduct_excludes_a_volunteer(make_request, pool, matcher):
    request = make_request()
    Evidence.objects.filter(mediator=pool.volunteers[0], kind=Evidence.Kind.GOOD_CONDUCT).update(
        valid_until=timezone.localdate() + dt.timedelta(days=1)
    )
    assert pool.volunteers[0].name not in _names(matcher, request)


def test_evidence_that_starts_after_the_day_does_not_count(make_request, pool, matcher):
    request = make_request()
    Evidence.objects.filter(mediator=pool.volunteers[0]).update(
        valid_from=timezone.localdate(request.starts_at) + dt.timedelta(days=1)
    )
    assert pool.volunteers[0].name not in _names(matcher, request)


def test_medical_requests_go_to_no_volunteer_without_specialist_training(
    make_request, pool, matcher
):
    request = make_request(setting=Setting.MEDICAL)
    for mediator in pool.volunteers:
        mediator.allowed_settings = [*mediator.allowed_settings, "medical"]
        mediator.save()
    assert _names(matcher, request) == []
    Evidence.objects.create(
        mediator=pool.volunteers[1],
        kind=Evidence.Kind.SPECIALIST_TRAINING,
        setting=Setting.MEDICAL,
        valid_from=dt.date(2024, 1, 1),
    )
    assert _names(matcher, request) == [pool.volunteers[1].name]


def test_psychotherapy_is_never_offered_to_volunteers(make_request, pool, matcher):
    request = make_request(setting=Setting.PSYCHOTHERAPY)
    proposal = matcher(request)
    assert proposal.candidates == []
    assert proposal.main_exclusion == "setting"


def test_the_professional_tier_gets_the_professional(make_request, pool, matcher):
    request = make_request(setting=Setting.MEDICAL, tier=Tier.PROFESSIONAL)
    assert _names(matcher, request) == [pool.professional.name]


def test_a_paused_or_absent_mediator_is_not_proposed(make_request, pool, matcher):
    request = make_request()
    day = timezone.localdate(request.starts_at)
    Mediator.objects.filter(pk=pool.volunteers[0].pk).update(status="paused")
    Absence.objects.create(mediator=pool.volunteers[1], first_day=day, last_day=day)
    names = _names(matcher, request)
    assert pool.volunteers[0].name not in names
    assert pool.volunteers[1].name not in names


def test_a_pause_that_ended_before_the_day_no_longer_counts(make_request, pool, matcher):
    request = make_request()
    Mediator.objects.filter(pk=pool.volunteers[0].pk).update(
        status="paused", paused_until=timezone.localdate()
    )
    assert pool.volunteers[0].name in _names(matcher, request)


def test_weekly_availability_outside_the_appointment_excludes(make_request, pool, matcher):
    request = make_request()
    weekday = timezone.localtime(request.starts_at).weekday()
    WeeklyAvailability.objects.create(
        mediator=pool.volunteers[0], weekday=weekday, starts=dt.time(8), ends=dt.time(12)
    )
    WeeklyAvailability.objects.create(
        mediator=pool.volunteers[1], weekday=weekday, starts=dt.time(16), ends=dt.time(20)
    )
    names = _names(matcher, request)
    assert pool.volunteers[0].name not in names
    assert pool.volunteers[1].name in names


def test_a_mediator_without_the_mode_is_not_proposed(make_request, pool, matcher):
    request = make_request(mode=Mode.VIDEO, place_area=None)
    Mediator.objects.filter(pk=pool.volunteers[0].pk).update(by_video=True)
    assert _names(matcher, request) == [pool.volunteers[0].name]


def test_a_mediator_beyond_her_travel_radius_is_not_proposed_in_person(make_request, pool, matcher):
    Mediator.objects.filter(pk=pool.volunteers[1].pk).update(travel_radius_km=5)
    assert pool.volunteers[1].name not in _names(matcher, make_request())
    assert pool.volunteers[1].name in _names(
        matcher, make_request(mode=Mode.PHONE, place_area=None)
    )


def test_an_on_site_job_within_the_travel_buffer_excludes_but_phone_is_fine(
    make_request, pool, cast, matcher
):
    start = (timezone.now() + dt.timedelta(days=10)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    _book(pool.volunteers[0], start, 60, organisation=pool.school, place_area=cast.verl)
    later = start + dt.timedelta(minutes=70)
    assert pool.volunteers[0].name not in _names(matcher, make_request(starts_at=later))
    remote_earlier = _book(pool.volunteers[1], start, 60, in_person=False, organisation=pool.school)
    assert remote_earlier
    phone = make_request(starts_at=later, mode=Mode.PHONE, place_area=None)
    assert pool.volunteers[1].name in _names(matcher, phone)


def test_a_mediator_over_her_monthly_cap_is_not_proposed(make_request, pool, matcher):
    request = make_request(duration_minutes=120)
    month_start = timezone.localtime(request.starts_at).replace(day=1, hour=8, minute=0)
    Mediator.objects.filter(pk=pool.volunteers[0].pk).update(monthly_hour_cap=Decimal("8"))
    _book(pool.volunteers[0], month_start, 420, organisation=pool.school)
    proposal = matcher(request)
    assert pool.volunteers[0].name not in [c.mediator.name for c in proposal.candidates]
    assert proposal.excluded["cap"] == 1


def test_the_cap_reads_the_months_hours_to_a_tenth_half_to_even(make_request, pool, matcher):
    # 7 h 03 min is 7.05 h: half to even makes it 7.0, and 7.0 + 1 h stays within a cap of 8.
    request = make_request(duration_minutes=60)
    month_start = timezone.localtime(request.starts_at).replace(day=1, hour=8, minute=0)
    Mediator.objects.filter(pk=pool.volunteers[0].pk).update(monthly_hour_cap=Decimal("8"))
    _book(pool.volunteers[0], month_start, 7 * 60 + 3, organisation=pool.school)
    assert pool.volunteers[0].name in _names(matcher, request)


def test_less_load_ranks_higher(make_request, pool, matcher):
    request = make_request()
    a, b = pool.volunteers[0], pool.volunteers[2]  # both live in Rheda-Wiedenbrück
    # Without caps, so that the load (not the cap of the month) decides.
    Mediator.objects.filter(pk__in=[a.pk, b.pk]).update(monthly_hour_cap=None)
    earlier = request.starts_at - dt.timedelta(days=20)
    _book(a, earlier, 12 * 60 // 2, organisation=pool.school)
    _book(a, earlier + dt.timedelta(days=1), 12 * 60 // 2, organisation=pool.school)
    _book(b, earlier + dt.timedelta(days=2), 120, organisation=pool.school)
    names = _names(matcher, request)
    assert names.index(b.name) < names.index(a.name)


def test_a_mediator_assigned_yesterday_ranks_below_one_never_assigned(make_request, pool, matcher):
    request = make_request()
    a, b = pool.volunteers[0], pool.volunteers[2]  # both live in Rheda-Wiedenbrück
    Mediator.objects.filter(pk=a.pk).update(last_assigned_at=timezone.now() - dt.timedelta(days=1))
    names = _names(matcher, request)
    assert names.index(b.name) < names.index(a.name)


def test_continuity_in_a_series_puts_its_mediator_first(make_request, pool, cast, matcher):
    series = RequestSeries.objects.create(
        region=cast.region, organisation=pool.school, title="Förderplan"
    )
    busy = pool.volunteers[3]
    _book(
        busy,
        timezone.now() - dt.timedelta(days=3),
        120,
        organisation=pool.school,
        series=series,
    )
    request = make_request(series=series, mode=Mode.PHONE, place_area=None)
    first = matcher(request).candidates[0]
    assert first.mediator == busy
    assert "already serves this series" in " ".join(first.reasons)


def test_declining_leaves_the_ranking_unchanged(make_request, pool, matcher):
    request = make_request()
    before = [(c.mediator.pk, c.score) for c in matcher(request).candidates]
    offer = send_offers(request)[0]

    decline(offer.pk)

    other = make_request()
    after = [(c.mediator.pk, c.score) for c in matcher(other).candidates]
    assert after == before
    assert AssignmentOffer.objects.get(pk=offer.pk).status == AssignmentOffer.Status.DECLINED


def test_when_everybody_declined_the_next_wave_goes_out(make_request, pool, matcher):
    request = make_request()
    offers = send_offers(request)
    for offer in offers:
        decline(offer.pk)
    assert request.offers.filter(status=AssignmentOffer.Status.OPEN).count() == 1


def test_a_request_nobody_can_take_is_counted_unmet_with_its_reason(make_request, pool, matcher):
    request = make_request(setting=Setting.LEGAL)
    assert send_offers(request) == []
    request.refresh_from_db()
    assert request.status == "unmet"
    assert request.unmet_reason == "setting"


def test_every_reason_for_leaving_someone_out_has_a_hard_filter():
    assert {hard.reason for hard in HARD_FILTERS} | {"language"} == set(EXCLUSION_REASONS)


def test_both_engines_apply_every_hard_filter_in_the_one_order():
    order = [hard.name for hard in HARD_FILTERS]
    assert [*sql.POOL_FAILS, *sql.BOOKED_FAILS] == order
    assert [*python.OWN_COLUMNS_FAIL, *python.RECORDS_FAIL, *python.BOOKINGS_FAIL] == order


def test_postgresql_gets_the_sql_engine_and_other_databases_the_python_engine(monkeypatch):
    assert isinstance(engine(), SqlEngine)
    monkeypatch.setattr(connection, "vendor", "sqlite")
    assert isinstance(engine(), PythonEngine)
