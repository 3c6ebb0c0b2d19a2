"""Synthetic regions of realistic size, for benchmarks at installation scale.

Each region is a made-up Kreis under the non-existent state key 99, so its official keys can
never collide with real ones. Every region is generated from its own seeded random source:
the same number always gives the same region, whatever else exists.
"""

from __future__ import annotations

import random

from django.db import transaction

from ankommen.core.loader import load_platform
from ankommen.core.models import (
    Area,
    FieldOfAction,
    Language,
    Organisation,
    Region,
    TargetGroup,
)

SYNTHETIC_STATE_KEY = "99"
_PREFIXES = ["Nord", "Süd", "Ost", "West", "Alt", "Neu", "Ober", "Nieder", "Groß", "Klein"]
_STEMS = ["berg", "feld", "dorf", "hausen", "bach", "hagen", "brück", "kirchen", "holte", "wede"]
_ROOTS = ["Am", "Bir", "Eller", "Lin", "Mar", "Osten", "Rot", "Sand", "Wald", "Wiesen"]
_QUARTERS = [
    "Mitte",
    "Nord",
    "Süd",
    "Ost",
    "West",
    "Am Bahnhof",
    "Kirchdorf",
    "Heide",
    "Feldmark",
    "Siedlung",
]
_ORGANISATION_KINDS = [
    ("Caritasverband", "NGO"),
    ("Diakonie", "NGO"),
    ("AWO Ortsverein", "NGO"),
    ("DRK Ortsverein", "NGO"),
    ("Familienzentrum", "NGO"),
    ("Flüchtlingshilfe", "NGO"),
    ("Kulturverein", "MO"),
    ("Elternverein", "MO"),
    ("Volkshochschule", "GO"),
    ("Jugendmigrationsdienst", "NGO"),
]
LANGUAGE_CODES = ["de", "de-x-ls", "en", "ar", "uk", "ru", "ro", "pl", "bg", "tr", "fa"]
FIELDS = [
    ("zusammenleben-teilhabe", "Zusammenleben und Teilhabe"),
    ("wohnen-mobilitaet", "Wohnen und Mobilität"),
    ("institutionen-professionalisierung", "Institutionen und Professionalisierung"),
    ("gesundheit-pflege", "Gesundheit und Pflege"),
    ("arbeit-wirtschaft", "Arbeit und Wirtschaft"),
    ("sprache-bildung", "Sprache und Bildung"),
]
TARGET_GROUPS = [
    ("zugewanderte", "Zugewanderte und ihre Nachkommen"),
    ("schutzsuchende", "Schutzsuchende"),
    ("alle", "Alle Einwohnerinnen und Einwohner"),
]


def region_slug(number: int) -> str:
    return f"synth-{number:04d}"


def synthetic_regions():
    return Region.objects.filter(slug__startswith="synth-", official_key__startswith="99")


def generate_regions(*, count: int, stdout) -> None:
    load_platform()
    languages = list(Language.objects.filter(code__in=LANGUAGE_CODES))
    german = next(lang for lang in languages if lang.code == "de")
    existing = set(synthetic_regions().values_list("slug", flat=True))
    for number in range(1, count + 1):
        slug = region_slug(number)
        if slug in existing:
            continue
        with transaction.atomic():
            region = _generate_region(number, slug, german, languages)
        stdout.write(f"core: created {slug} ({region.name})")


def _town_name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = rng.choice(_ROOTS) + rng.choice(_STEMS)
        if rng.random() < 0.3:
            name = f"{rng.choice(_PREFIXES)} {name}"
        if name not in used:
            used.add(name)
            return name


def _generate_region(number, slug, german, languages) -> Region:
    rng = random.Random(number)  # noqa: S311  (repeatable test data, not secrets)
    key = f"{SYNTHETIC_STATE_KEY}{number:03d}"
    used: set[str] = set()
    district_name = f"Kreis {_town_name(rng, used)}"
    latitude = round(rng.uniform(47.5, 54.5), 5)
    longitude = round(rng.uniform(6.0, 14.5), 5)
    region = Region.objects.create(
        slug=slug, name=district_name, official_key=key, default_language=german, is_demo=True
    )
    region.languages.set(languages)
    district = Area.objects.create(
        region=region,
        kind=Area.Kind.DISTRICT,
        name=district_name,
        official_key=key,
        latitude=latitude,
        longitude=longitude,
    )
    towns = Area.objects.bulk_create(
        Area(
            region=region,
            parent=district,
            kind=Area.Kind.MUNICIPALITY,
            name=_town_name(rng, used),
            official_key=f"{key}{4 * (index + 1):03d}",
            latitude=round(latitude + rng.uniform(-0.2, 0.2), 5),
            longitude=round(longitude + rng.uniform(-0.3, 0.3), 5),
        )
        for index in range(rng.randint(10, 14))
    )
    Area.objects.bulk_create(
        Area(region=region, parent=town, kind=Area.Kind.QUARTER, name=f"{town.name}-{quarter}")
        for town in towns
        for quarter in rng.sample(_QUARTERS, rng.randint(3, 8))
    )
    TargetGroup.objects.bulk_create(
        TargetGroup(region=region, slug=s, name=n, sort_order=i)
        for i, (s, n) in enumerate(TARGET_GROUPS)
    )
    FieldOfAction.objects.bulk_create(
        FieldOfAction(region=region, slug=s, name=n, sort_order=i)
        for i, (s, n) in enumerate(FIELDS)
    )
    _generate_organisations(rng, region, district, towns)
    return region


def _generate_organisations(rng, region, district, towns) -> None:
    organisations: list[Organisation] = []
    served: list[list[Area]] = []
    organisations.append(
        Organisation(region=region, key="kreisverwaltung", name=region.name, kind="GO")
    )
    served.append([district])
    organisations.append(
        Organisation(
            region=region,
            key="ki",
            name=f"Kommunales Integrationszentrum {region.name}",
            short_name="KI",
            kind="GO",
        )
    )
    served.append([district])
    for town in towns:
        organisations.append(
            Organisation(
                region=region, key=f"stadt-{town.pk}", name=f"Stadt {town.name}", kind="GO"
            )
        )
        served.append([town])
    while len(organisations) < 60:
        kind_name, kind = rng.choice(_ORGANISATION_KINDS)
        towns_served = rng.sample(towns, rng.choice([1, 1, 1, 2, 3]))
        organisations.append(
            Organisation(
                region=region,
                key=f"org-{len(organisations):03d}",
                name=f"{kind_name} {towns_served[0].name}",
                kind=kind,
                email=f"org{len(organisations)}@example.org",
                is_demo=True,
            )
        )
        served.append(towns_served)
    created = Organisation.objects.bulk_create(organisations)
    through = Organisation.areas.through
    through.objects.bulk_create(
        through(organisation_id=organisation.pk, area_id=area.pk)
        for organisation, areas in zip(created, served, strict=True)
        for area in areas
    )
