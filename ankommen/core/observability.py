"""What an operator watches: a request id on every request and log line, logs as one JSON
object per line, and error reports to Sentry or GlitchTip (docs/operations.md).

The request id comes from the proxy's X-Request-ID when it is sane (nginx: `$request_id`),
else it is made here; it is answered in the X-Request-ID header, stands in every log line
written while the request runs, and tags the error report, so that one complaint ("the page
said error at 10:14") leads to the proxy's log, the application's log and the report alike.

JSON lines come from a small `logging.Formatter` of the standard library rather than a
further dependency: the fields are few and fixed, and `json.dumps` writes them.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from importlib import metadata

from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy's id may look like: nginx's $request_id is 32 hex digits, others use UUIDs.
# Anything else (too long, spaces, control characters that would forge log lines) is
# replaced by an id of our own.
_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")

_request_id: ContextVar[str | None] = ContextVar("ankommen_request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request being answered in this thread or task, or None outside one."""
    return _request_id.get()


def request_id_from(header: str | None) -> str:
    """The proxy's id when it is sane, else a new random one."""
    if header and _SANE_ID.match(header):
        return header
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Gives each request its id (`request.request_id`) and answers it in X-Request-ID."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        token = _request_id.set(request_id)
        try:
            _tag_error_reports(request_id)
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every record (`-` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            # Django logs a request's 4xx and 5xx after the middleware has returned, with
            # the request attached.
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", None) or current_request_id() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request id,
    and the traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or current_request_id(),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def start_error_reports(*, dsn: str, environment: str) -> None:
    """Sends unhandled errors (and ERROR log records) to Sentry or GlitchTip. No personal
    data: no user, no cookies, no request bodies (case data must never leave the
    installation in an error report)."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=_release(),
        integrations=[DjangoIntegration()],
        # sentry-sdk 3's data collection: no user, cookies, bodies, query strings or local
        # variables (a frame's variables may hold a decrypted case).
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_bodies": [],
            "url_query_params": {"mode": "off"},
            "stack_frame_variables": False,
            "database_query_data": False,
        },
        traces_sample_rate=None,
    )


def _release() -> str | None:
    try:
        return f"ankommen@{metadata.version('ankommen')}"
    except metadata.PackageNotFoundError:  # run from a source tree that is not installed
        return None


def _tag_error_reports(request_id: str) -> None:
    try:
        import sentry_sdk
    except ImportError:  # pragma: no cover - sentry-sdk is a dependency
        return
    if sentry_sdk.get_client().is_active():
        sentry_sdk.get_isolation_scope().set_tag("request_id", request_id)
