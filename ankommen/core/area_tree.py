"""A region's areas as a tree in memory, read in one query per content version.

Public pages ask the same questions of a region's areas many times per request: which
towns and quarters a visitor may choose, which areas lie above a town (their offers serve
it) and below it (its quarters), what the filter's select boxes list. Areas change rarely,
and every change raises the region's content version (core/content_version.py), so each
server process keeps the tree of the regions it serves under that number and asks the
database only for the number itself.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable

from ankommen.core.content_version import region_version
from ankommen.core.models import Area, Region

CACHED_REGIONS = 512
CHOOSABLE = (Area.Kind.MUNICIPALITY, Area.Kind.QUARTER)


class AreaTree:
    """The areas of one region (and the areas above them), each with its parent attached,
    so that reading `area.parent` asks the database nothing."""

    def __init__(self, areas: Iterable[Area]) -> None:
        self.by_pk: dict[int, Area] = {area.pk: area for area in areas}
        self.children: dict[int, list[int]] = {}
        for area in self.by_pk.values():
            if area.parent_id is not None:
                self.children.setdefault(area.parent_id, []).append(area.pk)
                parent = self.by_pk.get(area.parent_id)
                if parent is not None:
                    area._state.fields_cache["parent"] = parent
        self.towns: tuple[Area, ...] = tuple(
            sorted(
                (a for a in self.by_pk.values() if a.kind == Area.Kind.MUNICIPALITY),
                key=lambda a: a.name,
            )
        )

    def get(self, pk: int | None) -> Area | None:
        return self.by_pk.get(pk) if pk is not None else None

    def ancestor_ids(self, pk: int) -> list[int]:
        """From the area up, without it; stops at a loop or at MAX_DEPTH."""
        chain: list[int] = []
        node = self.by_pk.get(pk)
        while node is not None and node.parent_id is not None and len(chain) <= Area.MAX_DEPTH:
            if node.parent_id in chain or node.parent_id == pk:
                break
            chain.append(node.parent_id)
            node = self.by_pk.get(node.parent_id)
        return chain

    def within(self, pks: Iterable[int]) -> set[int]:
        """The given areas and every area below them."""
        found = set(pks)
        frontier = set(found)
        for _level in range(Area.MAX_DEPTH):
            frontier = {c for pk in frontier for c in self.children.get(pk, ())} - found
            if not frontier:
                break
            found |= frontier
        return found

    def choosable(self, region_id: int) -> list[Area]:
        """The region's towns and quarters (what a visitor may choose as her town)."""
        return [a for a in self.by_pk.values() if a.region_id == region_id and a.kind in CHOOSABLE]


def _read(region_id: int) -> AreaTree:
    areas = {a.pk: a for a in Area.objects.filter(region_id=region_id)}
    # Areas above the region's own (a Kreis inside a state that belongs to no region).
    missing = {a.parent_id for a in areas.values()} - set(areas) - {None}
    for _level in range(Area.MAX_DEPTH):
        if not missing:
            break
        above = {a.pk: a for a in Area.objects.filter(pk__in=missing)}
        areas.update(above)
        missing = {a.parent_id for a in above.values()} - set(areas) - {None}
    return AreaTree(areas.values())


_cache: OrderedDict[tuple[int, int], AreaTree] = OrderedDict()
_lock = threading.Lock()


def version_of(region: Region) -> int:
    """The region's content version, read once per Region object (one request's)."""
    found = region.__dict__.get("_content_version")
    if found is None:
        found = region.__dict__["_content_version"] = region_version(region.pk)
    return found


def tree_for(region: Region | int) -> AreaTree:
    """The region's area tree as of its content version."""
    if isinstance(region, Region):
        region_id, version = region.pk, version_of(region)
    else:
        region_id, version = region, region_version(region)
    key = (region_id, version)
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    built = _read(region_id)
    with _lock:
        _cache[key] = built
        for old in [k for k in _cache if k[0] == region_id and k != key]:
            del _cache[old]
        while len(_cache) > CACHED_REGIONS:
            _cache.popitem(last=False)
    return built
