from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
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
