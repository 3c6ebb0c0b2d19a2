"""The HSDS 3.0 API for a region: `/`, `/services` (a Page) and `/services/{id}`."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ankommen.core.routing import region_view
from ankommen.directory.hsds import PROFILE_URI
from ankommen.directory.hsds.export import offers_for_export, service
from ankommen.directory.models import Offer


def public_offers(region):
    """The offers the directory's pages show (`Offer.objects.public()`: published and
    still valid), with what an HSDS service needs: one rule for every public view."""
    return offers_for_export(region).filter(pk__in=Offer.objects.public().values("pk"))


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


def _moment(text: str):
    try:
        moment = parse_datetime(text.replace(" ", "+")) or (
            dt.datetime.combine(parse_date(text), dt.time()) if parse_date(text) else None
        )
    except ValueError:
        return None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


@require_safe
@region_view
def services(request, region, language):
    offers = public_offers(region)
    if request.GET.get("modified_after"):
        moment = _moment(request.GET["modified_after"])
        if moment is None:
            return JsonResponse(
                {"error": _("modified_after must be a date and time such as 2026-01-31T12:00.")},
                status=400,
            )
        offers = offers.filter(updated_at__gt=moment)
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
    offer = public_offers(region).filter(key=key).first()
    if offer is None:
        raise Http404
    return JsonResponse(service(region, offer), json_dumps_params={"ensure_ascii": False})


service_view = service_detail
