"""One throttle for failed sign-ins and second-factor codes, shared by every worker.

Counts live in the database (the `Throttle` table), not in a per-process cache: a lock
holds across gunicorn workers and restarts. Each failure is counted under several keys at
once, e.g. per account and per client address (`ankommen.core.net.client_address`); a key
is locked from its `limit`-th failure until its window ends. Keys are independent, so a
locked address refuses only requests from that address, and a locked account only that
account. The window is fixed: it starts with the first failure and lasts `minutes`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ankommen.core.models import Throttle


@dataclass(frozen=True)
class Limit:
    key: str
    limit: int


def locked_until(limits: Iterable[Limit]) -> datetime | None:
    """When the last of the locked keys unlocks, or None if none is locked."""
    wanted = {limit.key: limit.limit for limit in limits if limit.limit > 0}
    if not wanted:
        return None
    rows = Throttle.objects.filter(key__in=wanted, window_ends__gt=timezone.now())
    ends = [row.window_ends for row in rows if row.failures >= wanted[row.key]]
    return max(ends, default=None)


def count_failure(limits: Iterable[Limit], *, minutes: int) -> None:
    """Counts one failure under every key; atomic, so parallel requests all count."""
    now = timezone.now()
    for limit in limits:
        with transaction.atomic():
            row, created = Throttle.objects.select_for_update().get_or_create(
                key=limit.key,
                defaults={"failures": 1, "window_ends": now + timedelta(minutes=minutes)},
            )
            if created:
                continue
            if row.window_ends <= now:
                Throttle.objects.filter(pk=row.pk).update(
                    failures=1, window_ends=now + timedelta(minutes=minutes)
                )
            else:
                Throttle.objects.filter(pk=row.pk).update(failures=F("failures") + 1)


def purge_expired() -> int:
    """Drops finished windows (run now and then; rows are few and small)."""
    deleted, _ = Throttle.objects.filter(window_ends__lte=timezone.now()).delete()
    return deleted


# --- The two throttles of the platform ----------------------------------------------------


def login_limits(username: str, address: str | None) -> list[Limit]:
    """Failed password sign-ins: ADMIN_LOGIN_MAX_FAILURES (5) per account, four times as
    many per client address (trying many accounts from one machine)."""
    per_account = int(getattr(settings, "ADMIN_LOGIN_MAX_FAILURES", 5))
    limits = [Limit(f"login:user:{username.strip().casefold()[:150]}", per_account)]
    if address:
        limits.append(Limit(f"login:address:{address}", per_account * 4))
    return limits


def login_lock_minutes() -> int:
    return int(getattr(settings, "ADMIN_LOGIN_LOCK_MINUTES", 15))


def second_factor_limits(user_pk: int, address: str | None) -> list[Limit]:
    """Wrong authenticator codes: TWO_FACTOR_MAX_FAILURES (5) per account, four times as
    many per client address."""
    per_account = int(getattr(settings, "TWO_FACTOR_MAX_FAILURES", 5))
    limits = [Limit(f"totp:user:{user_pk}", per_account)]
    if address:
        limits.append(Limit(f"totp:address:{address}", per_account * 4))
    return limits


def second_factor_lock_minutes() -> int:
    return int(getattr(settings, "TWO_FACTOR_LOCK_MINUTES", 15))


def purge_expired_daily() -> str:
    """The background jobs' daily run (ankommen/jobs/periodic.py): one line to show."""
    return f"{purge_expired()} finished sign-in throttle window(s) dropped"
