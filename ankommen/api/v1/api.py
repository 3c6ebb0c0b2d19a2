"""ankommen's own read API, /api/v1/: public data only (published pages, public offers,
published indicators), described by the OpenAPI document at /api/v1/openapi.json.

django-ninja generates the document from the type hints and schemas of the resources,
one module and router each (`regions.py`, `organisations.py`, `pages.py`, `offers.py`,
`places.py`, `events.py`, `monitoring.py`; what they share is in `lookups.py`); this module
puts them together under one API with one error shape. What every answer shares (rate
limit, CORS, error shape, ETag/Last-Modified) is added around each view in `http.py`. Bad
parameters answer 400, unknown regions, languages and objects 404, always in the shape of
`errors.py`.
"""

from __future__ import annotations

import logging

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from ankommen.api.v1 import events, monitoring, offers, organisations, pages, places, regions
from ankommen.api.v1.errors import ApiError, error_response

logger = logging.getLogger(__name__)

DESCRIPTION = """
Public, read-only data of the regions on this ankommen installation: regions and their
areas, languages, organisations, first-orientation pages with their translations, offers
of the directory (with its filters and search), places, events and the monitoring's
indicators and values. Nothing here is personal data; unpublished content never appears.

**Pagination**: every list takes `page` (from 1) and `page_size` (default 20, at most 100)
and answers `count`, `pages`, `next` and `previous` (addresses of the neighbouring pages,
or null). Lists are ordered by a unique key, so pages are stable while the data is.

**Caching**: answers carry `ETag`, `Last-Modified` and `Cache-Control: public,
max-age=60`; send `If-None-Match` or `If-Modified-Since` to get `304 Not Modified`.

**Errors** always have the shape `{"error": {"status", "code", "message", "details"}}`;
`message` is in the language of `Accept-Language` (German by default, or English).

**Rate limits**: without a key, per IP address; partners send their key as
`Authorization: Bearer <key>` or `X-API-Key: <key>` for a higher limit. Every answer
carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`; over the limit the
answer is `429` with `Retry-After` (seconds).

**CORS**: every answer allows any origin (`Access-Control-Allow-Origin: *`).
""".strip()


class V1Api(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        # The key is optional (anonymous use is allowed), so it is described as a scheme
        # but required by no operation.
        schema.setdefault("components", {})["securitySchemes"] = {
            "bearerKey": {"type": "http", "scheme": "bearer"},
            "apiKeyHeader": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
        }
        return schema

    def get_openapi_operation_id(self, operation) -> str:
        # The view's name: stable, readable ids for generated clients.
        return operation.view_func.__name__


api = V1Api(
    title="ankommen API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api_v1",
    openapi_url="openapi.json",
    docs_url=None,
)

# One router per resource, in the order the document lists them.
for resource in (regions, organisations, pages, offers, places, events, monitoring):
    api.add_router("", resource.router)


# --- Errors ------------------------------------------------------------------------------


@api.exception_handler(ApiError)
def _api_error(request, error: ApiError):
    return error_response(error.status, error.message, code=error.code, details=error.details)


@api.exception_handler(NinjaValidationError)
def _bad_parameter(request, error: NinjaValidationError):
    details = [
        {"loc": [str(part) for part in e.get("loc", [])], "msg": str(e.get("msg", ""))}
        for e in error.errors
    ]
    return error_response(400, details=details)


@api.exception_handler(Http404)
def _not_found(request, error):
    return error_response(404)


@api.exception_handler(HttpError)
def _http_error(request, error: HttpError):
    return error_response(error.status_code)


@api.exception_handler(Exception)
def _crash(request, error):
    logger.exception("v1 API request failed: %s", request.path, exc_info=error)
    return error_response(500)
