"""Region- and language-scoped public URLs: /<region>/<language>/…

Every public page of a module lives below a region's slug and a content language that the
region offers. `region_view` resolves both (404 for an unknown region or a language the
region does not offer), puts them on the request and into the templates' context, and
switches the interface language to the content language where the interface has it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import register_converter
from django.utils import translation
from django.utils.translation import gettext as _

from ankommen.core.models import Language, Region


class LanguageConverter:
    """A BCP 47 tag in a URL: de, ar, de-x-ls …"""

    regex = r"[a-z]{2,3}(?:-[a-zA-Z0-9]{1,8})*"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LanguageConverter, "lang")


def resolve_region_language(region_slug: str, language_code: str) -> tuple[Region, Language]:
    region = get_object_or_404(Region, slug=region_slug)
    language = region.languages.filter(code=language_code).select_related("variant_of").first()
    if language is None:
        raise Http404(_("This region offers no content in that language."))
    return region, language


def region_view(
    view: Callable[..., HttpResponse] | None = None, *, interface_language_content: bool = False
):
    """For views routed as <slug:region>/<lang:language>/…; the view receives the Region
    and Language objects instead of the slugs.

    `interface_language_content=True` is for modules whose content exists only in the
    interface languages (German, English): for any other language the page is shown in the
    interface language, marked up as such (lang, dir), with a notice that names the
    language that was asked for. Links keep the asked-for language.
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, region: str, language: str, *args, **kwargs):
            region_obj, language_obj = resolve_region_language(region, language)
            request.region = region_obj
            request.content_language = language_obj
            interface = language_obj.html_lang
            interface_languages = dict(settings.LANGUAGES)
            if interface in interface_languages and not request.COOKIES.get(
                settings.LANGUAGE_COOKIE_NAME
            ):
                translation.activate(interface)
                request.LANGUAGE_CODE = interface
            if interface_language_content and (
                interface not in interface_languages or language_obj.variant_of_id
            ):
                request.content_language = None
                request.unavailable_language = language_obj
            return view(request, region_obj, language_obj, *args, **kwargs)

        return wrapper

    if view is not None:
        return decorate(view)
    return decorate
