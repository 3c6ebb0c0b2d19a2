"""What a mediator keeps up herself on "Meine Einsätze": her appointments as calendar
files, her weekly availability and absences, and the reminder before her evidence
expires.

The rules live here, the views only call them: `assignment_calendar` (one iCalendar file
per confirmed appointment), `replace_availability` and `add_absence` (optimistic locking on
the mediator's `version`: she and a coordinator in the back office may edit at the same
time) and `remind_expiring_evidence` (daily, idempotent: one mail per piece of evidence
and expiry date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vText

from ankommen.core.links import absolute_url
from ankommen.mediation.models import (
    EVIDENCE_REMINDER_DAYS,
    Absence,
    Assignment,
    Evidence,
    Mediator,
    Mode,
    WeeklyAvailability,
)
from ankommen.outbox.mail import queue_mail

__all__ = [
    "add_absence",
    "assignment_calendar",
    "expiring_evidence",
    "remind_expiring_evidence",
    "remove_absence",
    "replace_availability",
]


def assignment_calendar(assignment: Assignment) -> bytes:
    """An iCalendar file with the one appointment, for the mediator's phone calendar.
    It carries what she needs on the day: organisation, address and room, contact."""
    request = assignment.request
    calendar = Calendar()
    calendar.add("prodid", "-//ankommen//Sprachmittlung//DE")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"mediation-assignment-{assignment.pk}@ankommen")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", assignment.starts_at)
    event.add("dtend", assignment.ends_at)
    event.add(
        "summary",
        _("Language mediation %(language)s: %(organisation)s")
        % {"language": request.language.label(), "organisation": request.organisation.name},
    )
    if request.mode == Mode.IN_PERSON:
        where = [request.address(), request.room]
        if request.place_area and request.place_area.name not in request.address():
            where.append(request.place_area.name)
        event.add("location", vText(", ".join(part for part in where if part)))
    lines = [
        f"{_('Organisation')}: {request.organisation.name}",
        f"{_('Kind of appointment')}: {request.get_setting_display()}, "
        f"{request.get_mode_display()}",
        f"{_('Topic')}: {request.topic}",
    ]
    if request.room:
        lines.append(f"{_('Room')}: {request.room}")
    phone = request.contact_phone_or_organisation()
    if request.contact_name or phone:
        contact = ", ".join(part for part in (request.contact_name, phone) if part)
        lines.append(f"{_('Contact on site')}: {contact}")
    event.add("description", "\n".join(lines))
    event.add("status", "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()


def replace_availability(
    mediator: Mediator,
    windows: Iterable[tuple[int, dt.time, dt.time]],
    *,
    expected_version: int,
) -> None:
    """Her weekly windows become `windows`, all at once, if nobody changed her record since
    she opened the form (else ConflictError, nothing written)."""
    with transaction.atomic():
        mediator.save_checked(expected_version=expected_version, update_fields=["version"])
        mediator.availability.all().delete()
        WeeklyAvailability.objects.bulk_create(
            WeeklyAvailability(mediator=mediator, weekday=day, starts=starts, ends=ends)
            for day, starts, ends in windows
        )


def add_absence(
    mediator: Mediator, first_day: dt.date, last_day: dt.date, *, expected_version: int
) -> Absence:
    with transaction.atomic():
        mediator.save_checked(expected_version=expected_version, update_fields=["version"])
        return Absence.objects.create(mediator=mediator, first_day=first_day, last_day=last_day)


def remove_absence(mediator: Mediator, absence_id: int, *, expected_version: int) -> None:
    """Remove one of her own absences; another's id is not found (LookupError)."""
    with transaction.atomic():
        absence = Absence.objects.filter(mediator=mediator, pk=absence_id).first()
        if absence is None:
            raise LookupError(absence_id)
        mediator.save_checked(expected_version=expected_version, update_fields=["version"])
        absence.delete()


def expiring_evidence(day: dt.date) -> list[Evidence]:
    """Evidence of active mediators that ends within EVIDENCE_REMINDER_DAYS of `day`
    and whose reminder for that end date has not been sent."""
    candidates = (
        Evidence.objects.filter(
            valid_until__gte=day,
            valid_until__lte=day + dt.timedelta(days=EVIDENCE_REMINDER_DAYS),
            mediator__status__in=[Mediator.Status.ACTIVE, Mediator.Status.PAUSED],
        )
        .select_related("mediator__region", "mediator__user")
        .order_by("valid_until", "pk")
    )
    return [e for e in candidates if e.reminded_for != e.valid_until]


def remind_expiring_evidence(*, today: dt.date | None = None) -> list[Evidence]:
    """Mail each mediator whose evidence ends within 30 days, once per piece of evidence
    and end date: run it daily; a second run on the same day sends nothing. Renewed
    evidence (a new end date) is reminded of again when that date nears."""
    day = today or timezone.localdate()
    reminded = []
    for evidence in expiring_evidence(day):
        mediator = evidence.mediator
        with transaction.atomic():
            # Locked and read again: two runs at once send one mail.
            locked = Evidence.objects.select_for_update().get(pk=evidence.pk)
            if locked.reminded_for == locked.valid_until:
                continue
            with translation.override("de"):
                page = absolute_url(
                    reverse("mediation:my_assignments", kwargs={"region": mediator.region.slug})
                )
                queue_mail(
                    _("Your %(evidence)s ends on %(date)s")
                    % {
                        "evidence": locked.get_kind_display(),
                        "date": locked.valid_until.strftime("%d.%m.%Y"),
                    },
                    _(
                        "Hello %(name)s,\n\nyour %(evidence)s is valid until %(date)s. "
                        "Please bring or send a new one to the KI in time: without it you "
                        "are not offered appointments after that day.\n\n"
                        "Your appointments and papers: %(url)s\n"
                    )
                    % {
                        "name": mediator.name,
                        "evidence": locked.get_kind_display(),
                        "date": locked.valid_until.strftime("%d.%m.%Y"),
                        "url": page,
                    },
                    None,
                    [mediator.email],
                )
            locked.reminded_for = locked.valid_until
            locked.save(update_fields=["reminded_for"])
            reminded.append(locked)
    return reminded
