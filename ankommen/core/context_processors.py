from __future__ import annotations

from functools import partial

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from ankommen.core import town_choice
from ankommen.core.models import Region


def _public_region(request: HttpRequest):
    """The region and language of a public path whose view never ran (a URL that resolves
    to nothing, so its 404 page still gets the public header in the URL's language)."""
    code = request.public_language_code
    slug = request.path_info.split("/")[1]
    region = Region.objects.select_related("default_language").filter(slug=slug).first()
    if region is None:
        return None, None
    language = region.languages.filter(code=code).first() or region.default_language
    return region, language


def switch_language_url(request: HttpRequest, code: str) -> str:
    """This page's address in another language: the language segment replaced."""
    parts = request.path_info.split("/")
    parts[2] = code
    path = "/".join(parts)
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{query}" if query else path


def language_choices(request: HttpRequest, region: Region) -> list[tuple]:
    from ankommen.core.routing import offered_languages

    return [(lang, switch_language_url(request, lang.code)) for lang in offered_languages(region)]


def offline_worker(request: HttpRequest, region: Region, language) -> dict | None:
    """The service worker of the region and language (the portal's, for offline reading),
    its scope, the name its caches start with (`cache_prefix()` in portal/offline.py) and
    the visitor's town: a page that finds no cache for the town asks the worker to update
    (it then stores the town's pages)."""
    kwargs = {"region": region.slug, "language": language.code}
    try:
        url = reverse("portal:sw", kwargs=kwargs)
    except NoReverseMatch:
        return None
    town = town_choice.chosen_town(request)
    return {
        "url": url,
        "scope": reverse("portal:index", kwargs=kwargs),
        "cache": f"ankommen-{region.slug}-{language.code}-",
        "town": town.pk if town is not None else 0,
    }


def region(request: HttpRequest) -> dict:
    """The region and content language that `region_view` resolved, for the base layout
    (its lang and dir attributes, the public header and footer, the language chooser)."""
    found = getattr(request, "region", None)
    language = getattr(request, "content_language", None)
    public = getattr(request, "public_language_code", None) is not None
    if public and found is None:
        found, language = _public_region(request)
    public = public and found is not None and language is not None
    interface = translation.get_language() or settings.LANGUAGE_CODE
    return {
        # The interface's lang and dir attributes (Leichte Sprache is announced as German).
        "interface_lang": interface.split("-")[0] if interface == "de-x-ls" else interface,
        "interface_dir": "rtl" if translation.get_language_bidi() else "ltr",
        "staff_languages": settings.STAFF_LANGUAGES,
        "region": found,
        "content_language": language,
        "unavailable_language": getattr(request, "unavailable_language", None),
        # The language of the page's address, for the chooser's link (also where the
        # content is shown in an interface language).
        "town_choice_language": getattr(request, "content_language", None)
        or getattr(request, "unavailable_language", None),
        # Callables: the template asks only on the public pages that show the chooser.
        "chosen_town": lambda: town_choice.chosen_town(request),
        "town_choices": lambda: town_choice.choices(request),
        "public_page": public,
        "public_language": language if public else None,
        "language_choices": partial(language_choices, request, found) if public else None,
        "language_not_offered": getattr(request, "language_not_offered", None),
        "offline_worker": partial(offline_worker, request, found, language) if public else None,
    }


def staff_header(request: HttpRequest) -> dict:
    """The modules of the signed-in person in the current region, for the header of every
    staff page (`staff_base.html`); computed only when a template asks."""

    def modules() -> list:
        from ankommen.core.modules import staff_modules

        region_obj = getattr(request, "region", None)
        user = getattr(request, "user", None)
        if region_obj is None or user is None or not user.is_authenticated:
            return []
        cached = getattr(request, "_staff_modules", None)
        if cached is None:
            cached = staff_modules(user, region_obj)
            request._staff_modules = cached
        return cached

    def current() -> str:
        """The address of the module the current page belongs to: the longest of the
        modules' addresses that the page's path starts with."""
        path = request.path
        matching = [m.url for m in modules() if path.startswith(m.url)]
        return max(matching, key=len, default="")

    return {"staff_modules": modules, "staff_module_current": current}
