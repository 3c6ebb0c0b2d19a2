"""Cancellation, outcome, feedback and reminders."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from ankommen.mediation.models import (
    Assignment,
    AssignmentFeedback,
    MediationRequest,
    Mediator,
    Mode,
    Tier,
)
from ankommen.mediation.services import (
    MediationError,
    assign_directly,
    cancel,
    give_feedback,
    record_outcome,
)
from ankommen.mediation.tests.factories import MediationRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(cast, pool):
    def make(mediator=None, *, starts_at=None, **values):
        values.setdefault("place_area", pool.rheda)
        request = MediationRequestFactory(
            region=cast.region,
            organisation=pool.school,
            language=pool.bulgarian,
            requested_by=pool.teacher,
            starts_at=starts_at or timezone.now() + dt.timedelta(days=5),
            **values,
        )
        return assign_directly(request, mediator or pool.volunteers[0], by_user=cast.ki_coordinator)

    return make


def test_a_professional_cancelled_12_hours_ahead_by_the_requester_is_billable(booked, pool):
    assignment = booked(pool.professional, tier=Tier.PROFESSIONAL)
    cancelled = cancel(
        assignment.request, by="requester", now=assignment.starts_at - dt.timedelta(hours=12)
    )
    assert cancelled.cancellation_billable
    assert cancelled.cancelled_by == "requester"


def test_a_professional_cancelled_48_hours_ahead_is_not_billable(booked, pool):
    assignment = booked(pool.professional, tier=Tier.PROFESSIONAL)
    cancelled = cancel(
        assignment.request, by="requester", now=assignment.starts_at - dt.timedelta(hours=48)
    )
    assert not cancelled.cancellation_billable


def test_a_late_volunteer_cancellation_is_never_billable(
    booked, django_capture_on_commit_callbacks
):
    assignment = booked()
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = cancel(
            assignment.request, by="requester", now=assignment.starts_at - dt.timedelta(hours=2)
        )
    assert not cancelled.cancellation_billable
    assert (
        MediationRequest.objects.get(pk=assignment.request_id).status
        == MediationRequest.Status.CANCELLED
    )
    assert mail.outbox[-1].to == [assignment.mediator.email]


def test_a_cancelled_request_cannot_be_cancelled_again(booked):
    assignment = booked()
    cancel(assignment.request, by="requester")
    with pytest.raises(MediationError):
        cancel(assignment.request, by="requester")


def test_the_mediator_is_free_again_after_a_cancellation(booked, pool):
    assignment = booked()
    cancel(assignment.request, by="coordinator")
    again = booked(starts_at=assignment.starts_at)
    assert again.mediator == pool.volunteers[0]


def test_a_mediator_no_show_is_counted_but_never_deactivates(booked):
    assignment = booked(starts_at=timezone.now() - dt.timedelta(hours=3))
    record_outcome(assignment, status=Assignment.Status.NO_SHOW_MEDIATOR)
    mediator = Mediator.objects.get(pk=assignment.mediator_id)
    assert mediator.mediator_no_shows == 1
    assert mediator.status == Mediator.Status.ACTIVE


def test_an_outcome_before_the_appointment_is_refused(booked):
    assignment = booked()
    with pytest.raises(MediationError):
        record_outcome(assignment, status=Assignment.Status.DONE)
    assert Assignment.objects.get(pk=assignment.pk).status == Assignment.Status.CONFIRMED


def test_done_with_minutes_and_kilometres_closes_the_request(booked):
    assignment = booked(starts_at=timezone.now() - dt.timedelta(hours=3))
    record_outcome(assignment, status=Assignment.Status.DONE, minutes=75, km=Decimal("12.5"))
    assignment.refresh_from_db()
    assert (assignment.minutes_worked, assignment.travel_km) == (75, Decimal("12.5"))
    assert assignment.request.status == MediationRequest.Status.DONE


def test_both_sides_give_feedback_once(booked):
    assignment = booked(starts_at=timezone.now() - dt.timedelta(hours=3))
    record_outcome(assignment, status=Assignment.Status.DONE)
    give_feedback(assignment, side="requester", rating=5, comment="sehr hilfreich")
    give_feedback(assignment, side="mediator", rating=4)
    with pytest.raises(MediationError):
        give_feedback(assignment, side="mediator", rating=1)
    assert AssignmentFeedback.objects.filter(assignment=assignment).count() == 2


def test_the_reminder_command_mails_tomorrows_appointments_once(
    booked, pool, django_capture_on_commit_callbacks
):
    tomorrow = timezone.localtime() + dt.timedelta(days=1)
    assignment = booked(
        starts_at=tomorrow.replace(hour=10, minute=0), mode=Mode.PHONE, place_area=None
    )
    booked(pool.volunteers[1], starts_at=timezone.now() + dt.timedelta(days=3))
    mail.outbox.clear()
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_mediation_reminders", stdout=out)
        call_command("send_mediation_reminders", stdout=out)
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {assignment.mediator.email, pool.teacher.email}
    assert out.getvalue().count("reminded") == 1
