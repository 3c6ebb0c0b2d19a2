"""Coverage over time: one snapshot per region and day, and the monitoring indicator "share
of towns meeting the minimum standard" written from it.

`take_snapshot` is idempotent (run it twice a day and the second run replaces the first
one's figures); the background jobs call `take_snapshots()` once a day.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ankommen.core.models import Area, Region
from ankommen.coverage.compute import compute_coverage, towns_meeting
from ankommen.coverage.models import Snapshot, StandardRow
from ankommen.monitoring.figures import Unit
from ankommen.monitoring.models import Indicator, Value

INDICATOR_SLUG = "mindeststandard-staedte"


def standard_indicator(region: Region) -> Indicator:
    """The region's indicator for the share of towns meeting the standard; created
    unpublished (the KI publishes it in the monitoring when she wants it public)."""
    indicator = Indicator.objects.filter(region=region, slug=INDICATOR_SLUG).first()
    if indicator is None:
        indicator = Indicator.objects.create(
            region=region,
            slug=INDICATOR_SLUG,
            name="Städte und Gemeinden mit erfülltem Mindeststandard",
            names={"en": "Towns meeting the minimum standard"},
            definition=(
                "Anteil der Städte und Gemeinden, die jede Zeile des Mindeststandards "
                "niedrigschwelliger Angebote erfüllen, berechnet aus dem Wegweiser und dem "
                "Sprachmittlungspool."
            ),
            definitions={
                "en": "Share of the towns that meet every row of the minimum standard of "
                "low-threshold offers, computed from the directory and the mediation pool."
            },
            unit=Unit.PERCENT,
            decimals=0,
            source="ankommen: Mindeststandard und Abdeckung",
            cadence=Indicator.Cadence.IRREGULAR,
            lowest_level=Area.Kind.DISTRICT,
            is_published=False,
        )
    return indicator


@transaction.atomic
def take_snapshot(region: Region, *, on: dt.date | None = None) -> Snapshot | None:
    """Computes the region's coverage and stores it as the day's snapshot, with the share of
    towns meeting the standard as the indicator's value for the district. None for a region
    without a standard (nothing to measure)."""
    on = on or timezone.localdate()
    if not StandardRow.objects.filter(region=region).exists():
        return None
    coverage = compute_coverage(region, today=on)
    met, total = towns_meeting(coverage)
    areas = {
        str(c.area.pk): {
            "status": c.status,
            "rows": {str(r.row.pk): r.status for r in c.rows},
            "operative_missing": c.operative_missing,
        }
        for c in coverage
    }
    snapshot, _created = Snapshot.objects.update_or_create(
        region=region,
        taken_on=on,
        defaults={"towns_total": total, "towns_met": met, "areas": areas},
    )
    district = region.area()
    if district is not None and total:
        indicator = standard_indicator(region)
        share = (Decimal(100) * met / total).quantize(Decimal("0.1"))
        Value.objects.update_or_create(
            indicator=indicator,
            area=district,
            reference_date=on,
            dimension_key="",
            defaults={"value": share, "quality": "", "source_note": "ankommen coverage"},
        )
    return snapshot


def take_snapshots(*, on: dt.date | None = None) -> list[Snapshot]:
    """The day's snapshot of every region that has a standard: for the background jobs."""
    regions = Region.objects.filter(
        pk__in=StandardRow.objects.values("region_id").distinct()
    ).order_by("pk")
    return [s for region in regions if (s := take_snapshot(region, on=on)) is not None]


def daily_snapshots() -> str:
    """The background jobs' daily run (ankommen/jobs/periodic.py): one line to show."""
    taken = take_snapshots()
    return f"{len(taken)} region(s) measured against their minimum standard"
