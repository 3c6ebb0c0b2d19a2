"""Import an HSDS 3.0 document (our export's shape: organizations, locations, services) into
a region. The document is validated against the schema files first; services are matched to
offers by their stable ids, organisations must exist in the region (matched by id or name),
and everything is written in one transaction or not at all."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.text import slugify

from ankommen.core.models import Area, Language, Organisation
from ankommen.directory.hsds import stable_id
from ankommen.directory.hsds.validate import errors
from ankommen.directory.models import Offer, OfferTranslation, Place
from ankommen.directory.search import document_for

FIELD_MAP = {"name": "title", "alternate_name": "summary", "description": "description"}


class HSDSImportError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def import_document(region, document: dict) -> tuple[int, int]:
    if not isinstance(document, dict):
        raise HSDSImportError(
            [f"(root): the document must be a JSON object, not {type(document).__name__}"]
        )
    # Before the schema: validating ten thousand copies of one service takes minutes.
    problems = _duplicate_ids(document)
    if problems:
        raise HSDSImportError(problems)
    problems = errors(document)
    if problems:
        raise HSDSImportError(problems)
    organisations = {}
    for organisation in Organisation.objects.filter(region=region):
        organisations[stable_id(region, "organization", organisation.key)] = organisation
        organisations[organisation.name] = organisation
    hsds_organisations = {o["id"]: o for o in document.get("organizations", [])}
    locations = {loc["id"]: loc for loc in document.get("locations", [])}
    offers: dict[str, Offer] = {}
    for offer in Offer.objects.filter(region=region):
        offers[stable_id(region, "service", offer.key)] = offer
        offers[offer.key] = offer
    places: dict[str, Place] = {}
    for place in Place.objects.filter(region=region):
        places[stable_id(region, "location", place.key)] = place
        places[place.key] = place
    languages = {lang.code: lang for lang in Language.objects.all()}
    areas_by_key = {a.official_key: a for a in region.areas.exclude(official_key="")}
    areas_by_name = {a.name: a for a in region.areas.all()}
    created = updated = 0
    with transaction.atomic():
        for number, service in enumerate(document["services"]):
            where = f"services/{number}"
            organisation = organisations.get(service.get("organization_id"))
            if organisation is None:
                named = hsds_organisations.get(service.get("organization_id"), {}).get("name")
                organisation = organisations.get(named)
            if organisation is None:
                problems.append(f"{where}: unknown organisation {service.get('organization_id')}")
                continue
            # Another region's export carries that region's ids: its services become offers
            # keyed by name and id, which a second import of the same file finds again.
            key = _foreign_key(service["name"], service["id"])
            offer = offers.get(service["id"]) or offers.get(key)
            if offer is None:
                offer = Offer(
                    region=region,
                    key=key,
                    organisation=organisation,
                    maintainer=organisation,
                    kind=Offer.Kind.COUNSELLING,
                )
                created += 1
            else:
                updated += 1
            offer.organisation = organisation
            offer.is_published = service["status"] == "active"
            offer.email = service.get("email", "")
            offer.website = service.get("url", "")
            offer.eligibility = service.get("eligibility_description", "")
            for attribute in service.get("attributes", []):
                if attribute.get("taxonomy") == "kind" and attribute["value"] in Offer.Kind.values:
                    offer.kind = attribute["value"]
            offer.save()
            rows = service.get("translations") or [
                {"language": "de", "field_name": "name", "value": service["name"]},
                {
                    "language": "de",
                    "field_name": "description",
                    "value": service.get("description", ""),
                },
            ]
            texts: dict[str, dict] = {}
            for row in rows:
                if row["language"] not in languages:
                    problems.append(f"{where}: unknown language {row['language']}")
                    continue
                texts.setdefault(row["language"], {})[FIELD_MAP.get(row["field_name"], "x")] = row[
                    "value"
                ]
            for code, values in texts.items():
                values.pop("x", None)
                if values.get("title"):
                    OfferTranslation.objects.update_or_create(
                        offer=offer, language=languages[code], defaults=values
                    )
            offer.languages.set(
                [
                    languages[lang["code"]]
                    for lang in service.get("languages", [])
                    if lang["code"] in languages
                ]
            )
            served = []
            for area in service.get("service_areas", []):
                key = (area.get("uri") or "").removeprefix("urn:de:ags:")
                found = areas_by_key.get(key) or areas_by_name.get(area.get("name"))
                if found is None:
                    problems.append(f"{where}: unknown service area {area.get('name')}")
                else:
                    served.append(found)
            offer.areas.set(served)
            at = []
            for link in service.get("service_at_locations", []):
                location = locations.get(link["location_id"])
                if location:
                    at.append(_place(region, location, served, places))
            offer.places.set([p for p in at if p])
            Offer.objects.filter(pk=offer.pk).update(search_document=document_for(offer))
        if problems:
            raise HSDSImportError(problems)
    return created, updated


def _duplicate_ids(document: dict) -> list[str]:
    problems = []
    for collection in ("organizations", "locations", "services"):
        items = document.get(collection)
        if not isinstance(items, list):
            continue
        seen: dict[str, int] = {}
        for number, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                continue
            first = seen.setdefault(item["id"], number)
            if first != number:
                problems.append(
                    f"{collection}/{number}: the id {item['id']} is used already by "
                    f"{collection}/{first}"
                )
                if len(problems) >= 10:
                    return problems
    return problems


def _foreign_key(name: str, hsds_id: str) -> str:
    return f"{slugify(name)[:60]}-{hsds_id[:8]}".strip("-")


def _place(region, location, served, places: dict[str, Place]) -> Place | None:
    """The place of an HSDS location: ours by its id, one imported before by its key, or
    a new one (remembered in `places`, so a location shared by services is made once)."""
    key = _foreign_key(location.get("name") or "ort", location["id"])
    existing = places.get(location["id"]) or places.get(key)
    if existing is not None:
        return existing
    address = (location.get("addresses") or [{}])[0]
    area = served[0] if served else Area.objects.filter(region=region).first()
    places[key] = place = Place.objects.create(
        region=region,
        key=key,
        name=location.get("name") or address.get("address_1", ""),
        street=address.get("address_1", ""),
        postal_code=address.get("postal_code", ""),
        city=address.get("city", ""),
        area=area,
        latitude=Decimal(str(location["latitude"])) if "latitude" in location else None,
        longitude=Decimal(str(location["longitude"])) if "longitude" in location else None,
        transit=location.get("transportation", ""),
    )
    return place
