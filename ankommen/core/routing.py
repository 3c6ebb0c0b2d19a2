"""The two ways into a region's pages: `region_view` for the public, `staff_view` for staff.

Every public page of a module lives below a region's slug and a content language that the
region offers: /<region>/<language>/…. `region_view` resolves both (404 for an unknown
region or a language the region does not offer), puts them on the request and into the
templates' context, and shows the interface in the same language (falling back to German
for a language the interface lacks).

Every staff page lives below /<region>/intern/<module>/…. `staff_view` resolves the region,
asks for sign-in, the module's permission for the region and, for case pages, the second
factor — in that order and with the same answers for every module (see its docstring).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import register_converter
from django.utils import translation
from django.utils.translation import gettext as _

from ankommen.core.middleware import interface_language
from ankommen.core.models import Language, Region
from ankommen.core.modules import modules_with


class LanguageConverter:
    """A BCP 47 tag in a URL: de, ar, de-x-ls …"""

    regex = r"[a-z]{2,3}(?:-[a-zA-Z0-9]{1,8})*"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LanguageConverter, "lang")

# Codes other software uses for a content language that is stored here under another code:
# the Integreat apps know Leichte Sprache as `de-si`. A URL with such a code resolves to the
# stored language; the old URLs keep working. (API v3 answers with the apps' code,
# api/v3/common.py `app_code`.)
LANGUAGE_ALIASES = {"de-si": "de-x-ls"}


class LanguageNotOffered(Http404):
    """A region asked for in a language it does not offer: the 404 page is shown in the
    region's default language and links to each language it offers."""


def resolve_region_language(region_slug: str, language_code: str) -> tuple[Region, Language]:
    """The region and the language; the region's languages, read in the same query, are
    kept on it for the language chooser (`offered_languages`)."""
    region = get_object_or_404(Region, slug=region_slug)
    language_code = LANGUAGE_ALIASES.get(language_code, language_code)
    region.offered = offered_languages(region)
    language = next((lang for lang in region.offered if lang.code == language_code), None)
    if language is None:
        raise LanguageNotOffered(_("This region offers no content in that language."))
    return region, language


def offered_languages(region: Region) -> list[Language]:
    """The region's content languages in their order: the public language chooser."""
    if getattr(region, "offered", None) is not None:
        return region.offered
    return list(region.languages.select_related("variant_of").order_by("sort_order", "code"))


def use_public_language(request: HttpRequest, region: Region, language: Language) -> None:
    """Puts the region and language on the request and shows the interface in it."""
    request.region = region
    request.content_language = language
    interface = interface_language(language.code)
    translation.activate(interface)
    request.LANGUAGE_CODE = interface


def region_view(
    view: Callable[..., HttpResponse] | None = None, *, interface_language_content: bool = False
):
    """For views routed as <slug:region>/<lang:language>/…; the view receives the Region
    and Language objects instead of the slugs.

    The language of the URL is both the content and the interface language (one language
    per visit). A language the region does not offer: 404 in the region's default language,
    with a link to each language it offers.

    `interface_language_content=True` is for modules whose texts exist mostly in German and
    English (monitoring, action plan, the interpreter page): in any other language the page
    says, in that language, that some texts are shown in German.
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, region: str, language: str, *args, **kwargs):
            try:
                region_obj, language_obj = resolve_region_language(region, language)
            except LanguageNotOffered:
                region_obj = Region.objects.select_related("default_language").get(slug=region)
                use_public_language(request, region_obj, region_obj.default_language)
                request.language_not_offered = language
                raise
            use_public_language(request, region_obj, language_obj)
            if interface_language_content and (
                language_obj.code not in settings.STAFF_LANGUAGES or language_obj.variant_of_id
            ):
                request.unavailable_language = language_obj
            return view(request, region_obj, language_obj, *args, **kwargs)

        return wrapper

    if view is not None:
        return decorate(view)
    return decorate


# Why a staff page was refused, as told to `on_refusal` (cases writes it to its audit log).
REFUSED_ANONYMOUS = "anonymous"
REFUSED_NOT_IN_REGION = "no role in region"
REFUSED_IDLE = "session ended after inactivity"

# When this session last used a staff page (seconds since the epoch).
SESSION_STAFF_SEEN = "staff_seen"


def ended_for_inactivity(request: HttpRequest, *, enforce: bool) -> bool:
    """Notes this staff page as activity; with `enforce` (the case pages), ends the session
    when no staff page was used for CASES_IDLE_MINUTES (default 30) and says so."""
    now = int(time.time())
    seen = request.session.get(SESSION_STAFF_SEEN)
    idle = int(settings.CASES_IDLE_MINUTES) * 60
    if enforce and seen is not None and now - int(seen) > idle:
        logout(request)
        messages.info(
            request,
            _("You were signed out after %(minutes)s minutes without activity.")
            % {"minutes": settings.CASES_IDLE_MINUTES},
        )
        return True
    if seen is None or now - int(seen) > 60:  # write the session at most once a minute
        request.session[SESSION_STAFF_SEEN] = now
    return False


def staff_view(
    permission: str,
    *,
    second_factor: bool = False,
    regions: Callable[..., QuerySet[Region]] | None = None,
    on_refusal: Callable[[HttpRequest, str], object] | None = None,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """For staff views routed as <slug:region>/intern/…; the view receives the Region
    object instead of the slug, which is also put on `request.region`.

    The same checks in the same order for every module:

    1. not signed in: the login page, with this page as `next`;
    2. no region of that slug, or the user lacks `permission` for it: 404. `permission` is
       the module's rules permission asked with the Region ("takes part in this module's
       staff work in this region"), so a region's staff pages do not tell anyone else what
       exists there. It is asked of the rules themselves, not of the user's backends: an
       installation admin gets in only where the module's rule names her;
    3. `second_factor=True` (case pages): without a second factor confirmed in this session,
       the second-factor page (with this page as `next` for GET). The check is the module
       hook `staff_second_factor(request, region)` (core/modules.py) of the app that owns
       two-factor login;
    4. the view. A page that only some of the module's people may use refuses the others
       itself, with 403 (`PermissionDenied`).

    Every staff page counts as activity; a case page (`second_factor=True`) first ends the
    session when none was used for CASES_IDLE_MINUTES, then asks for sign-in as in step 1.

    `regions(user)` gives the queryset the slug is looked up in, for a module whose pages
    need the region annotated (the case pages: pending hand-overs). `on_refusal(request,
    reason)` is told about every refusal of steps 1 and 2.
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, region: str, *args, **kwargs) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                if on_refusal is not None:
                    on_refusal(request, REFUSED_ANONYMOUS)
                return redirect_to_login(request.get_full_path())
            if not rules.perm_exists(permission):
                # A misspelt permission would refuse everyone without saying why.
                raise ImproperlyConfigured(f"No rules permission {permission!r}.")
            found = (regions(user) if regions else Region.objects).filter(slug=region).first()
            if found is None or not rules.has_perm(permission, user, found):
                if on_refusal is not None:
                    on_refusal(request, REFUSED_NOT_IN_REGION)
                raise Http404(_("No such region, or it is not yours to see."))
            request.region = found
            if ended_for_inactivity(request, enforce=second_factor):
                if on_refusal is not None:
                    on_refusal(request, REFUSED_IDLE)
                return redirect_to_login(request.get_full_path())
            if second_factor:
                pending = second_factor_response(request, found)
                if pending is not None:
                    return pending
            return view(request, found, *args, **kwargs)

        wrapper.staff_permission = permission
        wrapper.needs_two_factor = second_factor
        return wrapper

    return decorate


def second_factor_response(request: HttpRequest, region: Region) -> HttpResponse | None:
    """The page that asks for the second factor, or None when this session has confirmed
    it: the one call from the staff pages into two-factor login."""
    checks = list(modules_with("staff_second_factor"))
    if not checks:
        # Refuse rather than serve a case page without the second factor.
        raise ImproperlyConfigured("No installed app provides staff_second_factor().")
    for config in checks:
        response = config.staff_second_factor(request, region)
        if response is not None:
            return response
    return None
