"""Signing up for an event: a seat is held for a short time and counts once the person
confirms by the link sent to her e-mail address; sign-ups are limited per client address.

Before (issue 13), anyone could book every seat of an event with invented names in a
second. Now a sign-up needs an e-mail address that receives the link (people without one
register with the organiser by phone, as the form says), an unconfirmed sign-up frees its
seat after `DIRECTORY_REGISTRATION_HOLD_MINUTES` (30) and is deleted by
`ankommen purge_registrations`, and one address may sign up at most
`DIRECTORY_REGISTRATIONS_PER_ADDRESS_PER_HOUR` (5) times an hour for one event. The
capacity check still locks the event row, so of 2N simultaneous sign-ups for N seats
exactly N hold one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Callable

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ankommen.core.formats import format_datetime
from ankommen.directory.models import Event, Registration
from ankommen.outbox.mail import queue_mail

SALT = "ankommen.directory.registration"
CANCEL_SALT = "ankommen.directory.registration.cancel"


class RegistrationRefused(Exception):
    """A sign-up that cannot be taken; the message is for the person, in her language."""


def hold() -> dt.timedelta:
    return dt.timedelta(minutes=settings.DIRECTORY_REGISTRATION_HOLD_MINUTES)


def per_address_per_hour() -> int:
    return settings.DIRECTORY_REGISTRATIONS_PER_ADDRESS_PER_HOUR


def client_digest(address: str) -> str:
    """The address, keyed and hashed: enough to count, not to know who it was."""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def held(event: Event, occurrence: dt.datetime, now: dt.datetime | None = None) -> QuerySet:
    """The sign-ups that take a seat: confirmed ones, and unconfirmed ones still held."""
    now = now or timezone.now()
    return Registration.objects.filter(event=event, occurrence=occurrence).filter(
        Q(confirmed_at__isnull=False) | Q(created_at__gte=now - hold())
    )


def seats_left(event: Event, occurrence: dt.datetime) -> int | None:
    """Free seats for one date; None without a limit."""
    if event.capacity is None:
        return None
    return max(0, event.capacity - held(event, occurrence).count())


def sign_up(
    event: Event,
    occurrence: dt.datetime,
    *,
    name: str,
    email: str,
    address: str,
    confirm_url: Callable[[str], str],
    submission_key=None,
    language: str | None = None,
) -> Registration:
    """Holds a seat and sends the link to confirm it (after the commit). `confirm_url`
    makes the absolute link from a token. The form's `submission_key` makes a form sent
    twice one sign-up with one mail. Raises RegistrationRefused."""
    now = timezone.now()
    if occurrence <= now:
        raise RegistrationRefused(_("This date has passed; registration is closed."))
    client = client_digest(address)
    with transaction.atomic():
        if submission_key is not None:
            earlier = Registration.objects.filter(submission_key=submission_key).first()
            if earlier is not None:
                return earlier
        # Lock the event so two last-minute sign-ups cannot both take the last seat, and
        # one address's simultaneous sign-ups are counted one after the other.
        Event.objects.select_for_update().get(pk=event.pk)
        recent = Registration.objects.filter(
            event=event, client=client, created_at__gte=now - dt.timedelta(hours=1)
        ).count()
        if recent >= per_address_per_hour():
            raise RegistrationRefused(
                _("Too many sign-ups from your address for this event. Please try again later.")
            )
        if event.capacity is not None and held(event, occurrence, now).count() >= event.capacity:
            raise RegistrationRefused(_("Sorry, this date is fully booked."))
        registration = Registration.objects.create(
            event=event,
            occurrence=occurrence,
            name=name,
            contact=email,
            client=client,
            submission_key=submission_key,
        )
        link = confirm_url(signing.dumps(registration.pk, salt=SALT))
        # Queued in this transaction, sent after the commit (outbox).
        send_confirmation(registration, link, language)
    return registration


def send_confirmation(registration: Registration, link: str, language: str | None = None) -> None:
    """The one place that mails the link, through the outbox; the event's title in the
    language of the page the person signed up on."""
    minutes = int(hold().total_seconds() // 60)
    queue_mail(
        _("Please confirm your registration: %(title)s")
        % {"title": registration.event.title_in(language)},
        _(
            "Hello %(name)s,\n\nplease confirm your registration for %(title)s on %(date)s "
            "within %(minutes)s minutes by opening this link:\n\n%(link)s\n\n"
            "Without confirmation the seat is given to someone else. If you did not sign up, "
            "ignore this e-mail."
        )
        % {
            "name": registration.name,
            "title": registration.event.title_in(language),
            "date": format_datetime(registration.occurrence),
            "minutes": minutes,
            "link": link,
        },
        None,
        [registration.contact],
    )


def registration_for(token: str) -> Registration | None:
    """The sign-up a link names, if the link is genuine and still within the hold."""
    try:
        pk = signing.loads(token, salt=SALT, max_age=hold())
    except signing.BadSignature:
        return None
    return Registration.objects.filter(pk=pk).select_related("event").first()


def confirm(
    token: str, cancel_url: Callable[[str], str] | None = None, language: str | None = None
) -> Registration | None:
    """Confirms the sign-up a link names. The first confirmation mails the person that she
    is registered, with a link to cancel (`cancel_url` makes it from a token)."""
    registration = registration_for(token)
    if registration is None:
        return None
    with transaction.atomic():
        changed = Registration.objects.filter(pk=registration.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now()
        )
        registration.refresh_from_db()
        if changed and cancel_url is not None:
            send_registered(registration, cancel_url(cancel_token(registration)), language)
    return registration


def send_registered(
    registration: Registration, cancel_link: str, language: str | None = None
) -> None:
    """The mail that names the event and date and carries the link to cancel."""
    title = registration.event.title_in(language)
    queue_mail(
        _("You are registered: %(title)s") % {"title": title},
        _(
            "Hello %(name)s,\n\nyou are registered for %(title)s on %(date)s.\n\n"
            "If you cannot come, please cancel with this link, so that someone else can "
            "take your seat (it works once, until the event starts):\n\n%(link)s\n\n"
            "We keep your name and e-mail address only for this date and delete them "
            "after it."
        )
        % {
            "name": registration.name,
            "title": title,
            "date": timezone.localtime(registration.occurrence).strftime("%d.%m.%Y %H:%M"),
            "link": cancel_link,
        },
        None,
        [registration.contact],
    )


def cancel_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=CANCEL_SALT)


def registration_to_cancel(token: str) -> Registration | None:
    """The confirmed sign-up a cancellation link names, while its date lies ahead. The
    link works once: cancelling deletes the sign-up, so the token names nothing after."""
    try:
        pk = signing.loads(token, salt=CANCEL_SALT)
    except signing.BadSignature:
        return None
    return (
        Registration.objects.filter(
            pk=pk, confirmed_at__isnull=False, occurrence__gt=timezone.now()
        )
        .select_related("event")
        .first()
    )


def cancel(token: str) -> Registration | None:
    """Cancels the sign-up (deletes it, which frees the seat); the deleted row is returned
    so the page can name the event."""
    registration = registration_to_cancel(token)
    if registration is None:
        return None
    Registration.objects.filter(pk=registration.pk).delete()
    return registration


def expired_unconfirmed(now: dt.datetime | None = None) -> QuerySet:
    now = now or timezone.now()
    return Registration.objects.filter(confirmed_at__isnull=True, created_at__lt=now - hold())
