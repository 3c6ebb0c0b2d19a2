"""The Kreis Gütersloh directory demo: places, offers, events and search concepts from
TOML files. Idempotent: records are matched on their keys and only written when they differ.

Area references in the files are official keys ("05754044") or "Town/Quarter" names
("Verl/Sürenheide"); organisations are core's demo organisations, looked up by key.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from ankommen.core.loader import DataFile, upsert
from ankommen.core.models import (
    Area,
    Audience,
    FieldOfAction,
    Language,
    Organisation,
    Region,
    TargetGroup,
)
from ankommen.directory.models import (
    Event,
    Offer,
    OfferTranslation,
    OpeningException,
    OpeningHours,
    Place,
    SearchConcept,
)
from ankommen.directory.signals import documents_rebuilt_later

DEMO_DIR = Path(__file__).parent / "kreis_guetersloh"
WEEKDAYS = {"mo": 0, "di": 1, "mi": 2, "do": 3, "fr": 4, "sa": 5, "so": 6}
ACCESS = {
    "walk_in": "walk_in",
    "appointment": "by_appointment",
    "online": "online",
    "phone": "by_phone",
}


class DemoDataError(Exception):
    pass


def load_demo_directory(*, stdout, directory: Path = DEMO_DIR, region_slug="kreis-guetersloh"):
    region = Region.objects.filter(slug=region_slug).first()
    if region is None:
        stdout.write(f"directory: region {region_slug} missing, skipped")
        return
    with transaction.atomic(), documents_rebuilt_later():
        places = load_places(region, DataFile.read(directory / "places.toml"))
        stdout.write(f"directory: {len(places)} places")
        offers = load_offers(region, DataFile.read(directory / "offers.toml"), places)
        stdout.write(f"directory: {len(offers)} offers")
        events = load_events(region, DataFile.read(directory / "events.toml"), places, offers)
        stdout.write(f"directory: {len(events)} events")
        concepts = load_concepts(region, DataFile.read(directory / "concepts.toml"))
        stdout.write(f"directory: {len(concepts)} search concepts")


class AreaIndex:
    def __init__(self, region: Region):
        self.by_key = {a.official_key: a for a in region.areas.exclude(official_key="")}
        self.by_name = {}
        for area in region.areas.select_related("parent"):
            if area.kind == Area.Kind.QUARTER and area.parent_id:
                self.by_name[f"{area.parent.name}/{area.name}"] = area
            else:
                self.by_name[area.name] = area

    def get(self, reference: str) -> Area | None:
        return self.by_key.get(reference) or self.by_name.get(reference)


def _area(index: AreaIndex, datafile: DataFile, reference: str, key: str) -> Area:
    area = index.get(reference)
    if area is None:
        raise datafile.error(f"unknown area “{reference}”", key="key", value=key)
    return area


def load_places(region: Region, datafile: DataFile) -> dict[str, Place]:
    index = AreaIndex(region)
    places: dict[str, Place] = {}
    for entry in datafile.entries("place"):
        key = datafile.require(entry, "key", where=("key", entry.get("key")))
        area = _area(index, datafile, entry["area"], key)
        town = area.parent if area.kind == Area.Kind.QUARTER else area
        place = upsert(
            Place,
            {"region": region, "key": key},
            {
                "name": entry["name"],
                "street": entry.get("street", ""),
                "postal_code": entry.get("postal_code", ""),
                "city": entry.get("city", town.name),
                "area": area,
                "latitude": Decimal(str(entry["lat"])) if "lat" in entry else None,
                "longitude": Decimal(str(entry["lon"])) if "lon" in entry else None,
                "wheelchair_accessible": entry.get("step_free", False),
                "accessibility": entry.get("accessibility", ""),
                "transit": entry.get("transit", ""),
                "by_appointment_only": entry.get("by_appointment_only", False),
                "hours_note": entry.get("hours_note", ""),
                "name_translations": dict(entry.get("names", {})),
                "is_demo": True,
            },
        )
        wanted = set()
        for spec in entry.get("hours", []):
            day, span = spec.split(" ", 1)
            opens, closes = (dt.time.fromisoformat(t) for t in span.split("-"))
            wanted.add((WEEKDAYS[day.lower()], opens, closes))
        current = {(h.weekday, h.opens, h.closes): h for h in place.hours.all()}
        for spec, hours in current.items():
            if spec not in wanted:
                hours.delete()
        for weekday, opens, closes in wanted - set(current):
            OpeningHours.objects.create(place=place, weekday=weekday, opens=opens, closes=closes)
        for exception in entry.get("closed_on", []):
            day = dt.date.fromisoformat(exception.replace("YYYY", str(timezone.localdate().year)))
            OpeningException.objects.get_or_create(
                place=place, date=day, defaults={"closed": True, "note": "Feiertag"}
            )
        places[key] = place
    return places


# Table 2 of the concept: the kind of work an offer does, by its kind, where the data file
# names none. Networks do networking; public offices and lighthouse projects are counted as
# operative work with people like counselling and courses.
DEMO_ORIENTATION = {
    Offer.Kind.NETWORK: Offer.Orientation.NETWORKING,
    Offer.Kind.VOLUNTEERING: Offer.Orientation.NETWORKING,
}


def load_offers(region: Region, datafile: DataFile, places: dict[str, Place]) -> dict:
    index = AreaIndex(region)
    organisations = {o.key: o for o in Organisation.objects.filter(region=region)}
    languages = {lang.code: lang for lang in Language.objects.all()}
    fields = {f.slug: f for f in FieldOfAction.objects.filter(region=region)}
    targets = {t.slug: t for t in TargetGroup.objects.filter(region=region)}
    audiences = {a.slug: a for a in Audience.objects.all()}
    today = timezone.localdate()
    codes = ["de", *sorted(code for code in languages if code != "de")]
    offers: dict[str, Offer] = {}
    for entry in datafile.entries("offer"):
        key = datafile.require(entry, "key", where=("key", entry.get("key")))

        def lookup(table, codes, what, key=key):
            missing = [c for c in codes if c not in table]
            if missing:
                raise datafile.error(f"unknown {what}: {', '.join(missing)}", key="key", value=key)
            return [table[c] for c in codes]

        runner = lookup(organisations, [entry["organisation"]], "organisation")[0]
        maintainer = lookup(
            organisations, [entry.get("maintainer", entry["organisation"])], "organisation"
        )[0]
        access = entry.get("access", [])
        values = {
            "organisation": runner,
            "maintainer": maintainer,
            "kind": entry["kind"],
            "level": entry.get("level", Offer.Level.MUNICIPALITY),
            "orientation": entry.get(
                "orientation", DEMO_ORIENTATION.get(entry["kind"], Offer.Orientation.OPERATIVE)
            ),
            "childcare": entry.get("childcare", False),
            "cost": entry.get("cost", Offer.Cost.FREE),
            "cost_description": entry.get("cost_description", ""),
            "eligibility": entry.get("eligibility", ""),
            "phone": entry.get("phone", runner.phone),
            "email": entry.get("email", runner.email),
            "is_demo": True,
            **{field: name in access for name, field in ACCESS.items()},
        }
        offer = Offer.objects.filter(region=region, key=key).first()
        if offer is None:
            # Demo entries were confirmed a while ago; a few long ago (freshness demo).
            values["last_confirmed"] = today - dt.timedelta(
                days=entry.get("confirmed_days_ago", 30)
            )
        offer = upsert(Offer, {"region": region, "key": key}, values)
        _set(offer.fields_of_action, lookup(fields, entry.get("fields", []), "field of action"))
        _set(offer.target_groups, lookup(targets, entry.get("targets", []), "target group"))
        _set(offer.audiences, lookup(audiences, entry.get("audiences", ["laien"]), "audience"))
        _set(offer.languages, lookup(languages, entry.get("languages", ["de"]), "language"))
        _set(offer.areas, [_area(index, datafile, ref, key) for ref in entry.get("areas", [])])
        _set(offer.places, lookup(places, entry.get("places", []), "place"))
        # German first: a changed German text raises the offer's German version before the
        # other languages are compared with it (OfferTranslation.save).
        for code in codes:
            text = entry.get(code)
            if not text:
                continue
            title, summary, *rest = text
            upsert(
                OfferTranslation,
                {"offer": offer, "language": languages[code]},
                {
                    "title": title,
                    "summary": summary,
                    "description": rest[0] if rest else "",
                    "provenance": OfferTranslation.Provenance.HUMAN
                    if code in ("de", "en", "de-x-ls")
                    else OfferTranslation.Provenance.REVIEWED,
                },
            )
        document = _document(offer)
        if offer.search_document != document:
            Offer.objects.filter(pk=offer.pk).update(search_document=document)
            offer.search_document = document
        offers[key] = offer
    return offers


def _document(offer: Offer) -> str:
    from ankommen.directory.search import document_for

    return document_for(offer)


def _set(manager, wanted) -> None:
    current = set(manager.values_list("pk", flat=True))
    if current != {obj.pk for obj in wanted}:
        manager.set(wanted)


def load_events(region, datafile, places, offers) -> dict[str, Event]:
    index = AreaIndex(region)
    organisations = {o.key: o for o in Organisation.objects.filter(region=region)}
    year = timezone.localdate().year
    events = {}
    for entry in datafile.entries("event"):
        key = entry["key"]
        start = dt.datetime.fromisoformat(f"{year}-{entry['starts']}")
        events[key] = upsert(
            Event,
            {"region": region, "key": key},
            {
                "offer": offers.get(entry.get("offer", "")),
                "organisation": organisations[entry["organisation"]],
                "title": entry["title"],
                "titles": entry.get("titles", {}),
                "description": entry.get("description", ""),
                "descriptions": entry.get("descriptions", {}),
                "place": places.get(entry.get("place", "")),
                "online_url": entry.get("online_url", ""),
                "area": _area(index, datafile, entry["area"], key),
                "starts": timezone.make_aware(start),
                "duration": dt.timedelta(minutes=entry.get("minutes", 120)),
                "rrule": entry.get("rrule", ""),
                "capacity": entry.get("capacity"),
                "registration": entry.get("registration", False),
                "is_demo": True,
            },
        )
    return events


def load_concepts(region, datafile) -> list[SearchConcept]:
    concepts = []
    for entry in datafile.entries("concept"):
        concepts.append(
            upsert(
                SearchConcept,
                {"region": region, "name": entry["name"]},
                {"terms": "\n".join(entry["terms"]), "expands_to": entry["expands_to"]},
            )
        )
    return concepts
