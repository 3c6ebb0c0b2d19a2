"""Reading the figures a page shows: which areas to compare, the dates there are, the
values at one date. Kept apart from the views so the report and downloads use the same."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from ankommen.core.models import Area, Region
from ankommen.monitoring.models import Indicator, Point, Value, period_label


def district_of(region: Region) -> Area | None:
    return region.areas.filter(kind=Area.Kind.DISTRICT).order_by("pk").first()


def comparison_areas(region: Region) -> list[Area]:
    """The region's district and the areas above it, nearest first: Kreis, OWL, NRW."""
    district = district_of(region)
    if district is None:
        return []
    return [district, *reversed(district.ancestors())]


def towns_of(region: Region) -> list[Area]:
    return list(region.areas.filter(kind=Area.Kind.MUNICIPALITY).order_by("name"))


@dataclass(frozen=True)
class Town:
    """A town as a page lists it: a region may have hundreds, and full Area objects for
    each of them would cost a page more than its figures do."""

    pk: int
    official_key: str
    name: str


def town_choices(region: Region) -> list[Town]:
    rows = (
        region.areas.filter(kind=Area.Kind.MUNICIPALITY)
        .order_by("name")
        .values_list("pk", "official_key", "name")
    )
    return [Town(*row) for row in rows]


def dates_of(indicator: Indicator, split: str = "") -> list[datetime.date]:
    """Every reference date the indicator has a value for (stored, or computable)."""
    source, source_split = (
        (indicator.numerator, indicator.numerator_split)
        if indicator.is_share
        else (indicator, split)
    )
    dates = set(
        Value.objects.filter(indicator=source, dimension_key=source_split)
        .values_list("reference_date", flat=True)
        .distinct()
    )
    if indicator.is_share:
        dates |= set(
            Value.objects.filter(indicator=indicator, dimension_key=split)
            .values_list("reference_date", flat=True)
            .distinct()
        )
    return sorted(dates)


def latest_date(
    indicator: Indicator, area_ids: list[int] | QuerySet, split: str = ""
) -> datetime.date | None:
    """The latest reference date with a value in one of the areas; `area_ids` may be a
    query of area ids, which spares sending hundreds of ids as parameters."""
    source, source_split = (
        (indicator.numerator, indicator.numerator_split)
        if indicator.is_share
        else (indicator, split)
    )
    found = _latest(source, source_split, area_ids)
    if indicator.is_share:
        stored = _latest(indicator, split, area_ids)
        found = max(d for d in (found, stored) if d) if (found or stored) else None
    return found


def _latest(indicator: Indicator, split: str, area_ids) -> datetime.date | None:
    # Newest first and the first match, rather than MAX(): PostgreSQL then walks the
    # (indicator, split, date) index backwards and stops at once, where MAX over an area
    # list visits every value of every area.
    return (
        Value.objects.filter(indicator=indicator, dimension_key=split, area__in=area_ids)
        .order_by("-reference_date")
        .values_list("reference_date", flat=True)
        .first()
    )


@dataclass
class Row:
    """One line of a data table: a date and one point per column (None: no value)."""

    date: datetime.date
    label: str
    points: list[Point | None]


def table_rows(series: dict[int, list[Point]], areas: list[Area]) -> list[Row]:
    by_date: dict[datetime.date, dict[int, Point]] = {}
    months: dict[datetime.date, int] = {}
    for area in areas:
        for point in series.get(area.pk, []):
            by_date.setdefault(point.date, {})[area.pk] = point
            months[point.date] = point.period_months
    return [
        Row(date, period_label(date, months[date]), [by_date[date].get(a.pk) for a in areas])
        for date in sorted(by_date)
    ]


def values_at(
    indicator: Indicator, date: datetime.date, areas: list[Area], split: str = ""
) -> dict[int, Point]:
    """{area id: Point} at one reference date."""
    series = indicator.series(areas, split, dates=[date])
    return {area_id: points[-1] for area_id, points in series.items() if points}
