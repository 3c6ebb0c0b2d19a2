"""Whole public answers from the cache, before sessions, CSRF, authentication and the view.

A public page or a v3 answer that is the same for every anonymous visitor is kept whole (status,
headers, bytes) in the default cache – Redis when ANKOMMEN_REDIS_URL is set, so every
gunicorn worker and every app host shares it – and answered by `PageCacheMiddleware`, which
sits early in the chain: a hit costs two cache reads (the entry, then the region's content
version) and no query, session, template or view. With Redis each process also keeps the
entries it served in memory (bounded, `LOCAL_MAX_BYTES`) and the versions for a second
(content_version.CONTENT_VERSION_LOCAL_SECONDS), so most hits need no round trip at all.

What may be kept is decided by the view, never guessed from the URL: a view marks its answer
with `allow()` (or the `public_page` decorator for `region_view` views), naming the region
and the content version it read *before* rendering. The entry is answered only while that
region's version is unchanged (`ankommen.core.content_version`), so an edit published
through one host is seen through every other one as soon as the version is read again
(at once with Redis; see content_version.SHARED_SECONDS).

The key is the host, the scheme, the path with its query string (the language is part of the
path), the visitor's town cookie (`ankommen.core.town_choice.COOKIE`) and today's date (lists
and pages show what is on today). Never kept or answered:

- anything but GET; requests that carry a session cookie (signed-in staff, or any visitor
  the site keeps something for) or a messages cookie (a message to show once);
- answers other than 200, answers setting a cookie other than the CSRF cookie, answers a view
  did not mark, answers with `Cache-Control: private/no-store`.

Forms on kept pages (the interface-language chooser, an offer's feedback) need a CSRF token per
visitor: before an answer is kept, every token of the request's secret in its bytes is
replaced by a placeholder; each visitor's copy gets a token masked from her own CSRF cookie
(or a new one, with its Set-Cookie), exactly as Django's `get_token()` would. Pages whose
forms carry other per-visit values (an event's sign-up form with its one-time key) do not
mark themselves. A v3 answer counts against the client's rate limit (`rate_scope`) also
when it comes from here.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, _unmask_cipher_token, get_token
from django.utils import timezone

from ankommen.core import ratelimit
from ankommen.core.content_version import region_version, total_version
from ankommen.core.town_choice import COOKIE as TOWN_COOKIE

# Region id of entries keyed by the sum of all regions' versions (v3 regions list).
ALL_REGIONS = 0
CSRF_PLACEHOLDER = b"@@ankommen-csrf-token-placeholder-0123456789abcdefghijklmnopqrstuv@@"[:64]
_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
# Headers that belong to the request, not to the kept answer: CORS answers the Origin, the
# length is the server's, cookies are never kept.
_DROPPED = ("access-control-", "content-length", "set-cookie", "date")
# Rate limits a kept answer still counts against: scope → the limit's setting and default.
RATE_SCOPES: dict[str, Callable[[], int]] = {
    "v3": lambda: ratelimit.setting("API_V3_RATE_LIMIT_PER_MINUTE", 300),
}


def seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0) or 0)


def proxy_seconds() -> int:
    """PAGE_CACHE_PROXY_SECONDS: how long the proxy in front (nginx `proxy_cache`, see
    scripts/scale-check-nginx.conf) may answer a kept page itself (`X-Accel-Expires`, which
    nginx reads and never passes on). Only pages without a CSRF token; 0: never."""
    return int(getattr(settings, "PAGE_CACHE_PROXY_SECONDS", 0) or 0)


def _let_the_proxy_keep(response: HttpResponse) -> None:
    if proxy_seconds() > 0:
        response.headers["X-Accel-Expires"] = str(proxy_seconds())


def candidate(request: HttpRequest) -> bool:
    """Whether the request may be answered from, or fill, the page cache."""
    if request.method != "GET" or seconds() <= 0:
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def entry_key(request: HttpRequest) -> str:
    town = request.COOKIES.get(TOWN_COOKIE, "")
    if not town.isdigit() or len(town) > 12:
        town = ""  # a forged value shows the whole region, like no choice
    parts = "\n".join(
        (
            request.META.get("HTTP_HOST", ""),
            request.scheme,
            request.path,
            request.META.get("QUERY_STRING", ""),
            town,
            timezone.localdate().isoformat(),
        )
    )
    return "pagecache:" + hashlib.sha256(parts.encode()).hexdigest()


def allow(
    request: HttpRequest, region_id: int, version: int, *, rate_scope: str | None = None
) -> None:
    """Marks the answer being built as the same for every anonymous visitor of this URL, as
    rendered at the region's content `version` (read before rendering)."""
    if getattr(request, "page_cache_key", None) is not None:
        request.page_cache = (region_id, version, rate_scope)


def refuse(request: HttpRequest) -> None:
    """Keeps this answer out of the page cache, whatever else allowed it."""
    request.page_cache_refused = True


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For `region_view` views (below the `@region_view` line): reads the region's version
    before the view renders and marks a 200 as kept; the view may still `refuse()`."""

    @wraps(view)
    def wrapper(request: HttpRequest, region, language, *args, **kwargs) -> HttpResponse:
        if getattr(request, "page_cache_key", None) is None:
            return view(request, region, language, *args, **kwargs)
        version = region_version(region.pk)
        # The portal's own caches read it from here instead of asking again.
        request.content_version = version
        response = view(request, region, language, *args, **kwargs)
        allow(request, region.pk, version)
        return response

    return wrapper


# With the shared cache, each process keeps the entries it served in memory too (bounded):
# a hit then costs no round trip to Redis. An entry is still answered only while its
# region's version is current (read as content_version does, within a second).
LOCAL_MAX_BYTES = 64 * 2**20
_local: OrderedDict[str, dict] = OrderedDict()
_local_bytes = [0]


def _local_get(key: str) -> dict | None:
    entry = _local.get(key)
    if entry is not None:
        _local.move_to_end(key)
    return entry


def _local_put(key: str, entry: dict) -> None:
    old = _local.pop(key, None)
    if old is not None:
        _local_bytes[0] -= len(old["body"])
    _local[key] = entry
    _local_bytes[0] += len(entry["body"])
    while _local_bytes[0] > LOCAL_MAX_BYTES and _local:
        _key, dropped = _local.popitem(last=False)
        _local_bytes[0] -= len(dropped["body"])


def _shared() -> bool:
    return bool(getattr(settings, "SHARED_CACHE", False))


def _find(key: str) -> dict | None:
    if _shared():
        entry = _local_get(key)
        if entry is not None and entry["until"] > time.time():
            return entry
    entry = cache.get(key)
    if entry is not None and _shared():
        _local_put(key, entry)
    return entry


def current_version(region_id: int) -> int:
    return total_version() if region_id == ALL_REGIONS else region_version(region_id)


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if getattr(request, "page_cache_refused", False):
        return False
    if any(name != settings.CSRF_COOKIE_NAME for name in response.cookies):
        return False
    control = response.get("Cache-Control", "")
    return "private" not in control and "no-store" not in control


def _without_tokens(request: HttpRequest, body: bytes) -> tuple[bytes, bool]:
    """The body with every CSRF token of the request's secret replaced by the placeholder."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret or b"csrf" not in body.lower():
        return body, False
    found = False

    def replace(match: re.Match) -> bytes:
        nonlocal found
        token = match.group(0)
        if _unmask_cipher_token(token.decode()) == secret:
            found = True
            return CSRF_PLACEHOLDER
        return token

    return _TOKEN.sub(replace, body), found


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        # Django's own CSRF cookie handling, for the tokens of kept pages.
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not candidate(request):
            return self.get_response(request)
        key = entry_key(request)
        request.page_cache_key = key
        try:
            entry = _find(key)
            answer = self.answer(request, entry) if entry is not None else None
        except Exception:  # the cache going away degrades to rendering
            answer = None
        if answer is not None:
            return answer
        response = self.get_response(request)
        marked = getattr(request, "page_cache", None)
        kept = marked is not None and _storable(request, response)
        if kept and self.keep(request, key, marked, response):
            _let_the_proxy_keep(response)
        return response

    def answer(self, request: HttpRequest, entry: dict) -> HttpResponse | None:
        if current_version(entry["region"]) != entry["version"]:
            return None
        scope = entry["rate_scope"]
        if scope:
            limit = RATE_SCOPES[scope]()
            if limit > 0:
                verdict = ratelimit.check_address(request, scope, limit)
                if not verdict.allowed:
                    # The view answers the 429 and must not count this request again.
                    request.rate_verdict = verdict
                    return None
        body = entry["body"]
        if entry["csrf"]:
            self.csrf.process_request(request)
            body = body.replace(CSRF_PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(body, status=entry["status"])
        for name, value in entry["headers"]:
            response.headers[name] = value
        response.headers["Content-Length"] = str(len(body))
        # For operators and `make scale-check`: this answer came from the page cache.
        response.headers["X-Page-Cache"] = "hit"
        if entry["csrf"]:
            response = self.csrf.process_response(request, response)
        else:
            _let_the_proxy_keep(response)
        return response

    def keep(self, request: HttpRequest, key: str, marked: tuple, response: HttpResponse) -> bool:
        """Keeps the answer; True when it holds no CSRF token (a proxy may keep it too)."""
        region_id, version, rate_scope = marked
        body, csrf = _without_tokens(request, response.content)
        dropped = _DROPPED
        if getattr(request, "public_language_code", None) is None:
            # Not a /<region>/<language>/ page (the v3 API): the interface language there
            # is the visitor's own choice, which the answer's bytes do not depend on.
            dropped = (*_DROPPED, "content-language", "vary")
        headers = [
            (name, value)
            for name, value in response.headers.items()
            if not name.lower().startswith(dropped)
        ]
        entry = {
            "region": region_id,
            "version": version,
            "rate_scope": rate_scope,
            "status": response.status_code,
            "headers": headers,
            "body": body,
            "csrf": csrf,
            "until": time.time() + seconds(),
        }
        # Not kept this time (the cache went away); the answer stands.
        if _shared():
            _local_put(key, entry)
        with contextlib.suppress(Exception):
            cache.set(key, entry, seconds())
        return not csrf
