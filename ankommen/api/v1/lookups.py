"""What every v1 resource shares: the one way in to a region and its language, the error
for a missing object, pagination, and the responses every operation documents."""

from __future__ import annotations

import math
import re
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from ankommen.api.v1 import schemas as s
from ankommen.api.v1.errors import ApiError
from ankommen.core.models import Language, Region

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")

ERRORS = {400: s.Error, 401: s.Error, 404: s.Error, 429: s.Error, 500: s.Error}


def answers(schema) -> dict:
    """The responses of an operation: its schema for 200, the error shape for the rest."""
    return {200: schema, **ERRORS}


def find_region(slug: str) -> Region:
    region = None
    if SLUG.match(slug):
        region = Region.objects.select_related("default_language").filter(slug=slug).first()
    if region is None:
        raise ApiError(404, _("There is no region “%(slug)s”.") % {"slug": slug[:80]})
    return region


def find_language(region: Region, code: str) -> Language:
    language = None
    if _LANGUAGE.match(code):
        language = region.languages.filter(code=code).first()
    if language is None:
        raise ApiError(
            404,
            _("The region %(region)s offers no content in the language “%(code)s”.")
            % {"region": region.name, "code": code[:20]},
        )
    return language


def missing(message: str, key) -> ApiError:
    return ApiError(404, message % {"key": str(key)[:80]})


def paginate(request: HttpRequest, items, params: s.PageParams, serialize, prepare=None) -> dict:
    """One page of `items` (a queryset or a list) in the shape of `schemas.Paginated`;
    `prepare` gets the page's items before `serialize` gets each of them."""
    count = items.count() if isinstance(items, QuerySet) else len(items)
    pages = math.ceil(count / params.page_size)
    start = (params.page - 1) * params.page_size
    chunk = list(items[start : start + params.page_size]) if start < count else []
    if prepare is not None:
        prepare(chunk)

    def link(page: int) -> str:
        query = request.GET.copy()
        query["page"] = str(page)
        return f"{request.path}?{urlencode(sorted(query.items()))}"

    return {
        "count": count,
        "page": params.page,
        "page_size": params.page_size,
        "pages": pages,
        "next": link(params.page + 1) if params.page < pages else None,
        "previous": link(min(params.page - 1, pages)) if params.page > 1 and pages else None,
        "results": [serialize(item) for item in chunk],
    }


def as_float(number) -> float | None:
    return None if number is None else float(number)
