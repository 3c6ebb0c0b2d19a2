"""The public portal at /<region>/<language>/: page tree, pages, kiosk, the service worker
for offline reading, the printable flyer and the legal pages (imprint, privacy statement,
accessibility statement with its feedback form)."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from ankommen.core import pagecache
from ankommen.core.http import set_filename
from ankommen.core.models import Language, Region
from ankommen.core.ratelimit import check_address, setting, too_many_requests
from ankommen.core.routing import region_view
from ankommen.core.town_choice import chosen_town
from ankommen.portal import cache
from ankommen.portal.content import Portal, legal_entry
from ankommen.portal.feedback import send_accessibility_feedback
from ankommen.portal.flyer import FORMATS, render_flyer
from ankommen.portal.forms import AccessibilityFeedbackForm
from ankommen.portal.models import SOURCE_LANGUAGE, GlossaryEntry, PageKind
from ankommen.portal.offline import MAX_VISITED, cache_name, cache_prefix, stored_set
from ankommen.portal.page_services import services_for
from ankommen.portal.phrases import phrases_for


def _languages(region: Region):
    return list(region.languages.all())


def _context(request, region, language, portal, **extra) -> dict:
    return {
        "region": region,
        "language": language,
        "portal": portal,
        "languages": _languages(region),
        "german": SOURCE_LANGUAGE,
        **extra,
    }


def _render_page(
    request: HttpRequest,
    region: Region,
    language: Language,
    *,
    name: str | None,
    build: Callable[[], tuple[str, str, dict]],
) -> HttpResponse:
    """Renders a public page: its <main> part from `build()` – (title, template, context) –
    and around it the per-request layout. For anonymous visitors the main part of a page
    with a `name` comes from the cache (see cache.py); signed-in people always get it
    fresh, so an editor never sees a copy made before her change, and nothing of hers is
    ever stored for others."""
    key = None
    cached = None
    if name is not None and not request.user.is_authenticated:
        town = chosen_town(request)
        # Read once; the header's town chooser keys its cached list by it too.
        request.content_version = cache.content_version(region.pk)
        key = cache.page_key(
            region.pk,
            request.content_version,
            language.code,
            translation.get_language(),
            # A page shows its services for the visitor's town: one copy per town.
            town.pk if town is not None else "-",
            name,
        )
        cached = cache.get(key)
    if cached is None:
        title, template, context = build()  # may raise Http404: errors are not cached
        # Without the request: no context processors, so no CSRF token, user or messages.
        cached = (title, render_to_string(template, context))
        if key is not None:
            cache.put(key, cached)
    title, main = cached
    response = render(
        request,
        "portal/layout.html",
        {
            "region": region,
            "language": language,
            "page_title": title,
            "portal_main": mark_safe(main),  # safe: our own template's output  # noqa: S308
        },
    )
    if key is not None:
        # The whole answer too, for the next anonymous visitor (ankommen/core/pagecache.py).
        pagecache.allow(request, region.pk, request.content_version)
    return response


@require_safe
@region_view
def index(request: HttpRequest, region: Region, language: Language) -> HttpResponse:
    def build():
        portal = Portal(region, language)
        return region.name, "portal/index.html", _context(request, region, language, portal)

    return _render_page(request, region, language, name="index", build=build)


@require_safe
@region_view
def page_detail(
    request: HttpRequest, region: Region, language: Language, slug: str
) -> HttpResponse:
    def build():
        portal = Portal(region, language)
        entry = portal.by_slug.get(slug)
        if entry is None:
            raise Http404("No such page.")
        glossary = _glossary(region, language) if slug == "glossar" else []
        town = chosen_town(request)
        services, choose_town = services_for(entry.page, language, town)
        context = _context(
            request,
            region,
            language,
            portal,
            entry=entry,
            breadcrumbs=portal.breadcrumbs(entry),
            glossary=glossary,
            services=services,
            choose_town=choose_town,
            town=town,
            towns=region.towns(),
            privacy_url=f"/{region.slug}/{language.code}/datenschutz/",
        )
        return f"{entry.title} – {region.name}", "portal/page.html", context

    return _render_page(request, region, language, name=f"page:{slug}", build=build)


def _glossary(region: Region, language: Language, audience: str | None = None) -> list[dict]:
    """The glossary's entries for `audience` (default: the newcomers') in the visitor's
    language, else German, else English; `lang` names the language shown."""
    rows = []
    for item in region.glossary.filter(audience=audience or GlossaryEntry.Audience.NEWCOMERS):
        code = language.code if language.code in item.explanation else SOURCE_LANGUAGE
        if code not in item.explanation:
            code = "en"
        found = item.in_language(code)
        if found:
            rows.append(
                {
                    "term": item.term,
                    "expansion": found[0],
                    "explanation": found[1],
                    "lang": code,
                    # A word explained ("Anmeldung (înregistrarea domiciliului)") names
                    # itself; an abbreviation is followed by its full form.
                    "names_term": found[0].startswith(item.term),
                }
            )
    return rows


@require_safe
@region_view
def professional_glossary(request: HttpRequest, region: Region, language: Language) -> HttpResponse:
    """The professionals' glossary: the jargon of the integration work (GO, NGO, KIM …),
    kept apart from the newcomers' glossary and linked from the side for professionals."""

    def build():
        portal = Portal(region, language)
        glossary = _glossary(region, language, GlossaryEntry.Audience.PROFESSIONALS)
        if not glossary:
            raise Http404("No glossary for professionals.")
        context = _context(request, region, language, portal, glossary=glossary)
        title = phrases_for(language)["glossary_professionals"]
        return f"{title} – {region.name}", "portal/glossary_professionals.html", context

    return _render_page(request, region, language, name="glossary-professionals", build=build)


# --- Kiosk ---------------------------------------------------------------------------------


def _kiosk_home(region: Region) -> str:
    return reverse(
        "portal:kiosk", kwargs={"region": region.slug, "language": region.default_language.code}
    )


@never_cache
@require_safe
@region_view
def kiosk(request: HttpRequest, region: Region, language: Language) -> HttpResponse:
    portal = Portal(region, language)
    return render(
        request,
        "portal/kiosk.html",
        _context(request, region, language, portal, kiosk_home=_kiosk_home(region)),
    )


@never_cache
@require_safe
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


@require_safe
@region_view
def service_worker(request: HttpRequest, region: Region, language: Language) -> HttpResponse:
    """The service worker for /<region>/<language>/: on installation it stores the pages of
    the language and of the visitor's town (offline.py) and the offline page; afterwards it
    answers from the network and falls back to what it stored, and to the offline page for
    a page it has not. The script names the region's content version and the town: when
    either changes, the browser installs the new worker, which stores the new set."""
    town = chosen_town(request)
    stored = stored_set(region, language, town)
    offline_url = reverse(
        "portal:offline", kwargs={"region": region.slug, "language": language.code}
    )
    urls = [*stored.urls(), offline_url]
    urls += [
        static("ankommen/base.css"),
        static("portal/portal.css"),
        static("portal/portal.js"),
        static("directory/directory.css"),
    ]
    config = {
        "cache": cache_name(region, language, cache.content_version(region.pk), town),
        "prefix": cache_prefix(region, language),
        # The worker of an earlier release named its caches so; deleted on activation.
        "legacy": f"portal-{region.slug}-{language.code}-",
        "urls": urls,
        "offline": offline_url,
        "visited": MAX_VISITED,
    }
    script = f"const CONFIG = {json.dumps(config)};\n" + render_to_string("portal/sw.js")
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse(
        "portal:index", kwargs={"region": region.slug, "language": language.code}
    )
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
@region_view
def offline(request: HttpRequest, region: Region, language: Language) -> HttpResponse:
    """The page the service worker shows for a page it has not stored: in the visitor's
    language, with links to every page it has (the same set it stores)."""

    def build():
        town = chosen_town(request)
        context = {
            "region": region,
            "language": language,
            "german": SOURCE_LANGUAGE,
            "stored": stored_set(region, language, town),
        }
        return _("You are offline"), "portal/offline.html", context

    return _render_page(request, region, language, name="offline", build=build)


# --- Flyer ---------------------------------------------------------------------------------


@require_safe
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
    set_filename(response, f"ankommen-{region.slug}-{language.code}-{size}.pdf", inline=True)
    return response


# --- Legal pages ---------------------------------------------------------------------------


def _legal_context(region: Region, language: Language, kind: str, **extra) -> tuple[str, dict]:
    entry = legal_entry(region, language, kind)
    if entry is None:
        raise Http404("This region has not published this page.")
    context = {
        "region": region,
        "language": language,
        "languages": _languages(region),
        "german": SOURCE_LANGUAGE,
        "entry": entry,
        "url_name": entry.page.public_url_name,
        **extra,
    }
    return f"{entry.title} – {region.name}", context


def _legal_page(request: HttpRequest, region: Region, language: Language, kind: str):
    def build():
        title, context = _legal_context(region, language, kind)
        return title, "portal/legal.html", context

    return _render_page(request, region, language, name=f"legal:{kind}", build=build)


@require_safe
@region_view
def imprint(request: HttpRequest, region: Region, language: Language) -> HttpResponse:
    return _legal_page(request, region, language, PageKind.IMPRINT)


@require_safe
@region_view
def privacy(request: HttpRequest, region: Region, language: Language) -> HttpResponse:
    return _legal_page(request, region, language, PageKind.PRIVACY)


def feedback_rate_limit_per_minute() -> int:
    """The accessibility form counts against the same limit as the apps' feedback
    (API_FEEDBACK_RATE_LIMIT_PER_MINUTE), in its own bucket; 0 switches it off."""
    return setting("API_FEEDBACK_RATE_LIMIT_PER_MINUTE", 10)


@require_http_methods(["GET", "HEAD", "POST"])
@region_view
def accessibility(request: HttpRequest, region: Region, language: Language) -> HttpResponse:
    """The accessibility statement and its feedback form. Not cached: the form carries the
    visitor's CSRF token and, after an error, her own input."""
    status = 200
    if request.method == "POST":
        # Anyone may post, so every post counts against its address, valid or not.
        verdict = check_address(request, "accessibility-feedback", feedback_rate_limit_per_minute())
        if not verdict.allowed:
            return too_many_requests(
                request, verdict, _("Too many messages from your address. Please wait a minute.")
            )
        form = AccessibilityFeedbackForm(request.POST)
        if form.is_valid():
            send_accessibility_feedback(form, region=region, language=language)
            messages.success(
                request,
                _("Thank you. Your message has been sent to the editors of this website."),
            )
            return redirect(request.path)
        status = 400
    else:
        form = AccessibilityFeedbackForm()
    title, context = _legal_context(region, language, PageKind.ACCESSIBILITY, form=form)
    main = render_to_string("portal/legal.html", context, request=request)
    response = render(
        request,
        "portal/layout.html",
        {
            "region": region,
            "language": language,
            "page_title": title,
            "portal_main": mark_safe(main),  # safe: our own template's output  # noqa: S308
        },
        status=status,
    )
    return response
