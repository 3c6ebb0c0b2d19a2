"""The v3 regions list, one region and its languages, from `core`: a region's towns with
coordinates are the `aliases` the app's location search offers."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.conf import settings
from django.db.models import Prefetch

from ankommen.api.v3.common import app_code, coordinates
from ankommen.core.models import Area, Language, Region
from ankommen.directory.models import Event, Offer, Place

REGION_PREFIXES = ("Landkreis", "Kreis", "Stadt", "Städteregion", "Regionalverband", "Region")


def language_item(language: Language) -> dict:
    return {
        "id": language.pk,
        "code": app_code(language.code),
        "bcp47_tag": language.code,
        "native_name": language.native_name,
        "dir": "RIGHT_TO_LEFT" if language.is_rtl else "LEFT_TO_RIGHT",
    }


def languages(region: Region) -> list[dict]:
    return [language_item(lang) for lang in region.languages.order_by("sort_order", "code")]


def regions_queryset():
    return Region.objects.order_by("name").prefetch_related(
        Prefetch("languages", queryset=Language.objects.order_by("sort_order", "code")),
        Prefetch(
            "areas",
            queryset=Area.objects.filter(
                kind__in=[Area.Kind.DISTRICT, Area.Kind.MUNICIPALITY]
            ).order_by("name"),
            to_attr="api_areas",
        ),
    )


def region_items(queryset=None) -> list[dict]:
    regions = list(queryset if queryset is not None else regions_queryset())
    ids = [r.pk for r in regions]
    with_offers = set(
        Offer.objects.public().filter(region__in=ids).values_list("region", flat=True).distinct()
    )
    with_events = set(
        Event.objects.public().filter(region__in=ids).values_list("region", flat=True)
    )
    with_places = set(
        Place.objects.public().filter(region__in=ids).values_list("region", flat=True)
    )
    place_points: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for region_id, latitude, longitude in Place.objects.filter(
        region__in=ids, latitude__isnull=False, longitude__isnull=False
    ).values_list("region", "latitude", "longitude"):
        place_points[region_id].append((float(longitude), float(latitude)))
    postcodes: dict[int, Counter] = defaultdict(Counter)
    for region_id, code in (
        Place.objects.filter(region__in=ids)
        .exclude(postal_code="")
        .values_list("region", "postal_code")
    ):
        postcodes[region_id][code] += 1
    return [
        region_item(
            region,
            has_offers=region.pk in with_offers,
            has_events=region.pk in with_events,
            has_places=region.pk in with_places,
            postcode=postcodes[region.pk].most_common(1)[0][0] if postcodes[region.pk] else "",
            place_points=place_points[region.pk],
        )
        for region in regions
    ]


# Added on every side of the district's extent (degrees), so that a marker on its edge is
# inside the map the app opens.
BOUNDING_BOX_MARGIN = 0.02


def bounding_box(points: list[tuple[float, float]]) -> list[list[float]] | None:
    """Integreat's `bounding_box`, [[west, south], [east, north]]: the extent of all the
    points (longitude, latitude) with BOUNDING_BOX_MARGIN around it."""
    if not points:
        return None
    m = BOUNDING_BOX_MARGIN
    return [
        [round(min(p[0] for p in points) - m, 6), round(min(p[1] for p in points) - m, 6)],
        [round(max(p[0] for p in points) + m, 6), round(max(p[1] for p in points) + m, 6)],
    ]


def region_item(
    region: Region,
    *,
    has_offers: bool,
    has_events: bool,
    has_places: bool,
    postcode: str,
    place_points: list[tuple[float, float]] = (),
) -> dict:
    areas = region.api_areas
    district = next((a for a in areas if a.kind == Area.Kind.DISTRICT), None)
    towns = [a for a in areas if a.kind == Area.Kind.MUNICIPALITY and a.latitude is not None]
    points = [(float(a.longitude), float(a.latitude)) for a in areas if a.latitude is not None]
    prefix = next((p for p in REGION_PREFIXES if region.name.startswith(p + " ")), "")
    return {
        "id": region.pk,
        "name": region.name,
        "path": region.slug,
        "live": True,
        "prefix": prefix,
        "name_without_prefix": region.name[len(prefix) :].strip() if prefix else region.name,
        "plz": postcode,
        "extras": has_offers,
        "events": has_events,
        "pois": has_places,
        "contacts": False,
        "push_notifications": bool(settings.CRISIS_PUSH_PROVIDER),
        "longitude": coordinates(district.longitude) if district else None,
        "latitude": coordinates(district.latitude) if district else None,
        # The district's extent: its areas' and all its places' coordinates.
        "bounding_box": bounding_box(points + list(place_points)),
        "aliases": {
            town.name: {"latitude": float(town.latitude), "longitude": float(town.longitude)}
            for town in towns
        },
        "tunews": False,
        "external_news": False,
        "zammad_privacy_policy": None,
        "languages": [language_item(lang) for lang in region.languages.all()],
        "is_chat_enabled": False,
    }


def region_detail(slug: str) -> dict | None:
    items = region_items(regions_queryset().filter(slug=slug))
    return items[0] if items else None
