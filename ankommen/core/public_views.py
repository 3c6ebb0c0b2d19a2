from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
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
