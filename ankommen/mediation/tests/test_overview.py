"""The KI's overview: coverage, load warnings, expiring evidence, statistics."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from ankommen.mediation import overview
from ankommen.mediation.models import Assignment, Evidence, MediationRequest, Mediator
from ankommen.mediation.tests.factories import MediationRequestFactory, MediatorFactory

pytestmark = pytest.mark.django_db


def test_a_language_with_one_active_mediator_is_flagged(cast, pool):
    MediatorFactory(region=cast.region, home_area=pool.rheda, speaks=["ti"])
    rows = {row.language.code: row for row in overview.coverage(cast.region, timezone.localdate())}
    assert rows["ti"].thin
    assert not rows["bg"].thin
    assert rows["bg"].volunteers == 4 and rows["bg"].professionals == 1


def test_a_mediator_with_expired_confidentiality_is_not_active(cast, pool):
    MediatorFactory(region=cast.region, home_area=pool.rheda, speaks=["ti"], evidence=False)
    rows = {row.language.code: row for row in overview.coverage(cast.region, timezone.localdate())}
    assert "ti" not in rows


def test_unmet_requests_are_counted_by_language_and_reason(cast, pool):
    MediationRequestFactory(
        region=cast.region,
        organisation=pool.school,
        language=pool.bulgarian,
        status=MediationRequest.Status.UNMET,
        unmet_reason="cap",
    )
    [row] = [r for r in overview.coverage(cast.region, timezone.localdate()) if r.unmet]
    assert row.unmet == {"monthly hour cap reached": 1}


def test_a_mediator_at_her_cap_gets_a_warning(cast, pool, settings):
    settings.LANGUAGE_CODE = "en"
    mediator = pool.volunteers[0]
    Mediator.objects.filter(pk=mediator.pk).update(monthly_hour_cap=Decimal("2"))
    now = timezone.localtime()
    start = now.replace(day=1, hour=9, minute=0)
    request = MediationRequestFactory(region=cast.region, organisation=pool.school, starts_at=start)
    Assignment.objects.create(
        request=request,
        mediator=mediator,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
    )
    rows = {row.mediator.pk: row for row in overview.load(cast.region, now)}
    assert "cap reached" in rows[mediator.pk].warnings


def test_four_busy_weeks_in_a_row_give_a_warning(cast, pool, settings):
    settings.LANGUAGE_CODE = "en"
    mediator = pool.volunteers[1]
    now = timezone.localtime()
    for weeks in range(4):
        start = now - dt.timedelta(weeks=weeks, minutes=5)
        request = MediationRequestFactory(
            region=cast.region, organisation=pool.school, starts_at=start
        )
        Assignment.objects.create(
            request=request,
            mediator=mediator,
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=1),
        )
    rows = {row.mediator.pk: row for row in overview.load(cast.region, now)}
    assert rows[mediator.pk].busy_weeks == 4
    assert "4 busy weeks in a row" in rows[mediator.pk].warnings


def test_evidence_ending_within_30_days_without_successor_is_listed(cast, pool):
    today = timezone.localdate()
    ending = Evidence.objects.filter(mediator=pool.volunteers[0], kind=Evidence.Kind.GOOD_CONDUCT)
    ending.update(valid_until=today + dt.timedelta(days=10))
    renewed = Evidence.objects.filter(mediator=pool.volunteers[1], kind="good_conduct")
    renewed.update(valid_until=today + dt.timedelta(days=10))
    Evidence.objects.create(
        mediator=pool.volunteers[1],
        kind="good_conduct",
        valid_from=today,
        valid_until=today + dt.timedelta(days=1000),
    )
    listed = overview.expiring_evidence(cast.region, today)
    assert [e.mediator for e in listed] == [pool.volunteers[0]]


def test_statistics_hold_counts_only(cast, pool):
    MediationRequestFactory(region=cast.region, organisation=pool.school, language=pool.bulgarian)
    stats = overview.statistics(cast.region)
    assert stats["requests"] == 1
    assert stats["by_language"] == [("Bulgarisch", 1)]
    flat = repr(stats)
    assert "Elternabend" not in flat and pool.school.name not in flat


def test_a_mediator_whose_confidentiality_declaration_expired_is_not_active(cast, pool):
    Evidence.objects.filter(mediator=pool.volunteers[0], kind=Evidence.Kind.CONFIDENTIALITY).update(
        valid_until=timezone.localdate() - dt.timedelta(days=1)
    )
    assert pool.volunteers[0].pk not in overview.active_mediator_ids(
        cast.region, timezone.localdate()
    )
