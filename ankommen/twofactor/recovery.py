"""Recovery codes: ten one-time codes for the day the phone is not at hand. They are made
with the enrolment link and shown beside the new key while it is set up; confirming the
authenticator makes them valid, and from then on they are never shown again. They are
django-otp's static tokens (`otp_static`), one `StaticDevice` per person;
using a code deletes it, with a conditional DELETE so two parallel requests cannot both
use it."""

from __future__ import annotations

import re

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from ankommen.core.models import User

COUNT = 10
DEVICE_NAME = "recovery codes"
# StaticToken.random_token(): eight characters of lower-case base32.
CODE_PATTERN = re.compile(r"^[a-z2-7]{8}$")


def normalise(code: str) -> str:
    return re.sub(r"[\s-]", "", code).lower()


def looks_like_recovery_code(code: str) -> bool:
    return bool(CODE_PATTERN.match(normalise(code)))


@transaction.atomic
def issue_recovery_codes(user: User, *, confirmed: bool = False) -> list[str]:
    """Ten new codes for the person; any earlier ones stop working. Unconfirmed codes
    count only once her new authenticator is confirmed (`confirm_recovery_codes`)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=confirmed)
    codes = [StaticToken.random_token() for _ in range(COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def pending_recovery_codes(user: User) -> list[str]:
    """The codes of an enrolment under way (shown beside the new key, then never again)."""
    return list(
        StaticToken.objects.filter(device__user=user, device__confirmed=False)
        .order_by("pk")
        .values_list("token", flat=True)
    )


def confirm_recovery_codes(user: User) -> None:
    StaticDevice.objects.filter(user=user, confirmed=False).update(confirmed=True)


def remaining_recovery_codes(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def use_recovery_code(user: User, code: str) -> bool:
    """The code is one of the person's unused recovery codes; it is used up now."""
    code = normalise(code)
    if not CODE_PATTERN.match(code):
        return False
    token = StaticToken.objects.filter(
        device__user=user, device__confirmed=True, token=code
    ).first()
    if token is None:
        return False
    deleted, _ = StaticToken.objects.filter(pk=token.pk).delete()
    return deleted == 1
