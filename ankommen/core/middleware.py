"""Two middlewares: the interface language of a request, and refusing unreadable input.

`PublicLanguageMiddleware` (in place of Django's LocaleMiddleware): on a public page,
/<region>/<language>/…, the interface is in the language of the URL — pages, their 404, 403,
CSRF and 500 answers alike; everywhere else (staff pages, the admin, the platform's start page)
Django's choice from the cookie or Accept-Language, limited to `settings.STAFF_LANGUAGES`.

`RefuseUnreadableInputMiddleware` refuses requests whose path or parameters PostgreSQL or the
views cannot take.

PostgreSQL refuses the NUL character in text, so a `\\x00` in a search, a filter, a sign-up
or a feedback reached the database and answered 500 (issue 13). Bytes that are no UTF-8
(`%ff`) are turned into replacement characters by Django and stored as such. Instead of
cleaning each field, this middleware answers every such request once, up front, with 400
and a short page in the visitor's language (the page's language from the URL, else the
interface language): nothing is read, written or logged as an error.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from ankommen.core.modules import modules_with

FORM_TYPES = ("application/x-www-form-urlencoded",)
JSON_TYPES = ("application/json",)
# A body larger than this is not read here (Django's DATA_UPLOAD_MAX_MEMORY_SIZE refuses
# larger urlencoded bodies anyway; uploads are multipart and checked by their forms).
MAX_BODY = 2_621_440


def _bad_bytes(raw: bytes) -> bool:
    if b"\x00" in raw:
        return True
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _bad_query(text: str) -> bool:
    """A query string or urlencoded body: NUL or no UTF-8 once unquoted, field by field."""
    for field in text.replace(";", "&").split("&"):
        if _bad_bytes(unquote_to_bytes(field.replace("+", " "))):
            return True
    return False


def _contains_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_contains_nul(k) or _contains_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_contains_nul(v) for v in value)
    return False


def is_hostile(request: HttpRequest) -> bool:
    # In the path only NUL: Django keeps bytes that are no UTF-8 percent-encoded there
    # (a 404), and WSGI servers differ in how they pass such bytes on.
    if "\x00" in request.path_info:
        return True
    if _bad_query(request.META.get("QUERY_STRING", "")):
        return True
    if request.method not in ("POST", "PUT", "PATCH"):
        return False
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_BODY:
        return False
    if request.content_type in FORM_TYPES:
        return _bad_query(request.body.decode("latin-1"))
    if request.content_type == "multipart/form-data":
        # Parsed as CsrfViewMiddleware parses it anyway; files are their forms' business.
        return any(_contains_nul([name, *values]) for name, values in request.POST.lists())
    if request.content_type in JSON_TYPES:
        try:
            return _contains_nul(json.loads(request.body or b"null"))
        except (ValueError, UnicodeDecodeError):
            return False  # the view answers its own 400 for a body that is no JSON
    return False


# /<region>/<language>/…: the language segment as the <lang:…> converter reads it.
_PUBLIC_PATH = re.compile(
    r"^/(?P<region>[a-z0-9]+(?:-[a-z0-9]+)*)/(?P<lang>[a-z]{2,3}(?:-[a-zA-Z0-9]{1,8})*)/"
)
_NOT_REGIONS = frozenset({"admin", "api", "i18n", "static", "media", "healthz"})


def interface_language(code: str) -> str:
    """The interface language for a content language code: itself where the interface has
    it, else its base language (`de-AT` → `de`), else German."""
    interface = dict(settings.LANGUAGES)
    if code in interface:
        return code
    base = code.split("-")[0].lower()
    return base if base in interface else settings.LANGUAGE_CODE


def public_language_code(path: str) -> str | None:
    """The language segment of a public page's path, or None for any other path."""
    match = _PUBLIC_PATH.match(path)
    if match is None or match["region"] in _NOT_REGIONS:
        return None
    return match["lang"]


def staff_language(request: HttpRequest) -> str:
    """Django's choice (cookie, Accept-Language), limited to the staff languages."""
    chosen = translation.get_language_from_request(request)
    for code in (chosen, chosen.split("-")[0]):
        if code in settings.STAFF_LANGUAGES:
            return code
    return settings.LANGUAGE_CODE


class PublicLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        code = public_language_code(request.path_info)
        language = interface_language(code) if code else staff_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        request.public_language_code = code

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if getattr(request, "public_language_code", None) is None:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def page_language(request: HttpRequest) -> str:
    """The interface language the URL names (/<region>/<language>/…, /api/v3/<region>/
    <language>/…), else the one the language middleware chose."""
    code = public_language_code(request.path_info)
    if code:
        return interface_language(code)
    interface = dict(settings.LANGUAGES)
    for segment in request.path_info.split("/")[1:5]:
        if segment and segment in interface:
            return segment
    return getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)


def bad_request(request: HttpRequest) -> HttpResponse:
    with translation.override(page_language(request)):
        message = _(
            "Your request contains characters we cannot read (such as a null character or "
            "bytes that are not UTF-8). Please check the address or the form and try again."
        )
        for config in modules_with("error_response"):
            # A module that answers in its own error shape (API v1's JSON errors).
            answer = config.error_response(request, 400, message)
            if answer is not None:
                return answer
        if request.path_info.startswith("/api/"):
            return HttpResponse(
                json.dumps({"error": message}, ensure_ascii=False),
                status=400,
                content_type="application/json",
            )
        body = render_to_string(
            "core/bad_request.html",
            {"message": message, "language": translation.get_language()},
        )
    return HttpResponse(body, status=400)


class RefuseUnreadableInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_hostile(request):
            return bad_request(request)
        return self.get_response(request)
