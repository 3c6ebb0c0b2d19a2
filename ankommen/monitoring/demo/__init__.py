"""The monitoring part of the Kreis Gütersloh demo.

- indicators and the figures of chapter 3 of the integration concept (TOML beside this);
- the real statistics extracts beside this file, imported as any file would be;
- plausible but invented series for the 13 towns, marked as demo values, so that every page
  has something to show. They are generated from a fixed seed: the same every time.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from ankommen.core.demo import DEMO_REGION_SLUG
from ankommen.core.loader import DataFile, upsert
from ankommen.core.models import Area, FieldOfAction, Region
from ankommen.monitoring.dimensions import ensure_standard_dimensions
from ankommen.monitoring.imports import import_statistics
from ankommen.monitoring.models import Dimension, DimensionMember, Indicator, Value

DEMO_DIR = Path(__file__).parent / "kreis_guetersloh"
EXTRACTS = ["12411-01-01-4_flat.csv", "13111-01-03-5_00.csv"]
DEMO_NOTE = "Demo: erfundene, plausible Werte"

# Approximate populations of the 13 towns, the base of their invented series.
TOWN_POPULATION = {
    "05754004": 9_000,
    "05754008": 102_000,
    "05754012": 22_000,
    "05754016": 25_500,
    "05754020": 17_000,
    "05754024": 8_500,
    "05754028": 50_000,
    "05754032": 30_000,
    "05754036": 27_500,
    "05754040": 21_000,
    "05754044": 26_000,
    "05754048": 22_000,
    "05754052": 11_500,
}


def load_demo_monitoring(*, stdout) -> None:
    region = Region.objects.get(slug=DEMO_REGION_SLUG)
    with transaction.atomic():
        ensure_standard_dimensions()
        indicators = load_indicators(region, DataFile.read(DEMO_DIR / "indicators.toml"))
        written = load_values(region, DataFile.read(DEMO_DIR / "values.toml"))
        imported = 0
        for name in EXTRACTS:
            result = import_statistics(
                region=region, data=(DEMO_DIR / name).read_bytes(), file_name=name
            )
            imported += result.created + result.updated
        synthetic = store_values(_town_series(region))
    stdout.write(
        f"monitoring: {len(indicators)} indicators, {written} concept figures, "
        f"{imported} values from statistics extracts, {synthetic} demo town values written"
    )


def load_indicators(region: Region, datafile: DataFile) -> dict[str, Indicator]:
    for entry in datafile.entries("dimension"):
        dimension, _created = Dimension.objects.get_or_create(
            code=entry["code"],
            defaults={
                "name": entry["name"],
                "names": entry.get("names", {}),
                "kind": entry.get("kind", Dimension.Kind.OTHER),
            },
        )
        for position, member in enumerate(entry.get("members", [])):
            DimensionMember.objects.get_or_create(
                dimension=dimension,
                code=member["code"],
                defaults={
                    "name": member["name"],
                    "names": {"en": member["en"]} if member.get("en") else {},
                    "sort_order": position,
                },
            )
    fields = {f.slug: f for f in FieldOfAction.objects.filter(region=region)}
    saved: dict[str, Indicator] = {}
    entries = datafile.entries("indicator")
    for entry in sorted(entries, key=lambda e: e.get("kind", "values") == "share"):
        where = ("slug", entry.get("slug"))
        slug = datafile.require(entry, "slug", where=where)
        field = entry.get("field_of_action")
        if field and field not in fields:
            raise datafile.error(f"unknown field of action “{field}”", key="slug", value=slug)
        values = {
            "name": datafile.require(entry, "name", where=where),
            "names": {"en": entry["en"]} if entry.get("en") else {},
            "definition": datafile.require(entry, "definition", where=where),
            "definitions": {"en": entry["definition_en"]} if entry.get("definition_en") else {},
            "kind": entry.get("kind", Indicator.Kind.VALUES),
            "unit": datafile.require(entry, "unit", where=where),
            "decimals": entry.get("decimals", 0),
            "default_split": entry.get("default_split", ""),
            "numerator_split": entry.get("numerator_split", ""),
            "denominator_split": entry.get("denominator_split", ""),
            "source": datafile.require(entry, "source", where=where),
            "table_code": entry.get("table_code", ""),
            "variable_code": entry.get("variable_code", ""),
            "variable_label": entry.get("variable_label", ""),
            "cadence": entry.get("cadence", Indicator.Cadence.YEARLY),
            "field_of_action": fields.get(field) if field else None,
            "notes": entry.get("notes", ""),
            "lowest_level": entry.get("lowest_level", ""),
            "sort_order": entry.get("sort_order", 100),
        }
        for side in ("numerator", "denominator"):
            if entry.get(side):
                if entry[side] not in saved:
                    raise datafile.error(
                        f"unknown {side} indicator “{entry[side]}”", key="slug", value=slug
                    )
                values[side] = saved[entry[side]]
        try:
            saved[slug] = upsert(Indicator, {"region": region, "slug": slug}, values)
        except ValidationError as error:
            raise datafile.error(" ".join(error.messages), key="slug", value=slug) from None
    return saved


def load_values(region: Region, datafile: DataFile) -> int:
    indicators = {i.slug: i for i in region.indicators.all()}
    areas = {a.official_key: a for a in Area.objects.exclude(official_key="")}
    rows = []
    for entry in datafile.entries("value"):
        slug = entry.get("indicator")
        if slug not in indicators:
            raise datafile.error(f"unknown indicator “{slug}”", key="indicator", value=slug)
        date = entry.get("date")
        if not isinstance(date, datetime.date):
            raise datafile.error("date must be a date", key="indicator", value=slug)
        if "figures" in entry:
            items = [(key, entry.get("split", ""), n) for key, n in entry["figures"].items()]
        else:
            items = [(entry.get("area"), split, n) for split, n in entry["by_split"].items()]
        for key, split, number in items:
            if key not in areas:
                raise datafile.error(f"unknown area key “{key}”", key="indicator", value=slug)
            rows.append(
                {
                    "indicator": indicators[slug],
                    "area": areas[key],
                    "reference_date": date,
                    "period_months": entry.get("months", 0),
                    "dimension_key": split,
                    "value": Decimal(str(number)),
                    "source_note": entry.get("source", ""),
                    "is_demo": False,
                }
            )
    return store_values(rows)


def store_values(rows: list[dict]) -> int:
    """Creates or corrects the given values; writes nothing for those already stored as
    they are. Returns how many were written."""
    if not rows:
        return 0
    existing = {
        (v.indicator_id, v.area_id, v.reference_date, v.dimension_key): v
        for v in Value.objects.filter(
            indicator__in={r["indicator"].pk for r in rows},
            area__in={r["area"].pk for r in rows},
        )
    }
    create, update = [], []
    for row in rows:
        key = (row["indicator"].pk, row["area"].pk, row["reference_date"], row["dimension_key"])
        current = existing.get(key)
        if current is None:
            create.append(Value(**row))
            continue
        if any(getattr(current, name) != value for name, value in row.items()):
            for name, value in row.items():
                setattr(current, name, value)
            update.append(current)
    Value.objects.bulk_create(create, batch_size=1000)
    for value in update:
        value.save()
    return len(create) + len(update)


def _town_series(region: Region) -> list[dict]:
    """Invented but plausible yearly series for every town, and the district's earlier
    years where the concept gives only the latest figure."""
    indicators = {i.slug: i for i in region.indicators.all()}
    towns = {a.official_key: a for a in region.areas.filter(kind=Area.Kind.MUNICIPALITY)}
    district = region.areas.filter(kind=Area.Kind.DISTRICT).first()
    rows: list[dict] = []

    def add(slug, area, date, value, split="", months=0):
        if slug in indicators and area is not None:
            rows.append(
                {
                    "indicator": indicators[slug],
                    "area": area,
                    "reference_date": date,
                    "period_months": months,
                    "dimension_key": split,
                    "value": value,
                    "source_note": DEMO_NOTE,
                    "is_demo": True,
                }
            )

    for key, town in sorted(towns.items()):
        rng = random.Random(f"monitoring-{key}")  # noqa: S311  (repeatable demo data)
        population = TOWN_POPULATION.get(key, 20_000)
        share = rng.uniform(6.0, 10.0) if key != "05754028" else 13.0
        for year in range(2012, 2024):
            date = datetime.date(year, 12, 31)
            growth = 1 + 0.004 * (year - 2012) + rng.uniform(-0.002, 0.002)
            share += rng.uniform(0.3, 0.8) + (1.2 if year in (2015, 2022) else 0)
            add("auslaenderanteil", town, date, Decimal(f"{share:.1f}"))
            total = int(population * growth)
            female = int(total * rng.uniform(0.49, 0.51))
            add("bevoelkerung", town, date, Decimal(total))
            add("bevoelkerung", town, date, Decimal(female), "GES:GESW")
            add("bevoelkerung", town, date, Decimal(total - female), "GES:GESM")
        employees = population * rng.uniform(0.42, 0.58)
        foreign_share = rng.uniform(0.08, 0.13)
        for year in range(2016, 2023):
            date = datetime.date(year, 12, 31)
            employees *= 1 + rng.uniform(0.005, 0.02)
            foreign_share += rng.uniform(0.003, 0.008)
            foreign = int(employees * foreign_share)
            add("sv-beschaeftigte", town, date, Decimal(int(employees)))
            add("sv-beschaeftigte", town, date, Decimal(foreign), "NAT:NATA")
            add("sv-beschaeftigte", town, date, Decimal(int(employees) - foreign), "NAT:NATD")
    rng = random.Random("monitoring-district")  # noqa: S311
    moves_in, moves_out = 5200.0, 3600.0
    for year in range(2013, 2023):
        date = datetime.date(year, 12, 31)
        bump = 1.9 if year in (2015, 2022) else 1.0
        moves_in = moves_in * rng.uniform(0.97, 1.06)
        moves_out = moves_out * rng.uniform(0.98, 1.05)
        add("zuzuege-ausland", district, date, Decimal(int(moves_in * bump)), months=12)
        add("fortzuege-ausland", district, date, Decimal(int(moves_out)), months=12)
    earlier = {"05754": 9.4, "057": 8.3, "05": 11.0}
    latest = {"05754": 15.2, "057": 12.6, "05": 15.6}
    comparison = {a.official_key: a for a in Area.objects.filter(official_key__in=earlier)}
    for key, start in earlier.items():
        for year in range(2012, 2022):
            fraction = (year - 2012) / 10
            value = start + (latest[key] - start) * fraction**1.3
            add(
                "auslaenderanteil",
                comparison.get(key),
                datetime.date(year, 12, 31),
                Decimal(f"{value:.1f}"),
            )
    return rows
