from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Prefetch, Q
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseRedirect,
    HttpResponseServerError,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ankommen.core import town_choice
from ankommen.core.models import Area, Language, Region
from ankommen.core.modules import region_links
from ankommen.core.routing import region_view

REGIONS_PER_PAGE = 20


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The installation's start page: its regions with their towns."""
    query = request.GET.get("q", "").strip()[:100]
    regions = (
        Region.objects.order_by("name")
        .select_related("default_language")
        .prefetch_related(
            Prefetch(
                "areas",
                queryset=Area.objects.filter(kind=Area.Kind.MUNICIPALITY).order_by("name"),
                to_attr="town_list",
            )
        )
    )
    if query:
        regions = regions.filter(Q(name__icontains=query) | Q(areas__name__icontains=query))
        regions = regions.distinct()
    page = Paginator(regions, REGIONS_PER_PAGE).get_page(request.GET.get("page"))
    for region in page:
        region.module_links = region_links(region)
    return render(request, "core/home.html", {"page": page, "query": query})


@require_safe
def region_start(request: HttpRequest, region: str) -> HttpResponse:
    """A region opened from a flyer, a kiosk or a link: its portal, in the visitor's
    browser language where the region offers it, else in the region's default language."""
    region_obj = get_object_or_404(Region.objects.select_related("default_language"), slug=region)
    offered = {language.code for language in region_obj.languages.all()}
    code = region_obj.default_language.code
    for accepted, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        accepted = accepted.lower()
        match = next((c for c in (accepted, accepted.split("-")[0]) if c in offered), None)
        if match:
            code = match
            break
    response = redirect("portal:index", region=region_obj.slug, language=code)
    patch_vary_headers(response, ("Accept-Language",))
    return response


@require_safe
def region_home(request: HttpRequest, region: str) -> HttpResponse:
    region_obj = get_object_or_404(Region, slug=region)
    towns = (
        region_obj.towns()
        .annotate(
            quarter_count=Count("children", distinct=True),
            organisation_count=Count("organisations", distinct=True),
        )
        .order_by("name")
    )
    return render(
        request,
        "core/region.html",
        {
            "region": region_obj,
            "towns": towns,
            "module_links": region_links(region_obj),
            "portal_language": region_obj.default_language,
        },
    )


@never_cache
@require_safe
@region_view
def choose_town(request: HttpRequest, region: Region, language: Language) -> HttpResponse:
    """Remembers the visitor's town (`?town=<id>`, empty for the whole region) and goes
    back to `next`. A GET on purpose: the choice is a display preference kept in the
    visitor's own cookie, like a language link, so the towns on the region page and the
    chooser in every header can be plain links and a form without a CSRF token (the
    cached part of a portal page holds none). Nothing is written on the server."""
    area = town_choice.area_from_value(region, request.GET.get("town"))
    target = request.GET.get("next", "")
    if not target.startswith(f"/{region.slug}/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("portal:index", kwargs={"region": region.slug, "language": language.code})
    response = HttpResponseRedirect(target)
    town_choice.remember(response, region, area)
    return response


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def server_error(request: HttpRequest) -> HttpResponse:
    """500 in the visitor's language, with the public header where the page had one; the
    plain, self-contained 500.html if that cannot be rendered (the error may be the
    database itself). 500.html is also what Django's own handler renders elsewhere."""
    try:
        body = render_to_string("server_error.html", request=request)
    except Exception:  # any failure here must still answer the 500 page
        body = render_to_string("500.html")
    return HttpResponseServerError(body)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused for a missing or wrong CSRF token: in the page's language."""
    return HttpResponseForbidden(render_to_string("403_csrf.html", request=request))
