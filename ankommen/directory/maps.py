"""What the maps of the public pages need besides their places (drawn by
`static/directory/map.js` with Leaflet and Leaflet.markercluster): the installation's tile
server (`directory/conf.py`), the region's towns with a point to write their names at, so
that a map without tiles still orients, and the few words the script shows, in the
page's language.

A view that renders a map puts `map_config(region)` into its context as `map_config`
(one JSON string for a `data-map` attribute; `place_map` below adds one place to it) and
is wrapped in `@with_map_tiles`, which allows the tile server's origin in the page's CSP
(only there: every other page keeps `img-src 'self' data:`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from functools import wraps

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from ankommen.core.area_tree import tree_for
from ankommen.core.models import Language, Region
from ankommen.directory import conf
from ankommen.directory.models import Place


def town_labels(region: Region) -> list[dict]:
    """The region's towns with the point their name is written at: the town's own centre,
    else the mean position of the public places in it and its quarters. A town with
    neither has no label. Kept with the region's area tree, under its content version
    (places are public content too)."""
    tree = tree_for(region)
    found = tree.__dict__.get("_town_labels")
    if found is None:
        found = tree.__dict__["_town_labels"] = _town_labels(region, tree)
    return found


def _town_labels(region: Region, tree) -> list[dict]:
    towns = [t for t in tree.towns if t.region_id == region.pk]
    sums: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    missing = {t.pk for t in towns if t.latitude is None or t.longitude is None}
    if missing:
        rows = (
            Place.objects.public(region)
            .filter(latitude__isnull=False, longitude__isnull=False)
            .values_list("area_id", "area__parent_id", "latitude", "longitude")
        )
        for area_id, parent_id, latitude, longitude in rows:
            town_id = area_id if area_id in missing else parent_id
            if town_id in missing:
                entry = sums[town_id]
                entry[0] += float(latitude)
                entry[1] += float(longitude)
                entry[2] += 1
    labels = []
    for town in towns:
        if town.latitude is not None and town.longitude is not None:
            point = (float(town.latitude), float(town.longitude))
        elif sums[town.pk][2]:
            lat_sum, lon_sum, count = sums[town.pk]
            point = (lat_sum / count, lon_sum / count)
        else:
            continue
        labels.append({"name": town.name, "lat": round(point[0], 5), "lon": round(point[1], 5)})
    return labels


def _words() -> dict[str, str]:
    """The map's words in the active (the page's) language; %(count)s stays for the
    script to fill."""
    return {
        "zoomIn": _("Zoom in"),
        "zoomOut": _("Zoom out"),
        "close": _("Close"),
        "cluster": _("Places in this group: %(count)s. Zoom in to see them."),
        "offers": _("Offers at this place"),
        "place": _("More about this place"),
    }


def map_settings(region: Region) -> dict:
    """The tile server, the towns and the words: everything a map needs besides its
    places."""
    return {
        "tiles": conf.tile_url() if conf.tile_origin() else "",
        "attribution": conf.tile_attribution(),
        "attributionUrl": conf.tile_attribution_url(),
        "maxZoom": conf.tile_max_zoom(),
        "towns": town_labels(region),
        "words": _words(),
    }


def map_config(region: Region) -> str:
    """`map_settings` as JSON for a `data-map` attribute (escaped there as any text)."""
    return json.dumps(map_settings(region), ensure_ascii=False)


def place_map(settings: dict, place: Place, region: Region, language: Language) -> str | None:
    """The JSON of a small map of one place, or None for a place without coordinates
    (its page then shows the address and links alone)."""
    if place.latitude is None or place.longitude is None:
        return None
    return json.dumps(
        {**settings, "point": place_point(place, region, language)}, ensure_ascii=False
    )


def place_point(place: Place, region: Region, language: Language) -> dict:
    return {
        "lat": float(place.latitude),
        "lon": float(place.longitude),
        "name": place.name_in(language.code),
        "nameLang": name_language(place, language),
        "address": place.address(),
        "url": place_url(place, region, language),
    }


def name_language(place: Place, language: Language) -> str:
    """The language of the name `name_in` gives: the page's where the place has a name in
    it, else German (the name as it is)."""
    return language.html_lang if place.name_in(language.code) != place.name else "de"


def place_url(place: Place, region: Region, language: Language) -> str:
    return reverse(
        "directory:place",
        kwargs={"region": region.slug, "language": language.code, "key": place.key},
    )


def with_map_tiles(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Allows the configured tile server in the CSP of the view's answer (django-csp's
    per-response update of img-src)."""

    @wraps(view)
    def wrapped(*args, **kwargs) -> HttpResponse:
        response = view(*args, **kwargs)
        origin = conf.tile_origin()
        if origin:
            response._csp_update = {"img-src": [origin]}
        return response

    return wrapped
