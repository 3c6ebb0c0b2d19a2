"""The one public search page at /<region>/<language>/suche/."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ankommen.core.models import Language, Region
from ankommen.core.ratelimit import search_limit
from ankommen.core.routing import region_view
from ankommen.search.engine import MAX_QUERY, one_search


@require_safe
@region_view
def results(request: HttpRequest, region: Region, language: Language) -> HttpResponse:
    refused = search_limit(request)
    if refused is not None:
        return refused
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    return render(
        request,
        "search/public/results.html",
        {
            "region": region,
            "language": language,
            "query": query,
            "results": one_search(region, language, query) if query else None,
        },
    )
