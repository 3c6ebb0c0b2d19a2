"""Monitoring for the synthetic benchmark regions: two indicators with ten years of values
for every town."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction

from ankommen.core.models import Area
from ankommen.devtools.synthetic.core import synthetic_regions
from ankommen.monitoring.models import Indicator, Unit, Value


def generate_synthetic_monitoring(*, count: int, stdout) -> None:
    """Two indicators with ten years of values for every area of the synthetic regions."""
    for region in synthetic_regions().order_by("slug")[:count]:
        if region.indicators.exists():
            continue
        with transaction.atomic():
            population = Indicator.objects.create(
                region=region,
                slug="bevoelkerung",
                name="Bevölkerung",
                definition="Einwohnerinnen und Einwohner am 31.12.",
                unit=Unit.COUNT,
                source="Synthetisch",
                variable_code="BEVSTD",
                is_demo=True,
            )
            share = Indicator.objects.create(
                region=region,
                slug="auslaenderanteil",
                name="Anteil der ausländischen Bevölkerung",
                definition="Einwohner ohne deutsche Staatsangehörigkeit je 100 Einwohner.",
                unit=Unit.PERCENT,
                decimals=1,
                source="Synthetisch",
                is_demo=True,
            )
            rng = random.Random(region.slug)  # noqa: S311
            values = []
            for area in region.areas.exclude(kind=Area.Kind.QUARTER):
                base = rng.randint(5_000, 60_000)
                for year in range(2014, 2024):
                    date = datetime.date(year, 12, 31)
                    values.append(
                        Value(
                            indicator=population,
                            area=area,
                            reference_date=date,
                            value=Decimal(base + 150 * (year - 2014)),
                            is_demo=True,
                        )
                    )
                    values.append(
                        Value(
                            indicator=share,
                            area=area,
                            reference_date=date,
                            value=Decimal(f"{6 + 0.6 * (year - 2014) + rng.random():.1f}"),
                            is_demo=True,
                        )
                    )
            Value.objects.bulk_create(values, batch_size=2000)
        stdout.write(f"monitoring: {region.slug}: 2 indicators, {len(values)} values")
