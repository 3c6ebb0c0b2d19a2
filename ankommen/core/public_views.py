from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ankommen.core.models import Area, Region
from ankommen.core.modules import region_links

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
        {"region": region_obj, "towns": towns, "module_links": region_links(region_obj)},
    )


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def server_error(request: HttpRequest) -> HttpResponse:
    """500 in the visitor's language, with the public header where the page had one; a plain
    page if that cannot be rendered (the error may be the database itself)."""
    try:
        body = render_to_string("500.html", request=request)
    except Exception:  # any failure here must still answer the 500 page
        body = render_to_string("500_plain.html")
    return HttpResponseServerError(body)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused for a missing or wrong CSRF token: in the page's language."""
    return HttpResponseForbidden(render_to_string("403_csrf.html", request=request))
