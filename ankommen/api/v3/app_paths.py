"""The addresses the v3 answers give events and locations (`url`/`path`, as Integreat's
apps expect them: /<region>/<language>/events/<slug>/ and …/locations/<key>/) lead to the
directory's own pages, so that a link shared from an app opens something on this site:
an event to its offer's page (or the region's event list), a location to the offers of its
town. Unknown or unpublished ones are not found."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import path, reverse
from django.views.decorators.http import require_safe

from ankommen.core.models import Language, Region
from ankommen.core.routing import region_view
from ankommen.directory.models import Event, Offer, Place

app_name = "api_v3_paths"


@require_safe
@region_view
def event(request: HttpRequest, region: Region, language: Language, slug: str) -> HttpResponse:
    # A recurring event's single dates are "<key>$<date>" (see data.event_item).
    key = slug.split("$", 1)[0]
    found = Event.objects.filter(region=region, key=key).select_related("offer").first()
    if found is None:
        raise Http404
    offer = found.offer
    if offer is not None and Offer.objects.public().filter(pk=offer.pk).exists():
        target = reverse("directory:detail", args=[region.slug, language.code, offer.key])
    else:
        target = reverse("directory:events", args=[region.slug, language.code])
        if found.area_id:
            target += "?" + urlencode({"town": found.area_id})
    return HttpResponsePermanentRedirect(target)


@require_safe
@region_view
def location(request: HttpRequest, region: Region, language: Language, key: str) -> HttpResponse:
    place = Place.objects.filter(region=region, key=key).first()
    if place is None:
        raise Http404
    target = reverse("directory:index", args=[region.slug, language.code])
    if place.area_id:
        target += "?" + urlencode({"area": place.area_id})
    return HttpResponsePermanentRedirect(target)


urlpatterns = [
    path("events/<str:slug>/", event, name="event"),
    path("locations/<slug:key>/", location, name="location"),
]
