"""Operations across records with side effects: answering an opportunity, recording hours,
deleting a volunteer on her request, registering for a training, and the attendance
certificate. Views call these and only shape the answer."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from ankommen.core.actor import Actor
from ankommen.core.audit import Action, audit
from ankommen.core.once import create_once
from ankommen.core.pdf import Document
from ankommen.volunteering.models import (
    Answer,
    Engagement,
    HoursEntry,
    Opportunity,
    Training,
    TrainingRegistration,
    Volunteer,
)


class RegistrationRefused(Exception):
    """A training registration that cannot be made; the message says why."""


def answer_create(
    *,
    opportunity: Opportunity,
    name: str,
    email: str,
    phone: str,
    languages: str,
    message: str,
    language: str,
    submission_key: uuid.UUID | None,
) -> tuple[Answer, bool]:
    """Stores a resident's answer once, however often the form is sent."""
    return create_once(
        Answer.objects.all(),
        submission_key,
        lambda: Answer.objects.create(
            opportunity=opportunity,
            name=name,
            email=email,
            phone=phone,
            languages=languages,
            message=message,
            language=language,
            submission_key=submission_key,
        ),
    )


def hours_record(
    *,
    volunteer: Volunteer,
    date: dt.date,
    hours: Decimal,
    note: str = "",
    engagement: Engagement | None = None,
    by,
    submission_key: uuid.UUID | None = None,
) -> tuple[HoursEntry, bool]:
    """Records hours after checking them (positive, at most a day, not in the future)."""
    entry = HoursEntry(
        volunteer=volunteer,
        engagement=engagement,
        date=date,
        hours=hours,
        note=note,
        recorded_by=by,
        submission_key=submission_key,
    )
    entry.full_clean(exclude=["submission_key"])

    def create() -> HoursEntry:
        entry.save()
        return entry

    return create_once(HoursEntry.objects.all(), submission_key, create)


def volunteer_erase(*, volunteer: Volunteer, actor: Actor) -> None:
    """Deletes the volunteer's record with her hours, engagements and training
    registrations, on her request. The audit log keeps that it happened, not who she was."""
    with transaction.atomic():
        audit(actor, Action.DELETE, volunteer, reason="deletion requested by the volunteer")
        volunteer.delete()


def training_register(*, training: Training, volunteer: Volunteer) -> TrainingRegistration:
    """Registers a volunteer of the training's region while places are left."""
    if volunteer.region_id != training.region_id:
        raise RegistrationRefused(_("This training is for volunteers of another region."))
    if training.is_past():
        raise RegistrationRefused(_("This training has already taken place."))
    with transaction.atomic():
        # One registration at a time per training, so the last place is given once.
        Training.objects.select_for_update().get(pk=training.pk)
        existing = training.registrations.filter(volunteer=volunteer).first()
        if existing is not None:
            return existing
        if training.registrations.count() >= training.capacity:
            raise RegistrationRefused(_("This training is fully booked."))
        return TrainingRegistration.objects.create(training=training, volunteer=volunteer)


def attendance_certificate(registration: TrainingRegistration, *, language: str = "de") -> bytes:
    """The certificate of attendance as a PDF, in the interface language given."""
    training = registration.training
    with translation.override(language):
        title = _("Certificate of attendance")
        pdf = Document(title, language=language, rtl=translation.get_language_bidi())
        pdf.add_page()
        pdf.ln(20)
        pdf.write_heading(title, size=20, line_height=12)
        pdf.ln(10)
        pdf.write_paragraph(
            _(
                "%(name)s took part in the training “%(training)s” on %(date)s "
                "(%(hours)s hours) in %(place)s."
            )
            % {
                "name": registration.volunteer.name,
                "training": training.title,
                "date": formats.date_format(timezone.localtime(training.starts_at), "DATE_FORMAT"),
                "hours": formats.localize(training.hours),
                "place": training.place,
            },
            size=12,
            line_height=7,
        )
        if training.description:
            pdf.ln(4)
            pdf.write_paragraph(training.description, size=10)
        pdf.ln(16)
        pdf.write_paragraph(
            _("Issued by %(organisation)s on %(date)s.")
            % {
                "organisation": training.organisation.name,
                "date": formats.date_format(timezone.localdate(), "DATE_FORMAT"),
            },
            size=10,
        )
        return pdf.to_bytes()
