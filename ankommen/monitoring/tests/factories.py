"""Factories for the monitoring's records, on top of core's."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from ankommen.core.tests.factories import AreaFactory, RegionFactory
from ankommen.monitoring.models import Indicator, Unit, Value


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    region = factory.SubFactory(RegionFactory)
    slug = factory.Sequence(lambda n: f"indikator-{n}")
    name = factory.Sequence(lambda n: f"Indikator {n}")
    definition = "Zahl der Personen am Stichtag."
    unit = Unit.COUNT
    source = "IT.NRW, Landesdatenbank NRW"


class ValueFactory(DjangoModelFactory):
    class Meta:
        model = Value

    indicator = factory.SubFactory(IndicatorFactory)
    area = factory.SubFactory(AreaFactory)
    reference_date = datetime.date(2022, 12, 31)
    value = Decimal("100")


def population_indicator(region, **extra) -> Indicator:
    """The population series (12411, BEVSTD) as the imports expect it."""
    defaults = {
        "slug": "bevoelkerung",
        "name": "Bevölkerung",
        "variable_code": "BEVSTD",
        "variable_label": "Bevölkerungsstand",
        "table_code": "12411-01-01-4",
    }
    return IndicatorFactory(region=region, **{**defaults, **extra})


def employees_indicator(region, **extra) -> Indicator:
    defaults = {
        "slug": "sv-beschaeftigte",
        "name": "Sozialversicherungspflichtig Beschäftigte am Arbeitsort",
        "variable_code": "ERW032",
        "variable_label": "Sozialversicherungspfl. Beschäftigte (Arbeitsort)",
        "table_code": "13111-01-03-5",
    }
    return IndicatorFactory(region=region, **{**defaults, **extra})


def share_indicator(region, of: Indicator, **extra) -> Indicator:
    defaults = {
        "slug": f"{of.slug}-anteil-auslaender",
        "name": f"Anteil Ausländer*innen: {of.name}",
        "kind": Indicator.Kind.SHARE,
        "unit": Unit.PERCENT,
        "decimals": 2,
        "numerator": of,
        "numerator_split": "NAT:NATA",
        "denominator": of,
        "denominator_split": "",
    }
    return IndicatorFactory(region=region, **{**defaults, **extra})


__all__ = [
    "AreaFactory",
    "IndicatorFactory",
    "RegionFactory",
    "ValueFactory",
    "employees_indicator",
    "population_indicator",
    "share_indicator",
]
