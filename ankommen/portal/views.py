"""The public portal at /<region>/<language>/: page tree, pages, search, kiosk, the
service worker for offline reading and the printable flyer."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ankommen.core.models import Language, Region
from ankommen.core.routing import region_view
from ankommen.portal.content import Portal, search
from ankommen.portal.flyer import FORMATS, render_flyer
from ankommen.portal.models import SOURCE_LANGUAGE


def _languages(region: Region):
    return list(region.languages.all())


def _context(request, region, language, portal, **extra) -> dict:
    return {
        "region": region,
        "language": language,
        "portal": portal,
        "languages": _languages(region),
        "german": SOURCE_LANGUAGE,
        "sw_url": reverse("portal:sw", kwargs={"region": region.slug, "language": language.code}),
        **extra,
    }


@require_GET
@region_view
def index(request: HttpRequest, region: Region, language: Language) -> HttpResponse:
    portal = Portal(region, language)
    return render(request, "portal/index.html", _context(request, region, language, portal))


@require_GET
@region_view
def page_detail(
    request: HttpRequest, region: Region, language: Language, slug: str
) -> HttpResponse:
    portal = Portal(region, language)
    entry = portal.by_slug.get(slug)
    if entry is None:
        raise Http404("No such page.")
    glossary = []
    if slug == "glossar":
        glossary = _glossary(region, language)
    return render(
        request,
        "portal/page.html",
        _context(
            request,
            region,
            language,
            portal,
            entry=entry,
            breadcrumbs=portal.breadcrumbs(entry),
            glossary=glossary,
        ),
    )


def _glossary(region: Region, language: Language) -> list[dict]:
    rows = []
    for item in region.glossary.all():
        code = language.code if language.code in item.explanation else SOURCE_LANGUAGE
        if code not in item.explanation:
            code = "en"
        found = item.in_language(code)
        if found:
            rows.append(
                {"term": item.term, "expansion": found[0], "explanation": found[1], "lang": code}
            )
    return rows


@require_GET
@region_view
def search_view(request: HttpRequest, region: Region, language: Language) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    portal = Portal(region, language)
    results = search(region, language, query) if query else []
    return render(
        request,
        "portal/search.html",
        _context(request, region, language, portal, query=query, results=results),
    )


# --- Kiosk ---------------------------------------------------------------------------------


def _kiosk_home(region: Region) -> str:
    return reverse(
        "portal:kiosk", kwargs={"region": region.slug, "language": region.default_language.code}
    )


@never_cache
@require_GET
@region_view
def kiosk(request: HttpRequest, region: Region, language: Language) -> HttpResponse:
    portal = Portal(region, language)
    return render(
        request,
        "portal/kiosk.html",
        _context(request, region, language, portal, kiosk_home=_kiosk_home(region)),
    )


@never_cache
@require_GET
@region_view
def kiosk_page(request: HttpRequest, region: Region, language: Language, slug: str) -> HttpResponse:
    portal = Portal(region, language)
    entry = portal.by_slug.get(slug)
    if entry is None:
        raise Http404("No such page.")
    return render(
        request,
        "portal/kiosk_page.html",
        _context(
            request,
            region,
            language,
            portal,
            entry=entry,
            breadcrumbs=portal.breadcrumbs(entry),
            kiosk_home=_kiosk_home(region),
        ),
    )


# --- Offline -------------------------------------------------------------------------------


@require_GET
@region_view
def service_worker(request: HttpRequest, region: Region, language: Language) -> HttpResponse:
    """The service worker for /<region>/<language>/: on installation it caches the
    language's pages, afterwards it answers from the network and falls back to the cache."""
    portal = Portal(region, language)
    kwargs = {"region": region.slug, "language": language.code}
    urls = [reverse("portal:index", kwargs=kwargs)] + [
        reverse("portal:page", kwargs={**kwargs, "slug": e.page.slug}) for e in portal.all()
    ]
    urls += [static("ankommen/base.css"), static("portal/portal.css"), static("portal/portal.js")]
    version = max([e.shown.updated_at.timestamp() for e in portal.all() if e.shown] or [0])
    config = {"cache": f"portal-{region.slug}-{language.code}-{int(version)}", "urls": urls}
    script = f"const CONFIG = {json.dumps(config)};\n" + render_to_string("portal/sw.js")
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("portal:index", kwargs=kwargs)
    response["Cache-Control"] = "no-cache"
    return response


# --- Flyer ---------------------------------------------------------------------------------


@require_GET
@region_view
def flyer(request: HttpRequest, region: Region, language: Language) -> HttpResponse:
    size = request.GET.get("format", "a4").lower()
    if size not in FORMATS:
        raise Http404("Unknown flyer format.")
    portal = Portal(region, language)
    url = request.build_absolute_uri(
        reverse("portal:index", kwargs={"region": region.slug, "language": language.code})
    )
    pdf = render_flyer(portal, url=url, size=size)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="ankommen-{region.slug}-{language.code}-{size}.pdf"'
    )
    return response
