"""Per-client rate limiting in fixed one-minute windows, counted in Django's cache.

A client is a partner's `ApiClient` (its key sent as `Authorization: Bearer <key>` or
`X-API-Key: <key>`, limit `requests_per_minute`) or, without a key, the IP address (limit
`API_RATE_LIMIT_PER_MINUTE`). The counters are shared between gunicorn workers only when
the cache is (see `conf.py`): with the per-process memory cache each worker counts alone,
so a client gets up to workers × limit.
"""

from __future__ import annotations

from django.http import HttpRequest

from ankommen.api.models import ApiClient
from ankommen.api.v1 import conf
from ankommen.api.v1.errors import ApiError, default_message
from ankommen.core.ratelimit import WINDOW_SECONDS, Verdict, client_address, count_in_cache

# A partner's key is looked up in the database once a minute at most; a key switched off
# in the admin stops working within that minute.
CLIENT_CACHE_SECONDS = 60


def presented_key(request: HttpRequest) -> str | None:
    authorization = request.headers.get("Authorization", "")
    scheme, _space, credentials = authorization.partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    key = request.headers.get("X-API-Key", "").strip()
    return key or None


def _client_for_key(key: str) -> tuple[int, int] | None:
    """(client id, requests per minute) of an active key, or None."""
    cache = conf.cache()
    cache_key = f"api:v1:client:{ApiClient.digest(key)}"
    found = cache.get(cache_key)
    if found is None:
        client = ApiClient.for_key(key)
        found = (client.pk, client.requests_per_minute) if client else (0, 0)
        cache.set(cache_key, found, CLIENT_CACHE_SECONDS)
    return tuple(found) if found[0] else None


def bucket_and_limit(request: HttpRequest) -> tuple[str, int]:
    key = presented_key(request)
    if key is not None:
        client = _client_for_key(key)
        if client is None:
            raise ApiError(401, default_message(401))
        return f"client:{client[0]}", client[1]
    return f"ip:{client_address(request)}", conf.rate_limit_per_minute()


def check(request: HttpRequest, now: float | None = None) -> Verdict:
    bucket, limit = bucket_and_limit(request)
    return _count(bucket, limit, now)


def _count(bucket: str, limit: int, now: float | None) -> Verdict:
    return count_in_cache(conf.cache(), bucket, limit, now)


__all__ = ["WINDOW_SECONDS", "Verdict", "bucket_and_limit", "check", "presented_key"]
