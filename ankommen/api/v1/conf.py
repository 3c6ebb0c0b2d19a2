"""Settings of the v1 API, read from Django settings (ankommen/settings.py reads them from
the environment variables of the same names, with the defaults named here).

API_RATE_LIMIT_PER_MINUTE: requests per minute and client without a key (by IP address);
    0 switches the limit off (benchmarks). Partners get their key's `requests_per_minute`.
API_CACHE: the alias of a Django cache for the rate counters and Last-Modified times.
    Empty (the default): the API's own per-process memory cache, so that API traffic never
    evicts the portal's rendered pages from the default cache. The counters only hold
    across gunicorn workers with a cache shared between them (database, Redis, Memcached).
The client's address (API_CLIENT_IP_HEADER) is read as by every limit, in
`ankommen/core/ratelimit.py`.
API_CACHE_MAX_AGE: seconds a client or proxy may reuse an answer without asking (60); also
    how long the API keeps a built answer itself (see `ankommen/api/v1/http.py`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.locmem import LocMemCache

# Rate counters (one per client and minute) and Last-Modified times (one per address).
_OWN_CACHE = LocMemCache("ankommen-api-v1", {"OPTIONS": {"MAX_ENTRIES": 20_000}})
# Built answers (bodies of up to ~100 kB): apart from the counters, so that many answers
# never push out a client's rate counter, and bounded to keep a worker's memory small.
_OWN_ANSWER_CACHE = LocMemCache("ankommen-api-v1-answers", {"OPTIONS": {"MAX_ENTRIES": 2_000}})


def rate_limit_per_minute() -> int:
    return settings.API_RATE_LIMIT_PER_MINUTE


def cache() -> BaseCache:
    alias = settings.API_CACHE
    return caches[alias] if alias else _OWN_CACHE


def answer_cache() -> BaseCache:
    alias = settings.API_CACHE
    return caches[alias] if alias else _OWN_ANSWER_CACHE


def cache_max_age() -> int:
    return settings.API_CACHE_MAX_AGE
