"""Operations across a body's records with side effects: invitations by e-mail with an
iCalendar file (through the outbox), minutes with optimistic locking, decisions that
create tasks."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from ankommen.core.formats import format_date, format_time
from ankommen.core.links import absolute_url
from ankommen.core.models import ConflictError
from ankommen.core.once import create_once
from ankommen.networks.models import (
    Attendance,
    Decision,
    Invitation,
    Meeting,
    Membership,
    Minutes,
    Task,
)
from ankommen.outbox.mail import queue_mail

# Invitations go out in German, the working language of the bodies.
INVITATION_LANGUAGE = "de"


def meeting_calendar(meeting: Meeting, attendee: str, organiser: str) -> bytes:
    """The meeting as an iCalendar invitation (METHOD:REQUEST) for one attendee."""
    cal = Calendar()
    cal.add("prodid", "-//ankommen//networks//DE")
    cal.add("version", "2.0")
    cal.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{meeting.body.region.slug}.ankommen")
    event.add("summary", f"{meeting.body.name}: {meeting.title}")
    start = timezone.localtime(meeting.starts_at)
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=meeting.duration_minutes))
    event.add("dtstamp", timezone.now())
    if meeting.place:
        event.add("location", meeting.place)
    if meeting.agenda:
        event.add("description", meeting.agenda)
    if organiser:
        event["organizer"] = vCalAddress(f"mailto:{organiser}")
        event["organizer"].params["cn"] = vText(meeting.body.name)
    person = vCalAddress(f"mailto:{attendee}")
    person.params["role"] = vText("REQ-PARTICIPANT")
    person.params["rsvp"] = vText("TRUE")
    event.add("attendee", person, encode=0)
    cal.add_component(event)
    return cal.to_ical()


def invitation_text(meeting: Meeting, invitation: Invitation) -> tuple[str, str]:
    start = timezone.localtime(meeting.starts_at)
    when = f"{format_date(start.date(), 'full')}, {format_time(start)}"
    subject = _("Invitation: %(body)s on %(when)s") % {"body": meeting.body.name, "when": when}
    link = absolute_url(
        reverse(
            "networks:invitation",
            kwargs={
                "region": meeting.body.region.slug,
                "language": INVITATION_LANGUAGE,
                "token": invitation.token,
            },
        )
    )
    lines = [
        _("You are invited to the meeting “%(title)s” of %(body)s.")
        % {"title": meeting.title, "body": meeting.body.name},
        "",
        _("When: %(when)s (%(minutes)s minutes)")
        % {"when": when, "minutes": meeting.duration_minutes},
        _("Where: %(place)s") % {"place": meeting.place or "—"},
        "",
        _("Agenda:"),
        *[f"- {item}" for item in meeting.agenda_items()],
        "",
        _("The calendar file is attached. The meeting online: %(link)s") % {"link": link},
    ]
    return subject, "\n".join(lines)


@transaction.atomic
def meeting_invite(*, meeting: Meeting, by) -> list[str]:
    """Queue one invitation per member with an address (persons, organisations), each
    with the iCalendar file; returns the addresses. A member invited before for this
    meeting is invited again (the time may have changed). Sent after the commit."""
    organiser = getattr(by, "email", "") or (
        meeting.body.convened_by.email if meeting.body.convened_by_id else ""
    )
    sent: list[str] = []
    seen: set[str] = set()
    members = meeting.body.memberships.select_related("user", "organisation")
    with translation.override(INVITATION_LANGUAGE):
        for membership in members:
            address = membership.address()
            if not address or address.lower() in seen:
                continue
            seen.add(address.lower())
            invitation = Invitation.objects.create(
                body=meeting.body,
                meeting=meeting,
                membership=membership,
                email=address,
                meeting_title=meeting.title,
                meeting_starts_at=meeting.starts_at,
            )
            subject, body = invitation_text(meeting, invitation)
            ics = meeting_calendar(meeting, address, organiser)
            queue_mail(
                subject,
                body,
                None,
                [address],
                reply_to=[organiser] if organiser else None,
                attachments=[("einladung.ics", ics.decode(), "text/calendar; method=REQUEST")],
            )
            sent.append(address)
    if sent:
        meeting.invitations_sent_at = timezone.now()
        meeting.save(update_fields=["invitations_sent_at"])
    return sent


@transaction.atomic
def attendance_record(*, meeting: Meeting, statuses: dict[int, str]) -> int:
    """Store present/excused/absent per membership id of the meeting's body; an empty
    status removes the record. Returns how many are recorded."""
    allowed = set(meeting.body.memberships.values_list("pk", flat=True))
    for membership_id, status in statuses.items():
        if membership_id not in allowed:
            continue
        if status in Attendance.Status.values:
            Attendance.objects.update_or_create(
                meeting=meeting, membership_id=membership_id, defaults={"status": status}
            )
        else:
            Attendance.objects.filter(meeting=meeting, membership_id=membership_id).delete()
    return meeting.attendance.count()


def minutes_save(
    *, meeting: Meeting, text: str, is_internal: bool, expected_version: int | None, by
) -> Minutes:
    """Write the minutes. New minutes are created once even when the form is sent twice;
    existing ones only if nobody saved them since `expected_version` (else ConflictError)."""
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
        if minutes is None:
            try:
                with transaction.atomic():
                    return Minutes.objects.create(
                        meeting=meeting, text=text, is_internal=is_internal, written_by=by
                    )
            except IntegrityError:
                # The same form arrived twice at once: the other sending created them.
                minutes = Minutes.objects.select_for_update().get(meeting=meeting)
        if expected_version is None:
            # A second sending of the "new minutes" form: the first one created them.
            if minutes.text == text and minutes.is_internal == is_internal:
                return minutes
            raise ConflictError(minutes.pk)
        minutes.text = text
        minutes.is_internal = is_internal
        minutes.written_by = by
        minutes.save_checked(expected_version=expected_version)
        return minutes


def decision_record(
    *,
    meeting: Meeting,
    submission_key: uuid.UUID | None,
    text: str,
    is_public: bool,
    step=None,
    structural_problem=None,
    task_text: str = "",
    task_owner: Membership | None = None,
    task_due: dt.date | None = None,
) -> tuple[Decision, bool]:
    """A decision of the meeting and, when `task_text` is given, the task it creates
    (linked to the same step and structural problem). Stored once per submission key."""

    def create() -> Decision:
        decision = Decision.objects.create(
            body=meeting.body,
            meeting=meeting,
            text=text,
            is_public=is_public,
            step=step,
            structural_problem=structural_problem,
            submission_key=submission_key,
        )
        if task_text:
            Task.objects.create(
                body=meeting.body,
                decision=decision,
                text=task_text,
                owner=task_owner,
                due_date=task_due,
                step=step,
                structural_problem=structural_problem,
            )
        return decision

    return create_once(Decision.objects.filter(meeting=meeting), submission_key, create)
