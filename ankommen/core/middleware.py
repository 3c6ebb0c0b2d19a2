"""Refuses requests whose path or parameters PostgreSQL or the views cannot take.

PostgreSQL refuses the NUL character in text, so a `\\x00` in a search, a filter, a sign-up
or a feedback reached the database and answered 500 (issue 13). Bytes that are no UTF-8
(`%ff`) are turned into replacement characters by Django and stored as such. Instead of
cleaning each field, this middleware answers every such request once, up front, with 400
and a short page in the visitor's language (the page's language from the URL, else the
interface language): nothing is read, written or logged as an error.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
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


def page_language(request: HttpRequest) -> str:
    """The interface language the URL names (/<region>/<language>/…, /api/v3/<region>/
    <language>/…), else the one LocaleMiddleware chose."""
    interface = dict(settings.LANGUAGES)
    for segment in request.path_info.split("/")[1:5]:
        code = segment.split("-")[0].lower()
        if segment and code in interface:
            return code
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
