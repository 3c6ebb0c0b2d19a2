"""The records the directory's filter form lists (towns and quarters, fields of action,
target groups, audiences, languages), read once per region and content version.

Every one of them is public content, so saving any raises the region's content version
(core/content_version.py); each server process keeps the lists of the regions it serves
under that number, and a directory page asks the database only for the number.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.db.models import Model

from ankommen.core.area_tree import tree_for, version_of
from ankommen.core.models import Area, Audience, FieldOfAction, Region, TargetGroup

CACHED_REGIONS = 512

_cache: OrderedDict[tuple[int, int], dict[str, list[Model]]] = OrderedDict()
_lock = threading.Lock()


def _read(region: Region) -> dict[str, list[Model]]:
    tree = tree_for(region)
    own = [a for a in tree.by_pk.values() if a.region_id == region.pk]
    return {
        "area": sorted(
            (a for a in own if a.kind in (Area.Kind.MUNICIPALITY, Area.Kind.QUARTER)),
            key=lambda a: a.name,
        ),
        "near": [a for a in tree.towns if a.region_id == region.pk],
        "field": list(FieldOfAction.objects.filter(region=region)),
        "target": list(TargetGroup.objects.filter(region=region)),
        "audience": list(Audience.objects.all()),
        "spoken": list(region.languages.exclude(code__startswith="de-")),
    }


def choice_records(region: Region) -> dict[str, list[Model]]:
    key = (region.pk, version_of(region))
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    built = _read(region)
    with _lock:
        _cache[key] = built
        for old in [k for k in _cache if k[0] == region.pk and k != key]:
            del _cache[old]
        while len(_cache) > CACHED_REGIONS:
            _cache.popitem(last=False)
    return built
