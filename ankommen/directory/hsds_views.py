"""The HSDS 3.0 API for a region: `/`, `/services` (a Page) and `/services/{id}`."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from ankommen.core.routing import region_view
from ankommen.directory.hsds import PROFILE_URI
from ankommen.directory.hsds.export import offers_for_export, service


@require_safe
@region_view
def api_root(request, region, language):
    return JsonResponse(
        {
            "version": "3.0",
            "profile": PROFILE_URI,
            "openapi_url": "https://openreferral.org/schema/3.0/openapi.json",
            "services": request.build_absolute_uri(
                reverse(
                    "directory:hsds_services",
                    kwargs={"region": region.slug, "language": language.code},
                )
            ),
        }
    )


@require_safe
@region_view
def services(request, region, language):
    offers = offers_for_export(region).filter(is_published=True)
    if request.GET.get("modified_after"):
        offers = offers.filter(updated_at__gt=request.GET["modified_after"])
    try:
        size = min(max(int(request.GET.get("per_page", 50)), 1), 200)
    except ValueError:
        size = 50
    paginator = Paginator(offers, size)
    page = paginator.get_page(request.GET.get("page"))
    return JsonResponse(
        {
            "total_items": paginator.count,
            "total_pages": paginator.num_pages,
            "page_number": page.number,
            "size": size,
            "first_page": page.number == 1,
            "last_page": not page.has_next(),
            "empty": paginator.count == 0,
            "contents": [service(region, offer) for offer in page.object_list],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_safe
@region_view
def service_detail(request, region, language, key):
    offer = offers_for_export(region).filter(is_published=True, key=key).first()
    if offer is None:
        raise Http404
    return JsonResponse(service(region, offer), json_dumps_params={"ensure_ascii": False})


service_view = service_detail
