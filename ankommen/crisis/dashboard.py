"""The situation dashboard: the towns' daily figures by town and over time, as a table, as a
server-rendered SVG chart (with the same numbers as a table beside it) and as a CSV file for
the crisis staff."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from ankommen.core.spreadsheets import excel_csv
from ankommen.crisis.models import DailyReport, Structure


@dataclass
class Day:
    day: dt.date
    arrivals: int = 0
    occupancy: int = 0
    towns: int = 0


@dataclass
class TownRow:
    name: str
    arrivals: int = 0
    latest_occupancy: int | None = None
    capacity: int | None = None
    latest_day: dt.date | None = None
    open_needs: str = ""


@dataclass
class Situation:
    start: dt.date
    end: dt.date
    exercise: bool
    days: list[Day] = field(default_factory=list)
    towns: list[TownRow] = field(default_factory=list)

    @property
    def total_arrivals(self) -> int:
        return sum(day.arrivals for day in self.days)

    @property
    def peak(self) -> int:
        return max((day.arrivals for day in self.days), default=0)


def situation(
    reports: QuerySet[DailyReport], *, start: dt.date, end: dt.date, exercise: bool
) -> Situation:
    rows = list(
        reports.filter(day__gte=start, day__lte=end, exercise=exercise)
        .select_related("area")
        .order_by("day", "area__name")
    )
    by_day: dict[dt.date, Day] = {}
    current = start
    while current <= end:
        by_day[current] = Day(current)
        current += dt.timedelta(days=1)
    towns: dict[int, TownRow] = {}
    for row in rows:
        day = by_day[row.day]
        day.arrivals += row.arrivals
        day.occupancy += row.occupancy
        day.towns += 1
        town = towns.setdefault(row.area_id, TownRow(row.area.name))
        town.arrivals += row.arrivals
        town.latest_occupancy = row.occupancy
        town.latest_day = row.day
        town.open_needs = row.open_needs
    capacities = dict(
        Structure.objects.filter(area__in=towns.keys(), kind=Structure.Kind.ACCOMMODATION)
        .values("area")
        .annotate(total=Sum("capacity"))
        .values_list("area", "total")
    )
    for area_id, town in towns.items():
        town.capacity = capacities.get(area_id)
    return Situation(
        start=start,
        end=end,
        exercise=exercise,
        days=list(by_day.values()),
        towns=sorted(towns.values(), key=lambda t: t.name),
    )


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    day: dt.date
    value: int


def chart_bars(found: Situation, *, width: int = 640, height: int = 200) -> dict:
    """Geometry of the arrivals chart (one bar per day), for the SVG template."""
    count = max(len(found.days), 1)
    peak = max(found.peak, 1)
    slot = width / count
    bars = [
        Bar(
            x=round(index * slot + slot * 0.1, 2),
            y=round(height - day.arrivals / peak * height, 2),
            width=round(max(slot * 0.8, 1), 2),
            height=round(day.arrivals / peak * height, 2),
            day=day.day,
            value=day.arrivals,
        )
        for index, day in enumerate(found.days)
    ]
    return {"bars": bars, "width": width, "height": height, "peak": found.peak}


def export_csv(
    reports: QuerySet[DailyReport], *, start: dt.date, end: dt.date, decimal_sign: str
) -> bytes:
    """Every report of the period, one line per town and day, real and exercise apart."""
    heading = [
        _("Day"),
        _("Town"),
        _("Arrivals"),
        _("Accommodation places occupied"),
        _("Open needs"),
        _("Exercise"),
        _("Corrections"),
    ]
    rows = [heading]
    corrections: dict[int, int] = defaultdict(int)
    for report_id in reports.filter(
        day__gte=start, day__lte=end, revisions__is_correction=True
    ).values_list("pk", flat=True):
        corrections[report_id] += 1
    for report in (
        reports.filter(day__gte=start, day__lte=end)
        .select_related("area")
        .order_by("day", "area__name")
    ):
        rows.append(
            [
                report.day,
                report.area.name,
                report.arrivals,
                report.occupancy,
                report.open_needs,
                _("yes") if report.exercise else _("no"),
                corrections[report.pk],
            ]
        )
    return excel_csv(rows, decimal_sign=decimal_sign)
