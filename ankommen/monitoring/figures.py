"""What a figure of the monitoring is, apart from where it is stored: its unit, the quality
marks that stand instead of a number, a split's key, and a point of a series as the pages,
downloads and the report show it (with how its date and number are written)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


def dimension_key(dimensions: dict[str, str]) -> str:
    """The canonical text form of a split, e.g. {"NAT": "NATA", "GES": "GESW"} →
    "GES:GESW|NAT:NATA". Totals are left out, so the total of everything is ""."""
    return "|".join(f"{code}:{member}" for code, member in sorted(dimensions.items()) if member)


def parse_dimension_key(key: str) -> dict[str, str]:
    if not key:
        return {}
    return dict(part.split(":", 1) for part in key.split("|"))


class Unit(models.TextChoices):
    COUNT = "count", _("number")
    PERCENT = "percent", _("per cent")

    @classmethod
    def from_source(cls, text: str) -> Unit | None:
        """The unit named in a statistics file ("Anzahl", "Prozent", "%" …), or None."""
        return _SOURCE_UNITS.get(text.strip().lower())


_SOURCE_UNITS = {
    "anzahl": Unit.COUNT,
    "personen": Unit.COUNT,
    "number": Unit.COUNT,
    "count": Unit.COUNT,
    "prozent": Unit.PERCENT,
    "percent": Unit.PERCENT,
    "%": Unit.PERCENT,
}


class Quality(models.TextChoices):
    """GENESIS marks that stand instead of a number."""

    NONE = "", _("value present")
    NOTHING = "-", _("nothing there (-)")
    UNKNOWN = ".", _("unknown or confidential (.)")
    BLOCKED = "x", _("cell blocked (x)")
    UNCERTAIN = "/", _("no figure, not reliable enough (/)")
    LATER = "...", _("figure comes later (...)")


@dataclass(frozen=True)
class Point:
    """One value of a series as shown: a number, or a quality mark and no number."""

    date: datetime.date
    period_months: int
    value: Decimal | None
    quality: str = ""
    is_demo: bool = False
    stand: datetime.datetime | None = None
    source: str = ""
    numerator: Decimal | None = None
    denominator: Decimal | None = None

    @classmethod
    def share(cls, numerator: Point, denominator: Point) -> Point:
        """numerator ÷ denominator × 100. A quality mark on either side, or a zero
        denominator, gives no number: the gap shows, never a 0."""
        quality = numerator.quality or denominator.quality
        value = None
        if not quality:
            if denominator.value:
                value = numerator.value * 100 / denominator.value
            else:
                quality = Quality.UNKNOWN
        stands = [s for s in (numerator.stand, denominator.stand) if s]
        return cls(
            date=numerator.date,
            period_months=numerator.period_months,
            value=value,
            quality=quality,
            is_demo=numerator.is_demo or denominator.is_demo,
            stand=max(stands) if stands else None,
            source=numerator.source,
            numerator=numerator.value,
            denominator=denominator.value,
        )

    @property
    def period_label(self) -> str:
        return period_label(self.date, self.period_months)


def period_label(date: datetime.date, period_months: int) -> str:
    """31.12.2022 for a Stichtag, 2022 for a calendar year, 10/2023–03/2024 otherwise."""
    if not period_months:
        return f"{date:%d.%m.%Y}"
    if period_months == 12 and (date.month, date.day) == (12, 31):
        return str(date.year)
    first = date.year * 12 + date.month - period_months
    start = datetime.date(first // 12, first % 12 + 1, 1)
    return f"{start:%m/%Y}–{date:%m/%Y}"


def format_number(number: Decimal | None, decimals: int, unit: str = "") -> str:
    """German-style grouping is applied by the templates' localisation; this rounds half
    up (the statistical offices' rule) and keeps trailing zeros."""
    if number is None:
        return ""
    quantum = Decimal(1).scaleb(-decimals)
    return str(number.quantize(quantum, rounding=ROUND_HALF_UP))
