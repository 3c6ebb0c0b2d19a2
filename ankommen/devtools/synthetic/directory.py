"""Offers for the synthetic benchmark regions: 2,000 per region by default, each with German
and English texts, one to three places, languages, target groups and fields of action.
Written with bulk_create and search documents computed here, so a region takes seconds."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ankommen.core.models import Area, Audience, Language
from ankommen.devtools.synthetic.core import synthetic_regions
from ankommen.directory.models import Offer, OfferTranslation, OpeningHours, Place
from ankommen.directory.search import words

TOPICS = [
    ("Migrationsberatung", "migration counselling", Offer.Kind.COUNSELLING),
    ("Deutschkurs", "German course", Offer.Kind.LANGUAGE_COURSE),
    ("Integrationskurs", "integration course", Offer.Kind.INTEGRATION_COURSE),
    ("Sprachcafé", "language café", Offer.Kind.MEETING_PLACE),
    ("Schuldnerberatung", "debt counselling", Offer.Kind.COUNSELLING),
    ("Bewerbungstraining", "job application training", Offer.Kind.QUALIFICATION),
    ("Mietführerschein", "tenant's licence", Offer.Kind.HOUSING),
    ("Gesundheitslotsen", "health guides", Offer.Kind.HEALTH),
    ("Hausaufgabenhilfe", "homework help", Offer.Kind.EDUCATION),
    ("Frauentreff", "women's meeting", Offer.Kind.MEETING_PLACE),
    ("Jugendmigrationsdienst", "youth migration service", Offer.Kind.COUNSELLING),
    ("Ehrenamtsbörse", "volunteer exchange", Offer.Kind.VOLUNTEERING),
]
STREETS = ["Hauptstraße", "Bahnhofstraße", "Kirchstraße", "Schulstraße", "Marktplatz", "Ringstraße"]


def generate_offers(*, count: int, stdout, per_region: int = 2000) -> None:
    languages = {lang.code: lang for lang in Language.objects.all()}
    audiences = list(Audience.objects.all())
    for region in synthetic_regions().order_by("slug")[:count]:
        if Offer.objects.filter(region=region).exists():
            continue
        with transaction.atomic():
            created = _generate(region, per_region, languages, audiences)
        stdout.write(f"directory: created {created} offers for {region.slug}")


def _generate(region, per_region, languages, audiences) -> int:
    rng = random.Random(f"directory-{region.official_key}")  # noqa: S311  (repeatable data)
    towns = list(region.areas.filter(kind=Area.Kind.MUNICIPALITY).order_by("pk"))
    district = region.areas.filter(kind=Area.Kind.DISTRICT).first()
    organisations = list(region.organisations.order_by("pk"))
    fields = list(region.fieldofaction_set.all())
    targets = list(region.targetgroup_set.all())
    spoken = [
        languages[c] for c in ("de", "en", "ar", "uk", "ro", "tr", "ru", "pl") if c in languages
    ]
    places = Place.objects.bulk_create(
        Place(
            region=region,
            key=f"ort-{number}",
            name=f"Beratungshaus {town.name} {number}",
            street=f"{rng.choice(STREETS)} {rng.randint(1, 99)}",
            postal_code=f"99{rng.randint(100, 999)}",
            city=town.name,
            area=town,
            latitude=Decimal(str(round(float(town.latitude or 51) + rng.uniform(-0.02, 0.02), 5))),
            longitude=Decimal(str(round(float(town.longitude or 8) + rng.uniform(-0.02, 0.02), 5))),
            wheelchair_accessible=rng.random() < 0.7,
            is_demo=True,
        )
        for number, town in enumerate(towns * 20)
    )
    OpeningHours.objects.bulk_create(
        OpeningHours(place=place, weekday=day, opens=dt.time(9), closes=dt.time(13))
        for place in places
        for day in range(5)
    )
    today = timezone.localdate()
    offers, texts, links = [], [], []
    for number in range(per_region):
        topic, topic_en, kind = TOPICS[number % len(TOPICS)]
        town = rng.choice(towns)
        organisation = rng.choice(organisations)
        place = rng.choice([p for p in places[number % 20 :: 20]] or places)
        title = f"{topic} {organisation.short_name or organisation.name} {town.name}"
        title_en = f"{topic_en.capitalize()} {organisation.name} {town.name}"
        summary = f"{topic} für Zugewanderte in {town.name}, Angebot Nr. {number}."
        summary_en = f"{topic_en.capitalize()} for immigrants in {town.name}, offer no. {number}."
        offer_languages = ["de", *rng.sample([c.code for c in spoken[1:]], 2)]
        district_wide = rng.random() < 0.1
        areas = [district] if district_wide and district else [town]
        document = " ".join(
            dict.fromkeys(
                w
                for part in (
                    title,
                    summary,
                    title_en,
                    summary_en,
                    organisation.name,
                    place.name,
                    town.name,
                    *offer_languages,
                )
                for w in words(part)
            )
        )
        offers.append(
            Offer(
                region=region,
                key=f"angebot-{number}",
                organisation=organisation,
                maintainer=organisation,
                kind=kind,
                level=Offer.Level.DISTRICT if district_wide else Offer.Level.MUNICIPALITY,
                cost=rng.choice(Offer.Cost.values),
                walk_in=rng.random() < 0.5,
                by_appointment=rng.random() < 0.6,
                last_confirmed=today - dt.timedelta(days=rng.randint(0, 400)),
                is_demo=True,
                search_document=f" {document} ",
            )
        )
        texts.append((title, summary, title_en, summary_en))
        links.append(
            (
                areas,
                place,
                offer_languages,
                rng.sample(fields, 2),
                rng.sample(targets, 2),
                rng.sample(audiences, 1),
            )
        )
    Offer.objects.bulk_create(offers)
    de, en = languages["de"], languages["en"]
    OfferTranslation.objects.bulk_create(
        OfferTranslation(offer=offer, language=lang, title=title, summary=summary)
        for offer, (t_de, s_de, t_en, s_en) in zip(offers, texts, strict=True)
        for lang, title, summary in ((de, t_de, s_de), (en, t_en, s_en))
    )
    through = {
        "areas": (Offer.areas.through, "area"),
        "places": (Offer.places.through, "place"),
        "languages": (Offer.languages.through, "language"),
        "fields_of_action": (Offer.fields_of_action.through, "fieldofaction"),
        "target_groups": (Offer.target_groups.through, "targetgroup"),
        "audiences": (Offer.audiences.through, "audience"),
    }
    rows: dict[str, list] = {name: [] for name in through}
    for offer, (areas, place, codes, fs, ts, auds) in zip(offers, links, strict=True):
        model, column = through["areas"]
        rows["areas"] += [model(offer=offer, **{column: a}) for a in areas]
        model, column = through["places"]
        rows["places"].append(model(offer=offer, **{column: place}))
        model, column = through["languages"]
        rows["languages"] += [model(offer=offer, **{column: languages[c]}) for c in codes]
        model, column = through["fields_of_action"]
        rows["fields_of_action"] += [model(offer=offer, **{column: f}) for f in fs]
        model, column = through["target_groups"]
        rows["target_groups"] += [model(offer=offer, **{column: t}) for t in ts]
        model, column = through["audiences"]
        rows["audiences"] += [model(offer=offer, **{column: a}) for a in auds]
    for name, (model, _column) in through.items():
        model.objects.bulk_create(rows[name], batch_size=5000)
    return len(offers)
