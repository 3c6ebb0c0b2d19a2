"""Rate limits in fixed one-minute windows, shared by the APIs, the public search pages and
the public forms (requests allowed per minute; failures are counted in `core/throttle.py`).

A counter is one (bucket, minute) pair. `count()` counts in the cache `API_CACHE` names when
one is configured (Redis, Memcached, the database cache: shared by every gunicorn worker),
else in the database (`core.RateCount`, one upsert per request), so the limit holds across
workers out of the box — a per-process memory cache would give a client workers × limit.
API v1 counts partners' keys and addresses in its own cache with `count_in_cache()`
(`ankommen/api/v1/ratelimit.py`); every limit reads the client's address here.

API_CLIENT_IP_HEADER: the request META key that carries the client's address, e.g.
    HTTP_X_REAL_IP behind a proxy that sets it. Unset (or REMOTE_ADDR or
    HTTP_X_FORWARDED_FOR): the address every throttle of the platform uses,
    `ankommen.core.net.client_address` (REMOTE_ADDR, or X-Forwarded-For read from the right
    with TRUSTED_PROXY_COUNT), so a client cannot pick its own bucket.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from ankommen.core.models import RateCount
from ankommen.core.net import client_address as core_client_address

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 60
# The last minute whose older counts this process deleted (see count_in_database).
_purged_window: int | None = None


@dataclass(frozen=True)
class Verdict:
    limit: int
    remaining: int
    reset: int  # seconds until the window ends
    allowed: bool

    def headers(self) -> dict[str, str]:
        if self.limit <= 0:
            return {}
        headers = {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset),
            "RateLimit-Policy": f"{self.limit};w={WINDOW_SECONDS}",
        }
        if not self.allowed:
            headers["Retry-After"] = str(self.reset)
        return headers


def setting(name: str, default: int) -> int:
    """A limit from settings (ankommen/settings.py reads it from the environment)."""
    configured = getattr(settings, name, None)
    return configured if configured is not None else default


def client_ip_header() -> str:
    return settings.API_CLIENT_IP_HEADER or "REMOTE_ADDR"


def client_address(request: HttpRequest) -> str:
    """The client's address as every limit reads it: a proxy's own header if one is
    configured (it overwrites whatever the client sent), else
    `ankommen.core.net.client_address` (X-Forwarded-For read from the right, as far as
    `TRUSTED_PROXY_COUNT` trusts it). Never the leftmost forwarded address, which the
    client writes itself and would pick its own bucket with."""
    header = client_ip_header()
    if header not in ("REMOTE_ADDR", "HTTP_X_FORWARDED_FOR"):
        address = request.META.get(header, "").strip()
    else:
        address = core_client_address(request)
    return (address or "unknown")[:100]


def _window(now: float | None) -> tuple[int, int]:
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    return window, max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))


def count_in_cache(cache: BaseCache, bucket: str, limit: int, now: float | None = None) -> Verdict:
    window, reset = _window(now)
    if limit <= 0:
        return Verdict(limit=0, remaining=0, reset=reset, allowed=True)
    counter = f"api:v1:rate:{bucket}:{window}"
    # add() only creates the counter if it is missing; incr() is atomic in the shared
    # backends (database, Redis, Memcached) and under a lock in local memory.
    cache.add(counter, 0, WINDOW_SECONDS * 2)
    try:
        count = cache.incr(counter)
    except ValueError:  # evicted between add() and incr()
        cache.set(counter, 1, WINDOW_SECONDS * 2)
        count = 1
    return Verdict(
        limit=limit, remaining=max(0, limit - count), reset=reset, allowed=count <= limit
    )


def count_in_database(bucket: str, limit: int, now: float | None = None) -> Verdict:
    window, reset = _window(now)
    if limit <= 0:
        return Verdict(limit=0, remaining=0, reset=reset, allowed=True)
    table = connection.ops.quote_name(RateCount._meta.db_table)
    # One statement, atomic in PostgreSQL and SQLite: no two workers read the same count.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (bucket, minute, hits) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (bucket, minute) DO UPDATE SET hits = {table}.hits + 1 "
            "RETURNING hits",
            [bucket[:200], window],
        )
        count = cursor.fetchone()[0]
    global _purged_window
    if count == 1 and _purged_window != window:
        # The first new bucket this minute (in this process) forgets older minutes: one
        # delete a minute, not one for every new client.
        RateCount.objects.filter(minute__lt=window - 1).delete()
        _purged_window = window
    return Verdict(
        limit=limit, remaining=max(0, limit - count), reset=reset, allowed=count <= limit
    )


def count(bucket: str, limit: int, now: float | None = None) -> Verdict:
    alias = settings.API_CACHE
    if alias:
        try:
            return count_in_cache(caches[alias], bucket, limit, now)
        except Exception:  # the shared cache (Redis) went away: the database still counts
            logger.warning("rate limit: cache %r unreachable, counting in the database", alias)
    return count_in_database(bucket, limit, now)


def check_address(
    request: HttpRequest, scope: str, limit: int, now: float | None = None
) -> Verdict:
    """A limit per client address for one kind of request."""
    return count(f"{scope}:ip:{client_address(request)}", limit, now)


def too_many_requests(request: HttpRequest, verdict: Verdict, message: str) -> HttpResponse:
    """429 with Retry-After: a short page in the language the view has activated."""
    body = render_to_string(
        "core/bad_request.html",
        {"title": message, "message": message, "language": translation.get_language()},
    )
    response = HttpResponse(body, status=429)
    for name, value in verdict.headers().items():
        response[name] = value
    return response


def search_limit(request: HttpRequest) -> HttpResponse | None:
    """SEARCH_RATE_LIMIT_PER_MINUTE searches per minute and client address, across the
    portal's and the directory's search (a search is the costliest public read); 0: off.
    None when the search may run, else the 429 page in the page's language."""
    if not request.GET.get("q", "").strip():
        return None
    limit = setting("SEARCH_RATE_LIMIT_PER_MINUTE", 60)
    verdict = check_address(request, "search", limit)
    if verdict.allowed:
        return None
    return too_many_requests(
        request, verdict, _("Too many searches from your address. Please wait a minute.")
    )
