"""The KI's overview: coverage, load warnings, expiring evidence, statistics."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ankommen.mediation import overview
from ankommen.mediation.models import (
    Assignment,
    AssignmentOffer,
    Evidence,
    MediationRequest,
    Mediator,
)
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


# --- What needs the KI first (issue 18) ----------------------------------------------------


def _request(cast, pool, *, days, status=MediationRequest.Status.OFFERED, **values):
    return MediationRequestFactory(
        region=cast.region,
        organisation=pool.school,
        language=pool.bulgarian,
        starts_at=timezone.now() + dt.timedelta(days=days),
        status=status,
        **values,
    )


def _offer(request, mediator, *, hours_ago):
    return AssignmentOffer.objects.create(
        request=request,
        mediator=mediator,
        rank=1,
        sent_at=timezone.now() - dt.timedelta(hours=hours_ago),
    )


def _action(cast):
    return overview.needs_action(cast.region, overview.load(cast.region))


def test_an_offer_nobody_answered_for_a_day_needs_action(cast, pool):
    request = _request(cast, pool, days=10)
    _offer(request, pool.volunteers[0], hours_ago=30)
    assert _action(cast).unanswered == [request]


def test_an_offer_sent_an_hour_ago_does_not_need_action_yet(cast, pool):
    _offer(_request(cast, pool, days=10), pool.volunteers[0], hours_ago=1)
    assert _action(cast).unanswered == []


def test_a_request_starting_tomorrow_without_a_mediator_needs_action_once(cast, pool):
    request = _request(cast, pool, days=1)
    _offer(request, pool.volunteers[0], hours_ago=30)
    action = _action(cast)
    assert (action.starting_soon, action.unanswered) == ([request], [])


def test_a_confirmed_request_starting_tomorrow_needs_nothing(cast, pool):
    _request(cast, pool, days=1, status=MediationRequest.Status.CONFIRMED)
    assert _action(cast).starting_soon == []


def test_another_regions_request_is_not_in_the_list(cast, pool):
    MediationRequestFactory(
        region=cast.other_region,
        starts_at=timezone.now() + dt.timedelta(days=1),
        status=MediationRequest.Status.REQUESTED,
    )
    assert _action(cast).starting_soon == []


def test_evidence_that_expired_long_ago_is_listed_as_expired(cast, pool):
    today = timezone.localdate()
    Evidence.objects.filter(mediator=pool.volunteers[0], kind=Evidence.Kind.GOOD_CONDUCT).update(
        valid_until=today - dt.timedelta(days=90)
    )
    action = _action(cast)
    assert [e.mediator for e in action.expired] == [pool.volunteers[0]]
    assert action.expiring == []


def test_evidence_ending_next_week_is_listed_as_expiring(cast, pool):
    today = timezone.localdate()
    Evidence.objects.filter(mediator=pool.volunteers[0], kind=Evidence.Kind.GOOD_CONDUCT).update(
        valid_until=today + dt.timedelta(days=7)
    )
    action = _action(cast)
    assert ([e.mediator for e in action.expiring], action.expired) == ([pool.volunteers[0]], [])


def test_a_mediator_at_eighty_percent_of_her_cap_needs_action(cast, pool):
    mediator = pool.volunteers[0]
    Mediator.objects.filter(pk=mediator.pk).update(monthly_hour_cap=Decimal("2"))
    start = timezone.localtime().replace(day=1, hour=9, minute=0)
    request = MediationRequestFactory(region=cast.region, organisation=pool.school, starts_at=start)
    Assignment.objects.create(
        request=request, mediator=mediator, starts_at=start, ends_at=start + dt.timedelta(hours=2)
    )
    assert [row.mediator for row in _action(cast).near_cap] == [mediator]


def test_statistics_name_statuses_in_words(cast, pool):
    _request(cast, pool, days=-10, status=MediationRequest.Status.UNMET)
    assert overview.statistics(cast.region)["by_status"] == [("not served", 1)]


def _overview_page(cast, client):
    return client.get(reverse("mediation:overview", kwargs={"region": cast.region.slug}))


def test_the_overview_opens_with_what_needs_action(cast, pool, client_for):
    request = _request(cast, pool, days=1)
    page = _overview_page(cast, client_for(cast.ki_coordinator)).content.decode()
    link = reverse("mediation:request", kwargs={"region": cast.region.slug, "pk": request.pk})
    assert page.index('id="needs-action"') < page.index(link) < page.index('id="load-heading"')


def test_the_overview_says_an_expired_evidence_expired(cast, pool, client_for):
    Evidence.objects.filter(mediator=pool.volunteers[0], kind=Evidence.Kind.GOOD_CONDUCT).update(
        valid_until=dt.date(2025, 1, 31)
    )
    page = _overview_page(cast, client_for(cast.ki_coordinator)).content.decode()
    expired = page[page.index('id="expired"') :]
    assert "expired on" in expired[: expired.index("</ul>")]
    assert 'id="expiring"' not in page


def test_another_regions_coordinator_does_not_get_the_overview(cast, pool, client_for):
    response = _overview_page(cast, client_for(cast.other_coordinator))
    assert response.status_code in (403, 404)
