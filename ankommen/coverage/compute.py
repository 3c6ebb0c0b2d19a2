"""How far each town and quarter of a region meets its minimum standard.

Read once per computation, whatever the number of offers: the standard's rows, the towns
and quarters, the public offers with their target groups, languages, areas and located
places, and the active mediators with their languages — a fixed handful of queries — then
everything is matched in Python.

The rules:

- An offer counts for a row in an area when it is public (published, not ended), of the
  row's kind, with childcare if the row asks for it, for one of the row's target groups (an
  offer naming no target group is for everybody), and close: one of its places lies within
  the row's distance of the area's centre. An offer without a located place counts where
  it names the area itself (or, for a town, one of its quarters) among the areas it serves.
  An area without a centre counts the offers whose places lie in it or that name it.
- A row with languages needs, for each language, a counting offer given in it.
- A row is met with at least `minimum_offers` counting offers and every language covered;
  partly met with some; missing with none.
- An interpreter row counts, per language, the active mediators (not paused) of the region
  who speak it and reach the area: its centre lies within their travel radius of their
  home area's centre, or their home area is the area (or lies in it). A language with at
  least `minimum_mediators` is covered; the row is met when all are, partly when some are.
- An area meets the standard when it meets every row of its level; it misses it when it
  meets none of them at all; otherwise partly.
- Separately, an area is flagged when no public operative offer (table 2) is located in it
  or names it: the concept asks for operative work close to home on the town and quarter
  level.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from ankommen.core.models import Area, Region
from ankommen.coverage.models import StandardRow
from ankommen.directory.models import Offer, OfferTranslation, haversine_km
from ankommen.mediation.models import Mediator, MediatorLanguage

MET = "met"
PARTLY = "partly"
MISSING = "missing"


@dataclass
class OfferHit:
    """An offer that counts for a row in an area, and why."""

    pk: int
    title: str
    distance_km: float | None  # None: counted because it names the area


@dataclass
class RowResult:
    row: StandardRow
    status: str
    offers: list[OfferHit] = field(default_factory=list)
    # Interpreter rows: mediators per language (code → count).
    mediators: dict[str, int] = field(default_factory=dict)
    missing_languages: list[str] = field(default_factory=list)
    offers_short: int = 0  # how many more offers the row needs
    # Filled in by the pages: the missing languages' names, the steps linked to the gap.
    missing_labels: str = ""
    steps: int = 0


@dataclass
class AreaCoverage:
    area: Area
    town: Area  # the area itself for a town, its town for a quarter
    rows: list[RowResult]
    status: str
    operative_missing: bool

    @property
    def is_quarter(self) -> bool:
        return self.area.kind == Area.Kind.QUARTER

    def gaps(self) -> list[RowResult]:
        return [result for result in self.rows if result.status != MET]


@dataclass
class _Offer:
    pk: int
    kind: str
    childcare: bool
    operative: bool
    title: str = ""
    target_groups: set[int] = field(default_factory=set)
    languages: set[int] = field(default_factory=set)
    areas: set[int] = field(default_factory=set)
    # (latitude, longitude, area id) of its places
    places: list[tuple[float | None, float | None, int | None]] = field(default_factory=list)


@dataclass
class _Mediator:
    home_area_id: int
    home: tuple[float, float] | None
    radius_km: float
    languages: set[int] = field(default_factory=set)


def _centre(area: Area) -> tuple[float, float] | None:
    if area.latitude is None or area.longitude is None:
        return None
    return float(area.latitude), float(area.longitude)


def _offers(region: Region) -> list[_Offer]:
    rows = (
        Offer.objects.public()
        .filter(region=region)
        .values_list("pk", "kind", "childcare", "orientation")
    )
    offers = {
        pk: _Offer(pk, kind, childcare, orientation == Offer.Orientation.OPERATIVE)
        for pk, kind, childcare, orientation in rows
    }
    ids = list(offers)
    for offer_id, title in OfferTranslation.objects.filter(
        offer_id__in=ids, language__code="de"
    ).values_list("offer_id", "title"):
        offers[offer_id].title = title
    for offer_id, group_id in Offer.target_groups.through.objects.filter(
        offer_id__in=ids
    ).values_list("offer_id", "targetgroup_id"):
        offers[offer_id].target_groups.add(group_id)
    for offer_id, language_id in Offer.languages.through.objects.filter(
        offer_id__in=ids
    ).values_list("offer_id", "language_id"):
        offers[offer_id].languages.add(language_id)
    for offer_id, area_id in Offer.areas.through.objects.filter(offer_id__in=ids).values_list(
        "offer_id", "area_id"
    ):
        offers[offer_id].areas.add(area_id)
    for offer_id, lat, lon, area_id in Offer.places.through.objects.filter(
        offer_id__in=ids
    ).values_list("offer_id", "place__latitude", "place__longitude", "place__area_id"):
        offers[offer_id].places.append(
            (
                float(lat) if lat is not None else None,
                float(lon) if lon is not None else None,
                area_id,
            )
        )
    return list(offers.values())


def _mediators(region: Region, today: dt.date) -> list[_Mediator]:
    found: dict[int, _Mediator] = {}
    rows = (
        Mediator.objects.filter(region=region, status=Mediator.Status.ACTIVE)
        .exclude(paused_until__gt=today)
        .values_list(
            "pk", "home_area_id", "home_area__latitude", "home_area__longitude", "travel_radius_km"
        )
    )
    for pk, area_id, lat, lon, radius in rows:
        home = (float(lat), float(lon)) if lat is not None and lon is not None else None
        found[pk] = _Mediator(area_id, home, float(radius))
    for mediator_id, language_id in MediatorLanguage.objects.filter(
        mediator_id__in=list(found)
    ).values_list("mediator_id", "language_id"):
        found[mediator_id].languages.add(language_id)
    return list(found.values())


def _distance(offer: _Offer, area: Area, inside: set[int]) -> tuple[bool, float | None]:
    """Whether the offer is close to the area, and how far its nearest place is (None when
    it counts by naming the area)."""
    centre = _centre(area)
    located = [(lat, lon, a) for lat, lon, a in offer.places if lat is not None]
    if centre is not None and located:
        return True, min(haversine_km(centre[0], centre[1], lat, lon) for lat, lon, _a in located)
    if centre is None and any(a in inside for _lat, _lon, a in offer.places):
        return True, None
    return bool(offer.areas & inside), None


def _offer_row(row: StandardRow, area: Area, inside: set[int], offers, cache) -> RowResult:
    groups = cache["groups"][row.pk]
    languages = cache["languages"][row.pk]
    limit = float(row.distance_km)
    hits: list[tuple[OfferHit, set[int]]] = []
    for offer in offers:
        if offer.kind != row.kind or (row.needs_childcare and not offer.childcare):
            continue
        if groups and offer.target_groups and not (groups & offer.target_groups):
            continue
        close, distance = _distance(offer, area, inside)
        if distance is not None:
            close = distance <= limit
        if close:
            hits.append(
                (OfferHit(offer.pk, offer.title or str(offer.pk), distance), offer.languages)
            )
    hits.sort(key=lambda hit: (hit[0].distance_km is None, hit[0].distance_km or 0))
    spoken = set().union(*(spoken for _hit, spoken in hits)) if hits else set()
    missing = [code for pk, code in languages if pk not in spoken]
    counted = [hit for hit, _spoken in hits]
    short = max(0, row.minimum_offers - len(counted))
    if not counted:
        status = MISSING
    elif short or missing:
        status = PARTLY
    else:
        status = MET
    return RowResult(row, status, offers=counted, missing_languages=missing, offers_short=short)


def _reaches(mediator: _Mediator, area: Area, inside: set[int]) -> bool:
    if mediator.home_area_id in inside:
        return True
    centre = _centre(area)
    if centre is None or mediator.home is None:
        return False
    return haversine_km(*centre, *mediator.home) <= mediator.radius_km


def _interpreter_row(row: StandardRow, area: Area, inside: set[int], mediators, cache):
    languages = cache["mediation"][row.pk]
    reaching = [m for m in mediators if _reaches(m, area, inside)]
    counts = {code: sum(1 for m in reaching if pk in m.languages) for pk, code in languages}
    missing = [code for code, count in counts.items() if count < row.minimum_mediators]
    if not languages or not missing:
        status = MET
    elif len(missing) == len(languages):
        status = MISSING
    else:
        status = PARTLY
    return RowResult(row, status, mediators=counts, missing_languages=missing)


def _overall(results: list[RowResult]) -> str:
    if all(r.status == MET for r in results):
        return MET
    if all(r.status == MISSING for r in results):
        return MISSING
    return PARTLY


def compute_coverage(
    region: Region, *, area_ids: set[int] | None = None, today: dt.date | None = None
) -> list[AreaCoverage]:
    """Coverage of every town (then its quarters) of the region, or of the areas named in
    `area_ids` (an officer's town and quarters); towns in alphabetical order."""
    today = today or timezone.localdate()
    rows = list(
        StandardRow.objects.filter(region=region).prefetch_related(
            "target_groups", "languages", "mediation_languages"
        )
    )
    cache = {
        "groups": {r.pk: {g.pk for g in r.target_groups.all()} for r in rows},
        "languages": {r.pk: [(lang.pk, lang.code) for lang in r.languages.all()] for r in rows},
        "mediation": {
            r.pk: [(lang.pk, lang.code) for lang in r.mediation_languages.all()] for r in rows
        },
    }
    areas = list(
        Area.objects.filter(
            region=region, kind__in=[Area.Kind.MUNICIPALITY, Area.Kind.QUARTER]
        ).order_by("name")
    )
    towns = {a.pk: a for a in areas if a.kind == Area.Kind.MUNICIPALITY}
    quarters: dict[int, list[Area]] = defaultdict(list)
    for area in areas:
        if area.kind == Area.Kind.QUARTER and area.parent_id in towns:
            quarters[area.parent_id].append(area)
    offers = _offers(region)
    mediators = _mediators(region, today) if any(cache["mediation"].values()) else []
    results: list[AreaCoverage] = []
    for town in towns.values():
        for area in [town, *quarters[town.pk]]:
            if area_ids is not None and area.pk not in area_ids:
                continue
            is_town = area is town
            inside = {area.pk} | ({q.pk for q in quarters[town.pk]} if is_town else set())
            level = StandardRow.Level.TOWN if is_town else StandardRow.Level.QUARTER
            row_results = []
            for row in rows:
                if row.level != level:
                    continue
                if row.requirement == StandardRow.Requirement.INTERPRETERS:
                    row_results.append(_interpreter_row(row, area, inside, mediators, cache))
                else:
                    row_results.append(_offer_row(row, area, inside, offers, cache))
            operative_here = any(
                o.operative and (o.areas & inside or any(a in inside for _lat, _lon, a in o.places))
                for o in offers
            )
            results.append(
                AreaCoverage(
                    area=area,
                    town=town,
                    rows=row_results,
                    status=_overall(row_results) if row_results else MET,
                    operative_missing=not operative_here,
                )
            )
    return results


def towns_meeting(coverage: list[AreaCoverage]) -> tuple[int, int]:
    """(towns meeting every row, towns) of a computation."""
    towns = [c for c in coverage if not c.is_quarter]
    return sum(1 for c in towns if c.status == MET), len(towns)
