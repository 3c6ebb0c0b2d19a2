"""Bad input is refused with a clear message and changes nothing."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ankommen.mediation.models import Assignment, MediationRequest, Mode
from ankommen.mediation.services import MediationError, accept, assign_directly, send_offers
from ankommen.mediation.tests.factories import MediationRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def _form(pool, **changes):
    day = timezone.localdate() + dt.timedelta(days=21)
    data = {
        "organisation": pool.school.pk,
        "language": "bg",
        "tier": "volunteer",
        "setting": "school",
        "mode": "in_person",
        "place_area": pool.rheda.pk,
        "duration_minutes": 60,
        "urgency": "normal",
        "topic": "Elternabend",
        "names_nobody": "on",
        "date": day.isoformat(),
        "time": "18:00",
    }
    data.update(changes)
    return data


def _post(cast, user, client_for, data):
    url = reverse("mediation:request_new", kwargs={"region": cast.region.slug})
    return client_for(user).post(url, data)


def test_a_request_in_the_past_is_refused(cast, pool, client_for):
    response = _post(cast, pool.teacher, client_for, _form(pool, date="2020-01-01"))
    assert response.status_code == 200
    assert "The appointment lies in the past." in response.context["form"].errors["date"]
    assert not MediationRequest.objects.exists()


def test_an_unknown_language_is_refused(cast, pool, client_for):
    response = _post(cast, pool.teacher, client_for, _form(pool, language="xx"))
    assert "not in the mediation language list" in response.context["form"].errors["language"][0]
    assert not MediationRequest.objects.exists()


def test_a_request_inside_the_lead_time_is_refused(cast, pool, client_for):
    soon = timezone.localdate() + dt.timedelta(days=2)
    response = _post(cast, pool.teacher, client_for, _form(pool, date=soon.isoformat()))
    assert "working days' notice" in response.context["form"].errors["date"][0]
    assert not MediationRequest.objects.exists()


def test_a_requester_cannot_override_the_lead_time(cast, pool, client_for):
    soon = timezone.localdate() + dt.timedelta(days=2)
    _post(
        cast,
        pool.teacher,
        client_for,
        _form(pool, date=soon.isoformat(), override_reason="eilig"),
    )
    assert not MediationRequest.objects.exists()


def test_a_coordinator_overrides_the_lead_time_with_a_reason(cast, pool, client_for):
    soon = timezone.localdate() + dt.timedelta(days=2)
    _post(
        cast,
        cast.ki_coordinator,
        client_for,
        _form(pool, date=soon.isoformat(), override_reason="Kinderschutz, heute gemeldet"),
    )
    request = MediationRequest.objects.get()
    assert request.lead_time_override_reason == "Kinderschutz, heute gemeldet"
    assert request.lead_time_override_by == cast.ki_coordinator


def test_a_topic_with_a_date_of_birth_is_refused(cast, pool, client_for):
    response = _post(cast, pool.teacher, client_for, _form(pool, topic="Ivan P., geb. 03.04.2015"))
    assert "personal data" in response.context["form"].errors["topic"][0]
    assert not MediationRequest.objects.exists()


def test_a_requester_cannot_request_for_another_organisation(cast, pool, client_for):
    response = _post(cast, pool.teacher, client_for, _form(pool, organisation=pool.other_school.pk))
    assert "organisation" in response.context["form"].errors
    assert not MediationRequest.objects.exists()


def test_in_person_without_a_town_is_refused(cast, pool, client_for):
    response = _post(cast, pool.teacher, client_for, _form(pool, place_area=""))
    assert "place_area" in response.context["form"].errors
    assert not MediationRequest.objects.exists()


def test_a_mediator_booked_twice_for_overlapping_times_is_refused(cast, pool):
    first = MediationRequestFactory(
        region=cast.region,
        organisation=pool.school,
        language=pool.bulgarian,
        place_area=pool.rheda,
    )
    overlapping = MediationRequestFactory(
        region=cast.region,
        organisation=pool.school,
        language=pool.bulgarian,
        place_area=pool.rheda,
        starts_at=first.starts_at + dt.timedelta(minutes=30),
    )
    mediator = pool.volunteers[0]
    assign_directly(first, mediator, by_user=cast.ki_coordinator)

    with pytest.raises(MediationError, match="already booked"):
        assign_directly(overlapping, mediator, by_user=cast.ki_coordinator)

    overlapping.refresh_from_db()
    assert overlapping.status == MediationRequest.Status.REQUESTED
    assert Assignment.objects.filter(mediator=mediator).count() == 1


def test_double_booking_through_the_page_shows_the_message(cast, pool, client_for):
    first = MediationRequestFactory(
        region=cast.region,
        organisation=pool.school,
        language=pool.bulgarian,
        mode=Mode.PHONE,
        place_area=None,
    )
    second = MediationRequestFactory(
        region=cast.region,
        organisation=pool.school,
        language=pool.bulgarian,
        mode=Mode.PHONE,
        place_area=None,
        starts_at=first.starts_at,
    )
    mediator = pool.volunteers[1]
    assign_directly(first, mediator, by_user=cast.ki_coordinator)
    response = client_for(cast.ki_coordinator).post(
        reverse("mediation:request_assign", kwargs={"region": cast.region.slug, "pk": second.pk}),
        {"mediator": mediator.pk},
        follow=True,
    )
    assert "already booked" in response.content.decode()
    assert not second.assignments.exists()


def test_accepting_after_someone_else_won_is_told_and_changes_nothing(cast, pool):
    request = MediationRequestFactory(
        region=cast.region,
        organisation=pool.school,
        language=pool.bulgarian,
        place_area=pool.rheda,
    )
    first, second = send_offers(request)[:2]
    assert accept(first.pk).won
    late = accept(second.pk)
    assert not late.won
    assert "another mediator accepted" in late.message
    assert Assignment.objects.get(request=request).mediator == first.mediator
