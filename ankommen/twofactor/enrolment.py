"""Enrolment of the second factor, bound to the person (issue 13).

The authenticator's key is shown only through a one-time link that the installation admin
or the person's team lead issues (`issue_enrolment_link`; the admin action or
`ankommen issue_enrolment_link USERNAME`): signed, valid for ENROLMENT_LINK_HOURS (24),
bound to the user and to a nonce kept on her device. Opening it while signed in as that
person moves the nonce into her session (a second opening finds it gone); confirming the
first code empties it. Without a confirmed device and such a link, nobody sees a key —
not whoever signs in first with the password.
"""

from __future__ import annotations

import secrets

import pyotp
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse

from ankommen.core.actor import Actor
from ankommen.core.audit import audit
from ankommen.core.models import AuditEntry, Role, RoleAssignment, User
from ankommen.twofactor.models import TOTPDevice
from ankommen.twofactor.policy import staff_in_all_staff_region
from ankommen.twofactor.recovery import issue_recovery_codes

# Salt and session key keep the names they had in the case module: links issued before
# the move still work.
SALT = "ankommen.cases.enrolment"
SESSION_ENROLMENT = "cases_2fa_enrolment"
# Roles that open case pages and so need an authenticator.
ROLES_WITH_SECOND_FACTOR = (Role.CASE_MANAGER, Role.TEAM_LEAD, Role.KI_COORDINATOR)


class EnrolmentError(Exception):
    """The person has no role that needs a second factor."""


def link_hours() -> int:
    return int(getattr(settings, "ENROLMENT_LINK_HOURS", 24))


def _region_of(user: User):
    """The region whose code page the link opens: one where a case role asks her for the
    second factor, or one that asks it of all its staff."""
    assignment = (
        RoleAssignment.objects.filter(user=user, role__in=ROLES_WITH_SECOND_FACTOR)
        .select_related("region")
        .order_by("pk")
        .first()
    )
    if assignment is not None:
        return assignment.region
    region = staff_in_all_staff_region(user)
    if region is None:
        raise EnrolmentError(user.get_username())
    return region


@transaction.atomic
def issue_enrolment_link(user: User, *, by: Actor) -> str:
    """A new key and ten new recovery codes for the person, and the path of the link that
    shows them once. Any device and codes she had are replaced (a lost phone), so she
    needs the link before her next case page."""
    region = _region_of(user)
    nonce = secrets.token_urlsafe(24)
    TOTPDevice.objects.update_or_create(
        user=user,
        defaults={
            "secret": pyotp.random_base32(),
            "confirmed_at": None,
            "last_counter": 0,
            "enrolment_nonce": nonce,
        },
    )
    issue_recovery_codes(user)
    audit(by, AuditEntry.Action.ENROLMENT_LINK, user, subject=user)
    token = signing.dumps({"u": user.pk, "n": nonce}, salt=SALT)
    return reverse("twofactor:enrol", kwargs={"region": region.slug, "token": token})


@transaction.atomic
def open_enrolment_link(user: User, token: str) -> str | None:
    """The session nonce for the person's pending enrolment, or None if the link is not
    hers, tampered with, expired or used. Using it renews the nonce, so the link works
    once."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=link_hours() * 3600)
    except signing.BadSignature:  # also SignatureExpired
        return None
    if not isinstance(payload, dict) or payload.get("u") != user.pk or not payload.get("n"):
        return None
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed_at__isnull=True, enrolment_nonce=payload["n"])
        .first()
    )
    if device is None:
        return None
    device.enrolment_nonce = secrets.token_urlsafe(24)
    device.save(update_fields=["enrolment_nonce"])
    return device.enrolment_nonce


def pending_enrolment(device: TOTPDevice | None, session) -> bool:
    """This session opened the person's enrolment link and may see the key."""
    return (
        device is not None
        and device.confirmed_at is None
        and bool(device.enrolment_nonce)
        and secrets.compare_digest(str(session.get(SESSION_ENROLMENT, "")), device.enrolment_nonce)
    )
