"""The one error shape of the v1 API.

Every error, whatever raised it (an unknown region, a bad parameter, a wrong method, the
rate limit, a crash, a path that does not exist), answers

    {"error": {"status": 404, "code": "not_found", "message": "…", "details": [...]}}

with `message` in the interface language of the request (Accept-Language, German default)
and `code` stable for programs to branch on.
"""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.utils.translation import gettext as _

ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    429: "too_many_requests",
    500: "server_error",
}


class ApiError(Exception):
    """Raised by a view to answer with an error in the documented shape."""

    def __init__(
        self, status: int, message: str, *, code: str | None = None, details: list | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or ERROR_CODES.get(status, "error")
        self.details = details or []


def not_found(message: str | None = None) -> ApiError:
    return ApiError(404, message or _("Not found."))


def default_message(status: int) -> str:
    messages = {
        400: _("The request has a bad parameter."),
        401: _("The API key is unknown or no longer valid."),
        404: _("Not found."),
        405: _("This method is not allowed here; the API is read-only."),
        429: _("Too many requests. Please wait before you ask again."),
        500: _("Something went wrong on our side. Please try again later."),
    }
    return messages.get(status, _("The request could not be answered."))


def error_body(status: int, message: str, code: str | None = None, details=None) -> dict:
    return {
        "error": {
            "status": status,
            "code": code or ERROR_CODES.get(status, "error"),
            "message": message,
            "details": details or [],
        }
    }


def error_response(
    status: int, message: str | None = None, *, code: str | None = None, details=None
) -> HttpResponse:
    body = error_body(status, message or default_message(status), code, details)
    return HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type="application/json; charset=utf-8",
    )


def is_error_shape(response: HttpResponse) -> bool:
    if not response.get("Content-Type", "").startswith("application/json"):
        return False
    if getattr(response, "streaming", False):
        return False
    try:
        body = json.loads(response.content)
    except ValueError:
        return False
    return isinstance(body, dict) and isinstance(body.get("error"), dict)
