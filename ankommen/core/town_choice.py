"""The visitor's town: chosen once, without an account, kept in a cookie.

The cookie holds nothing but the id of an area (a town or one of its quarters) and is
scoped to the region's path (`/<region>/`), so each region remembers its own choice. A
value that names no town or quarter of this region – forged, stale, another region's – is
ignored: the visitor sees the whole region, as if she had chosen nothing.

Lists read the choice through `chosen_town(request)` and order by `town_first_ids()`:
the offers of the town (and its quarters) first, then those of the whole region.
"""

from __future__ import annotations

import contextlib

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from ankommen.core.content_version import region_version
from ankommen.core.models import Area, Region

COOKIE = "ankommen_town"
# A year: the choice is a preference, like the interface language.
MAX_AGE = 365 * 24 * 60 * 60
CHOOSABLE = (Area.Kind.MUNICIPALITY, Area.Kind.QUARTER)


def choosable_areas(region: Region):
    """The towns and quarters a visitor may choose, towns by name with their quarters."""
    return Area.objects.filter(region=region, kind__in=CHOOSABLE).select_related("parent")


def area_from_value(region: Region, value: str | None) -> Area | None:
    """The town or quarter a submitted or stored value names, or None for anything else."""
    if not value or not value.isdigit() or len(value) > 12:
        return None
    return choosable_areas(region).filter(pk=int(value)).first()


def chosen_town(request: HttpRequest) -> Area | None:
    """The visitor's town or quarter in the request's region (read once per request)."""
    region = getattr(request, "region", None)
    if region is None:
        return None
    cached = getattr(request, "_chosen_town", None)
    if cached is not None and cached[0] == region.pk:
        return cached[1]
    area = area_from_value(region, request.COOKIES.get(COOKIE))
    request._chosen_town = (region.pk, area)
    return area


def remember(response: HttpResponse, region: Region, area: Area | None) -> None:
    """Stores the choice on the response; None forgets it (the whole region)."""
    path = f"/{region.slug}/"
    if area is None:
        response.delete_cookie(COOKIE, path=path, samesite="Lax")
        return
    response.set_cookie(
        COOKIE, str(area.pk), max_age=MAX_AGE, path=path, samesite="Lax", httponly=True
    )


def town_area_ids(area: Area) -> set[int]:
    """The chosen area, the town it lies in and its quarters: what counts as "in my town"."""
    town = area.parent if area.kind == Area.Kind.QUARTER and area.parent_id else area
    ids = {town.pk, area.pk}
    ids |= set(Area.objects.within([town.pk]).values_list("pk", flat=True))
    return ids


def serving_ids(area: Area) -> set[int]:
    """The areas whose offers serve the chosen area: it, its town and quarters, and the
    areas above (the Kreis-wide offers)."""
    return town_area_ids(area) | {a.pk for a in area.ancestors()}


def town_label(area: Area) -> str:
    if area.kind == Area.Kind.QUARTER and area.parent_id:
        return f"{area.parent.name} – {area.name}"
    return area.name


def choices(request: HttpRequest) -> list[tuple[int, str]]:
    """(id, label) of every town and quarter of the request's region, for the chooser in
    the header. Kept in the cache under the region's content version (saving an area raises
    it), so a page served from the page cache asks the database nothing more; the version
    is the one the page already read (`request.content_version`) where it did."""
    region = getattr(request, "region", None)
    if region is None:
        return []
    version = getattr(request, "content_version", None)
    if version is None:
        version = region_version(region.pk)
    key = f"core:town-choices:{region.pk}:{version}"
    try:
        found = cache.get(key)
    except Exception:  # a shared cache (Redis) going away: read the database
        found = None
    if found is None:
        areas = sorted(choosable_areas(region), key=town_label)
        found = [(area.pk, town_label(area)) for area in areas]
        with contextlib.suppress(Exception):
            cache.set(key, found, 60 * 60)
    return found
