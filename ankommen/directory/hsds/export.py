"""Build HSDS 3.0 objects from offers."""

from __future__ import annotations

from django.db.models import Prefetch

from ankommen.core.richtext import plain_text
from ankommen.directory.hsds import PROFILE_URI, stable_id
from ankommen.directory.models import Offer, OfferTranslation, Place

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def offers_for_export(region):
    return (
        Offer.objects.filter(region=region)
        .select_related("organisation", "maintainer")
        .prefetch_related(
            Prefetch("translations", queryset=OfferTranslation.objects.select_related("language")),
            Prefetch(
                "places", queryset=Place.objects.select_related("area").prefetch_related("hours")
            ),
            "languages",
            "areas",
            "fields_of_action",
            "target_groups",
            "audiences",
        )
        .order_by("key")
    )


def organization(region, organisation) -> dict:
    data = {
        "id": stable_id(region, "organization", organisation.key),
        "name": organisation.name,
        "description": organisation.description or organisation.name,
    }
    if organisation.email:
        data["email"] = organisation.email
    if organisation.website:
        data["website"] = organisation.website
    if organisation.parent_id:
        data["parent_organization_id"] = stable_id(region, "organization", organisation.parent.key)
    return data


def location(region, place: Place) -> dict:
    data = {
        "id": stable_id(region, "location", place.key),
        "location_type": "physical",
        "name": place.name,
        "addresses": [
            {
                "id": stable_id(region, "address", place.key),
                "location_id": stable_id(region, "location", place.key),
                "address_1": place.street or place.name,
                "city": place.city or place.area.name,
                "state_province": "Nordrhein-Westfalen",
                "postal_code": place.postal_code or "00000",
                "country": "DE",
                "address_type": "physical",
            }
        ],
        "accessibility": [
            {
                "id": stable_id(region, "accessibility", place.key),
                "location_id": stable_id(region, "location", place.key),
                "description": place.accessibility
                or ("step-free" if place.wheelchair_accessible else ""),
            }
        ],
        "schedules": [schedule(region, place, hours) for hours in place.hours.all()],
    }
    if place.transit:
        data["transportation"] = place.transit
    if place.latitude is not None:
        data["latitude"] = float(place.latitude)
        data["longitude"] = float(place.longitude)
    return data


def schedule(region, place, hours) -> dict:
    return {
        "id": stable_id(region, "schedule", f"{place.key}-{hours.pk}"),
        "location_id": stable_id(region, "location", place.key),
        "freq": "WEEKLY",
        "byday": WEEKDAYS[hours.weekday],
        "opens_at": hours.opens.strftime("%H:%M"),
        "closes_at": hours.closes.strftime("%H:%M"),
        "attending_type": "in_person",
    }


def service(region, offer: Offer) -> dict:
    rows = {t.language.code: t for t in offer.translations.all()}
    master = rows.get("de") or next(iter(rows.values()), None)
    service_id = stable_id(region, "service", offer.key)
    data = {
        "id": service_id,
        "organization_id": stable_id(region, "organization", offer.organisation.key),
        "name": master.title if master else offer.key,
        "description": (plain_text(master.description) or master.summary) if master else "",
        "status": "active" if offer.is_published else "inactive",
        "email": offer.email or None,
        "url": offer.website or None,
        "eligibility_description": offer.eligibility or None,
        "fees_description": offer.cost_description or offer.get_cost_display(),
        "assured_date": offer.last_confirmed.isoformat(),
        "languages": [
            {
                "id": stable_id(region, "language", f"{offer.key}-{lang.code}"),
                "service_id": service_id,
                "name": lang.name_en,
                "code": lang.code,
            }
            for lang in offer.languages.all()
        ],
        "service_areas": [
            {
                "id": stable_id(region, "service_area", f"{offer.key}-{area.pk}"),
                "service_id": service_id,
                "name": area.name,
                **({"uri": f"urn:de:ags:{area.official_key}"} if area.official_key else {}),
            }
            for area in offer.areas.all()
        ],
        "service_at_locations": [
            {
                "id": stable_id(region, "service_at_location", f"{offer.key}-{place.key}"),
                "service_id": service_id,
                "location_id": stable_id(region, "location", place.key),
            }
            for place in offer.places.all()
        ],
        "phones": [
            {
                "id": stable_id(region, "phone", offer.key),
                "service_id": service_id,
                "number": offer.phone,
            }
        ]
        if offer.phone
        else [],
        "attributes": attributes(region, offer, service_id),
        "translations": [
            {
                "table_name": "service",
                "field_name": field,
                "record_id": service_id,
                "language": code,
                "value": getattr(row, attr),
                "provenance": row.provenance,
            }
            for code, row in rows.items()
            for field, attr in (
                ("name", "title"),
                ("alternate_name", "summary"),
                ("description", "description"),
            )
            if getattr(row, attr)
        ],
    }
    if offer.valid_from:
        data["valid_from"] = offer.valid_from.isoformat()
    if offer.valid_to:
        data["valid_to"] = offer.valid_to.isoformat()
    return {k: v for k, v in data.items() if v is not None}


def attributes(region, offer, service_id) -> list[dict]:
    terms = [("kind", offer.kind)]
    terms += [("field_of_action", f.slug) for f in offer.fields_of_action.all()]
    terms += [("target_group", t.slug) for t in offer.target_groups.all()]
    terms += [("audience", a.slug) for a in offer.audiences.all()]
    terms.append(
        (
            "access",
            ",".join(
                name
                for name, on in (
                    ("walk_in", offer.walk_in),
                    ("appointment", offer.by_appointment),
                    ("online", offer.online),
                    ("phone", offer.by_phone),
                )
                if on
            )
            or "none",
        )
    )
    return [
        {
            "id": stable_id(region, "attribute", f"{offer.key}-{taxonomy}-{code}"),
            "link_id": service_id,
            "link_type": "service",
            "link_entity": "service",
            "taxonomy_term_id": stable_id(region, "taxonomy_term", f"{taxonomy}/{code}"),
            "value": code,
            "taxonomy": taxonomy,
        }
        for taxonomy, code in terms
    ]


def export_region(region) -> dict:
    offers = list(offers_for_export(region))
    organisations = {}
    places = {}
    for offer in offers:
        for organisation in (offer.organisation, offer.maintainer):
            organisations[organisation.pk] = organisation
        for place in offer.places.all():
            places[place.pk] = place
    return {
        "profile": PROFILE_URI,
        "version": "3.0",
        "organizations": [organization(region, o) for o in organisations.values()],
        "locations": [location(region, p) for p in places.values()],
        "services": [service(region, o) for o in offers],
    }
