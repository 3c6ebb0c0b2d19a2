"""What happens to a request: offers by e-mail with signed links, the first acceptance
wins, direct assignment, cancellation, outcome, feedback and reminders.

Every state change runs in one transaction and locks the request row first
(select_for_update), so two mediators answering at the same moment are served one after
the other; the partial unique constraint on Assignment is the last line of defence.
Mails are queued in the same transaction (ankommen.outbox) and sent after it commits: a
mail server that is down never undoes or hides a change that was made.

Offer links are signed with their time of issue and expire (`offer_from_token`); the offer
mail names neutral facts only, never the topic (see `Offer.shows_topic_to`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ankommen.core.links import absolute_url
from ankommen.mediation.matching import OFFER_WAVE, TRAVEL_BUFFER, propose
from ankommen.mediation.models import (
    Assignment,
    AssignmentFeedback,
    AssignmentOffer,
    Conflict,
    MediationRequest,
    Mediator,
    Mode,
    Tier,
)
from ankommen.outbox.mail import queue_mail

OFFER_SALT = "ankommen.mediation.offer"
LATE_CANCELLATION = dt.timedelta(hours=24)


class MediationError(Exception):
    """A refused action; str() is the translated message for the person."""


class OfferLinkExpired(Exception):
    """An offer link that was valid once: too old, or its appointment is over."""


def offer_token(offer: AssignmentOffer) -> str:
    """The offer's key for its link: signed, with the time it was issued (signing.dumps
    uses a TimestampSigner), so that `offer_from_token` can let it expire."""
    return signing.dumps({"offer": offer.pk, "mediator": offer.mediator_id}, salt=OFFER_SALT)


def offer_from_token(token: str, *, now: dt.datetime | None = None) -> AssignmentOffer | None:
    """The offer of a link; None for a forged or unknown one. Raises OfferLinkExpired for a
    link issued more than MEDIATION_OFFER_LINK_DAYS ago or whose appointment is over."""
    max_age = dt.timedelta(days=settings.MEDIATION_OFFER_LINK_DAYS)
    try:
        data = signing.loads(token, salt=OFFER_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise OfferLinkExpired from None
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    offer = (
        AssignmentOffer.objects.select_related("request__region", "request__language", "mediator")
        .filter(pk=data.get("offer"), mediator_id=data.get("mediator"))
        .first()
    )
    if offer is not None and offer.request.ends_at <= (now or timezone.now()):
        raise OfferLinkExpired
    return offer


def offer_url(offer: AssignmentOffer) -> str:
    return absolute_url(
        reverse(
            "mediation:offer",
            kwargs={"region": offer.request.region.slug, "token": offer_token(offer)},
        )
    )


def _describe(request: MediationRequest) -> str:
    local = timezone.localtime(request.starts_at)
    place = request.place_area.name if request.place_area else request.get_mode_display()
    return _("%(language)s, %(date)s at %(time)s, %(minutes)s minutes, %(place)s, %(setting)s") % {
        "language": request.language.label(),
        "date": local.strftime("%d.%m.%Y"),
        "time": local.strftime("%H:%M"),
        "minutes": request.duration_minutes,
        "place": place,
        "setting": request.get_setting_display(),
    }


def send_offers(request: MediationRequest, *, wave: int = OFFER_WAVE) -> list[AssignmentOffer]:
    """Offer the request to the best `wave` candidates not asked yet, by e-mail."""
    with transaction.atomic():
        request = MediationRequest.objects.select_for_update().get(pk=request.pk)
        if request.status not in (
            MediationRequest.Status.REQUESTED,
            MediationRequest.Status.OFFERED,
        ):
            raise MediationError(_("This request is no longer open for offers."))
        asked = set(request.offers.values_list("mediator_id", flat=True))
        proposal = propose(request, limit=len(asked) + wave)
        chosen = [c for c in proposal.candidates if c.mediator.pk not in asked][:wave]
        if not chosen:
            if not request.offers.filter(status=AssignmentOffer.Status.OPEN).exists():
                request.status = MediationRequest.Status.UNMET
                request.unmet_reason = proposal.main_exclusion
                request.save(update_fields=["status", "unmet_reason"])
            return []
        first_rank = len(asked) + 1
        offers = [
            AssignmentOffer.objects.create(
                request=request, mediator=c.mediator, rank=first_rank + i, reasons=c.reasons
            )
            for i, c in enumerate(chosen)
        ]
        request.status = MediationRequest.Status.OFFERED
        request.unmet_reason = ""
        request.save(update_fields=["status", "unmet_reason"])
        description = _describe(request)
        for offer in offers:
            # Neutral facts only: the topic is free text and goes to the one who accepts.
            queue_mail(
                _("Request for language mediation: %(language)s") % {"language": request.language},
                _(
                    "Hello %(name)s,\n\nwe are looking for language mediation: %(what)s.\n"
                    "You will read the topic once you have accepted.\n\n"
                    "Accept or decline here (the first to accept gets it; declining has no "
                    "consequences). The link is valid for %(days)s days and until the "
                    "appointment:\n%(url)s\n"
                )
                % {
                    "name": offer.mediator.name,
                    "what": description,
                    "days": settings.MEDIATION_OFFER_LINK_DAYS,
                    "url": offer_url(offer),
                },
                None,
                [offer.mediator.email],
            )
    return offers


def _check_free(mediator: Mediator, request: MediationRequest) -> None:
    """Refuse a double booking: overlap with another live assignment, incl. travel."""
    in_person = request.mode == Mode.IN_PERSON
    for other in (
        Assignment.objects.filter(
            mediator=mediator,
            starts_at__lt=request.ends_at + TRAVEL_BUFFER,
            ends_at__gt=request.starts_at - TRAVEL_BUFFER,
        )
        .exclude(status=Assignment.Status.CANCELLED)
        .exclude(request=request)
    ):
        buffer = TRAVEL_BUFFER if in_person or other.in_person else dt.timedelta(0)
        if other.starts_at < request.ends_at + buffer and other.ends_at + buffer > (
            request.starts_at
        ):
            local = timezone.localtime(other.starts_at)
            raise MediationError(
                _(
                    "%(name)s is already booked on %(date)s at %(time)s; the times overlap "
                    "(travel included). Nothing was changed."
                )
                % {
                    "name": mediator.name,
                    "date": local.strftime("%d.%m.%Y"),
                    "time": local.strftime("%H:%M"),
                }
            )


@dataclass
class Outcome:
    won: bool
    message: str


ALREADY_TAKEN = gettext_lazy(
    "Thank you – another mediator accepted this request a moment earlier. Nothing is "
    "expected of you."
)


def _check_no_conflict(mediator: Mediator, request: MediationRequest) -> None:
    """Refuse a mediator who declared a conflict with the request's organisation or client
    (also when the offer went out before she declared it)."""
    declared = Conflict.objects.filter(mediator=mediator, organisation=request.organisation_id)
    for conflict in declared:
        if conflict.applies_to(request):
            raise MediationError(
                _(
                    "%(name)s has declared a conflict of interest with this request "
                    "(%(reason)s). Nothing was changed."
                )
                % {"name": mediator.name, "reason": conflict.reason}
            )


def _confirm(request: MediationRequest, mediator: Mediator, *, by_user=None) -> Assignment:
    """Create the assignment; the caller holds the lock on the request."""
    _check_no_conflict(mediator, request)
    _check_free(mediator, request)
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(
                request=request,
                mediator=mediator,
                starts_at=request.starts_at,
                ends_at=request.ends_at,
                in_person=request.mode == Mode.IN_PERSON,
                assigned_directly_by=by_user,
            )
    except IntegrityError:
        raise MediationError(str(ALREADY_TAKEN)) from None
    request.status = MediationRequest.Status.CONFIRMED
    request.unmet_reason = ""
    request.save(update_fields=["status", "unmet_reason"])
    Mediator.objects.filter(pk=mediator.pk).update(last_assigned_at=timezone.now())
    request.offers.filter(status=AssignmentOffer.Status.OPEN).exclude(mediator=mediator).update(
        status=AssignmentOffer.Status.TAKEN
    )
    return assignment


def _notify_confirmed(assignment: Assignment) -> None:
    """Queue the requester's mail; the caller's transaction sends it when it commits."""
    request = assignment.request
    recipients = [u.email for u in [request.requested_by] if u is not None and u.email]
    if recipients:
        queue_mail(
            _("Language mediation confirmed"),
            _("%(name)s will mediate: %(what)s. Contact: %(phone)s\n\nThe request: %(url)s\n")
            % {
                "name": assignment.mediator.name,
                "what": _describe(request),
                "phone": assignment.mediator.phone or assignment.mediator.email,
                "url": absolute_url(
                    reverse(
                        "mediation:request",
                        kwargs={"region": request.region.slug, "pk": request.pk},
                    )
                ),
            },
            None,
            recipients,
        )


def accept(offer_pk: int) -> Outcome:
    """The mediator accepts; the first one wins, later ones are told so."""
    with transaction.atomic():
        offer = AssignmentOffer.objects.select_related("mediator").get(pk=offer_pk)
        request = (
            MediationRequest.objects.select_for_update(of=("self",))
            .select_related("language", "place_area", "region")
            .get(pk=offer.request_id)
        )
        offer.refresh_from_db()
        if offer.status == AssignmentOffer.Status.ACCEPTED:
            return Outcome(True, _("You have already accepted this request."))
        if (
            request.status != MediationRequest.Status.OFFERED
            or offer.status != AssignmentOffer.Status.OPEN
        ):
            if offer.status == AssignmentOffer.Status.OPEN:
                offer.status = AssignmentOffer.Status.TAKEN
                offer.answered_at = timezone.now()
                offer.save(update_fields=["status", "answered_at"])
            return Outcome(False, str(ALREADY_TAKEN))
        if request.starts_at <= timezone.now():
            return Outcome(False, _("This appointment has already begun."))
        Mediator.objects.select_for_update().get(pk=offer.mediator_id)
        try:
            assignment = _confirm(request, offer.mediator)
        except MediationError as error:
            return Outcome(False, str(error))
        offer.status = AssignmentOffer.Status.ACCEPTED
        offer.answered_at = timezone.now()
        offer.save(update_fields=["status", "answered_at"])
        _notify_confirmed(assignment)
    return Outcome(True, _("Thank you – the appointment is yours. The requester has been told."))


def decline(offer_pk: int) -> Outcome:
    """Declining costs nothing: the ranking never reads declined offers."""
    with transaction.atomic():
        offer = AssignmentOffer.objects.select_for_update().get(pk=offer_pk)
        if offer.status != AssignmentOffer.Status.OPEN:
            return Outcome(False, _("This offer is no longer open."))
        offer.status = AssignmentOffer.Status.DECLINED
        offer.answered_at = timezone.now()
        offer.save(update_fields=["status", "answered_at"])
        still_open = AssignmentOffer.objects.filter(
            request_id=offer.request_id, status=AssignmentOffer.Status.OPEN
        ).exists()
    if not still_open:
        request = MediationRequest.objects.get(pk=offer.request_id)
        if request.status == MediationRequest.Status.OFFERED:
            send_offers(request)
    return Outcome(True, _("Thank you for letting us know. Declining has no consequences."))


def assign_directly(request: MediationRequest, mediator: Mediator, *, by_user) -> Assignment:
    """A coordinator books a mediator without an offer round."""
    with transaction.atomic():
        request = MediationRequest.objects.select_for_update().get(pk=request.pk)
        if request.status not in (
            MediationRequest.Status.REQUESTED,
            MediationRequest.Status.OFFERED,
            MediationRequest.Status.UNMET,
        ):
            raise MediationError(_("This request already has a mediator or is closed."))
        if mediator.region_id != request.region_id:
            raise MediationError(_("This mediator belongs to another region."))
        Mediator.objects.select_for_update().get(pk=mediator.pk)
        assignment = _confirm(request, mediator, by_user=by_user)
        request.offers.filter(mediator=mediator).update(
            status=AssignmentOffer.Status.ACCEPTED, answered_at=timezone.now()
        )
        _notify_confirmed(assignment)
    return assignment


def cancel(
    request: MediationRequest, *, by: str, now: dt.datetime | None = None
) -> Assignment | None:
    """Cancel a request; a professional's assignment cancelled less than 24 hours ahead
    by the requester is billable (minimum time)."""
    now = now or timezone.now()
    with transaction.atomic():
        request = MediationRequest.objects.select_for_update().get(pk=request.pk)
        if request.status in (MediationRequest.Status.DONE, MediationRequest.Status.CANCELLED):
            raise MediationError(_("This request is already closed."))
        assignment = request.confirmed_assignment()
        request.status = MediationRequest.Status.CANCELLED
        request.save(update_fields=["status"])
        request.offers.filter(status=AssignmentOffer.Status.OPEN).update(
            status=AssignmentOffer.Status.WITHDRAWN
        )
        if assignment is None:
            return None
        late = assignment.starts_at - now < LATE_CANCELLATION
        assignment.status = Assignment.Status.CANCELLED
        assignment.cancelled_by = by
        assignment.cancelled_at = now
        assignment.cancellation_billable = (
            late
            and by == Assignment.CancelledBy.REQUESTER
            and assignment.mediator.tier == Tier.PROFESSIONAL
        )
        assignment.save()
        queue_mail(
            _("Language mediation cancelled"),
            _("The appointment was cancelled: %(what)s") % {"what": _describe(request)},
            None,
            [assignment.mediator.email],
        )
    return assignment


def record_outcome(
    assignment: Assignment, *, status: str, minutes: int | None = None, km=None
) -> Assignment:
    if status not in (
        Assignment.Status.DONE,
        Assignment.Status.NO_SHOW_CLIENT,
        Assignment.Status.NO_SHOW_MEDIATOR,
    ):
        raise MediationError(_("Unknown outcome."))
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if assignment.status != Assignment.Status.CONFIRMED:
            raise MediationError(_("The outcome of this assignment is already recorded."))
        if assignment.starts_at > timezone.now():
            raise MediationError(_("The appointment has not taken place yet."))
        assignment.status = status
        if minutes is not None:
            assignment.minutes_worked = minutes
        if km is not None:
            assignment.travel_km = km
        assignment.save()
        if status == Assignment.Status.NO_SHOW_MEDIATOR:
            # Counted for the coordinator's follow-up; never deactivates anyone.
            mediator = assignment.mediator
            mediator.mediator_no_shows += 1
            mediator.save(update_fields=["mediator_no_shows"])
        MediationRequest.objects.filter(pk=assignment.request_id).update(
            status=MediationRequest.Status.DONE
        )
    return assignment


def give_feedback(assignment: Assignment, *, side: str, rating: int, comment: str = ""):
    if AssignmentFeedback.objects.filter(assignment=assignment, side=side).exists():
        raise MediationError(_("Feedback from this side has already been given."))
    feedback = AssignmentFeedback(assignment=assignment, side=side, rating=rating, comment=comment)
    try:
        feedback.full_clean()
    except ValidationError as error:
        raise MediationError("; ".join(error.messages)) from None
    feedback.save()
    return feedback


def send_reminders(*, now: dt.datetime | None = None) -> list[Assignment]:
    """Remind mediator and requester of tomorrow's confirmed appointments, once."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time.min))
    due = list(
        Assignment.objects.filter(
            status=Assignment.Status.CONFIRMED,
            starts_at__gte=start,
            starts_at__lt=start + dt.timedelta(days=1),
            reminded_at__isnull=True,
        ).select_related("mediator", "request__language", "request__place_area")
    )
    for assignment in due:
        recipients = [assignment.mediator.email]
        if assignment.request.requested_by and assignment.request.requested_by.email:
            recipients.append(assignment.request.requested_by.email)
        with transaction.atomic():
            queue_mail(
                _("Reminder: language mediation tomorrow"),
                _describe(assignment.request),
                None,
                recipients,
            )
            assignment.reminded_at = now
            assignment.save(update_fields=["reminded_at"])
    return due
