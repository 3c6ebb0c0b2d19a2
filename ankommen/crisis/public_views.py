"""The public news of a region: the published items, each in the page's language or in
German where it has no text in it yet."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from ankommen.core.models import Language, Region
from ankommen.core.routing import region_view
from ankommen.crisis.models import NewsItem


def _published(region: Region):
    return (
        NewsItem.objects.published()
        .filter(region=region)
        .select_related("area")
        .prefetch_related("translations__language")
    )


@region_view
def news_list(request: HttpRequest, region: Region, language: Language) -> HttpResponse:
    items = [(item, item.text_in(language.code)) for item in _published(region)[:50]]
    return render(request, "crisis/public/news_list.html", {"items": items})


@region_view
def news_detail(request: HttpRequest, region: Region, language: Language, pk: int) -> HttpResponse:
    item = _published(region).filter(pk=pk).first()
    if item is None:
        raise Http404
    return render(
        request,
        "crisis/public/news_detail.html",
        {"item": item, "text": item.text_in(language.code)},
    )
