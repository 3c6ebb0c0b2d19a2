"""What every v1 answer gets, whichever view made it: the rate limit, CORS, the error
shape, Cache-Control, and conditional requests (ETag/If-None-Match and
Last-Modified/If-Modified-Since answered with 304), and the answer cache.

Answer cache: a built 200 answer is kept under the sum of the regions' content versions
(`ankommen.core.content_version`, raised in the same transaction as every save of anything
the read API shows, monitoring imports included), the interface language and the full path with
its query. A committed edit raises the version, so the next request builds the answer anew:
an edit is visible at once. Answers that depend on the clock ("open now", upcoming
events) are kept at most `API_CACHE_MAX_AGE` seconds, as long as clients may keep them anyway.

The ETag is a digest of the body, so it changes exactly when the answer does. The
Last-Modified time is the moment this URL's answer was first seen with its current ETag,
kept in the cache (`api:v1:since:…`): an answer that changes gets a newer time, so an
If-Modified-Since from a client holding an older answer never gets a 304. Like the rate
limit, this needs a cache shared by all workers; if the time is lost (eviction, restart),
the next answer simply counts as modified now.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe

from ankommen.api.v1 import conf, ratelimit
from ankommen.api.v1.errors import ApiError, error_response, is_error_shape
from ankommen.core.content_version import total_version

logger = logging.getLogger(__name__)

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": (
        "ETag, Last-Modified, Retry-After, RateLimit-Limit, RateLimit-Remaining, "
        "RateLimit-Reset, RateLimit-Policy, Content-Language"
    ),
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": ALLOWED_METHODS,
    "Access-Control-Allow-Headers": (
        "Authorization, X-API-Key, Accept, Accept-Language, If-None-Match, If-Modified-Since"
    ),
    "Access-Control-Max-Age": "86400",
}


def etag_for(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def _etag_matches(header: str, etag: str) -> bool:
    # Weak comparison (RFC 9110 13.1.2): W/"x" and "x" match for GET.
    wanted = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return "*" in wanted or etag in wanted


def _since(request: HttpRequest, etag: str) -> int:
    """When this URL's answer first had this ETag (seconds since the epoch)."""
    cache = conf.cache()
    place = hashlib.sha256(
        f"{request.get_full_path()}|{translation.get_language()}".encode()
    ).hexdigest()
    key = f"api:v1:since:{place}"
    known = cache.get(key)
    if known and known[0] == etag:
        return known[1]
    now = math.floor(time.time())
    # Strictly later than the answer it replaces, even within the same second.
    since = max(now, known[1] + 1) if known else now
    # Kept a day: a forgotten time only makes the next answer count as modified.
    cache.set(key, (etag, since), 86_400)
    return since


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    etag = etag_for(response.content)
    since = _since(request, etag)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(since)
    response["Cache-Control"] = f"public, max-age={conf.cache_max_age()}"
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        not_modified = _etag_matches(if_none_match, etag)
    else:
        # If-None-Match wins when both are sent (RFC 9110 13.2.2).
        asked = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        not_modified = asked is not None and since <= asked
    if not not_modified:
        return response
    unchanged = HttpResponse(status=304)
    for header in ("ETag", "Last-Modified", "Cache-Control", "Content-Language", "Vary"):
        if header in response:
            unchanged[header] = response[header]
    return unchanged


def _as_error_shape(response: HttpResponse) -> HttpResponse:
    if response.status_code < 400 or is_error_shape(response):
        return response
    replacement = error_response(response.status_code)
    for header in ("Allow", "Retry-After"):
        if header in response:
            replacement[header] = response[header]
    return replacement


def api_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wraps a view of /api/v1/ with the behaviour described at the top of this module."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ALLOWED_METHODS
            for name, value in PREFLIGHT_HEADERS.items():
                response[name] = value
            return _finish(response, {})
        head = request.method == "HEAD"
        if head:
            # Answered like GET, without the body.
            request.method = "GET"
        limits: dict[str, str] = {}
        try:
            verdict = ratelimit.check(request)
            limits = verdict.headers()
            if not verdict.allowed:
                response = error_response(429)
            else:
                response = _answer(request, lambda: view(request, *args, **kwargs))
        except ApiError as error:
            response = error_response(
                error.status, error.message, code=error.code, details=error.details
            )
        except Exception:
            logger.exception("v1 API request failed: %s", request.path)
            response = error_response(500)
        response = _as_error_shape(response)
        if request.method == "GET" and response.status_code == 200:
            response = _conditional(request, response)
        elif response.status_code >= 400:
            response["Cache-Control"] = "no-store"
        response = _finish(response, limits)
        if head:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response

    wrapper.csrf_exempt = True  # read-only: no request changes anything
    return wrapper


def _answer(request: HttpRequest, build: Callable[[], HttpResponse]) -> HttpResponse:
    """The view's answer, from the answer cache when this version has built it already."""
    if request.method != "GET":
        return build()
    place = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    key = f"api:v1:answer:t{total_version()}:{translation.get_language()}:{place}"
    cache = conf.answer_cache()
    kept = cache.get(key)
    if kept is not None:
        body, content_type = kept
        return HttpResponse(body, content_type=content_type)
    response = build()
    if response.status_code == 200 and not response.streaming:
        cache.set(key, (response.content, response["Content-Type"]), conf.cache_max_age())
    return response


def _finish(response: HttpResponse, limits: dict[str, str]) -> HttpResponse:
    for name, value in {**CORS_HEADERS, **limits}.items():
        response[name] = value
    response["Content-Language"] = translation.get_language() or "de"
    patch_vary_headers(response, ["Accept-Language"])
    return response
