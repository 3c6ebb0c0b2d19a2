"""/api/v1/: the directory's offers, with its filters and search."""

from __future__ import annotations

import datetime as dt

from django.db.models import CharField, Prefetch, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router

from ankommen.api.v1 import schemas as s
from ankommen.api.v1.errors import ApiError, default_message
from ankommen.api.v1.lookups import SLUG, answers, find_language, find_region, missing, paginate
from ankommen.core.richtext import plain_text
from ankommen.directory.filters import arrange_offers, filtered_offers
from ankommen.directory.models import Offer, OfferTranslation, Place

router = Router()


class OfferFilters(s.PageParams):
    """The directory's filters (`ankommen/directory/forms.py`), by the same names."""

    q: str | None = s.Field(None, max_length=200, description="Search, in any language.")
    area: int | None = s.Field(None, ge=1, le=s.MAX_ID, description="Town or quarter (area id).")
    field: str | None = s.Field(None, max_length=60, description="Field of action (slug).")
    target: str | None = s.Field(None, max_length=60, description="Target group (slug).")
    audience: str | None = s.Field(None, max_length=60, description="Audience (slug).")
    spoken: str | None = s.Field(None, max_length=20, description="Language spoken (code).")
    kind: str | None = s.Field(None, max_length=30, description="Kind of offer.")
    cost: str | None = s.Field(None, max_length=10, description="free, reduced or paid.")
    open_now: bool = s.Field(False, description="Only offers with a place open now.")
    near: int | None = s.Field(None, ge=1, le=s.MAX_ID, description="Sort by distance (town id).")
    lat: float | None = s.Field(None, ge=-90, le=90, description="Sort by distance from here.")
    lon: float | None = s.Field(None, ge=-180, le=180, description="(with lat)")


def _offer_details(offers, *, opening_hours: bool = False, descriptions: bool = False):
    places = Place.objects.order_by("key")
    if opening_hours:
        # Only "open now" reads them; the answer itself names the places by key.
        places = places.prefetch_related("hours", "exceptions")
    texts = OfferTranslation.objects.select_related("language")
    if not descriptions:
        texts = texts.defer("description")
    # The search document holds every word of every text: search reads it in the
    # database, the answer never needs it.
    return (
        offers.defer("search_document")
        .select_related("organisation")
        .prefetch_related(
            Prefetch("translations", queryset=texts), Prefetch("places", queryset=places)
        )
    )


VOCABULARIES = {
    "fields_of_action": "fieldofaction__slug",
    "target_groups": "targetgroup__slug",
    "audiences": "audience__slug",
    "languages": "language__code",
    "areas": "area_id",
}


def _tag_with_vocabularies(offers) -> None:
    """Sets `offer.vocabularies` ({relation: [slug or code or area id]}) on each offer, read
    in one query for the whole page instead of one prefetch per relation: round trips are
    what a busy database makes expensive."""
    offers = list(offers)
    ids = [offer.pk for offer in offers]
    tags: dict[int, dict[str, list]] = {pk: {name: [] for name in VOCABULARIES} for pk in ids}
    if ids:
        parts = [
            getattr(Offer, relation)
            .through.objects.filter(offer_id__in=ids)
            .annotate(
                relation=Value(relation, output_field=CharField()),
                text=Cast(column, output_field=CharField()),
            )
            .values_list("offer_id", "relation", "text")
            for relation, column in VOCABULARIES.items()
        ]
        for offer_id, relation, text in parts[0].union(*parts[1:], all=True):
            tags[offer_id][relation].append(int(text) if relation == "areas" else text)
    for offer in offers:
        offer.vocabularies = {name: sorted(values) for name, values in tags[offer.pk].items()}


def _offer_out(offer: Offer, code: str, today: dt.date) -> dict:
    text = offer.translation_in(code)
    distance = getattr(offer, "distance", None)
    return {
        "key": offer.key,
        "language": text.language.code if text else None,
        "title": text.title if text else offer.key,
        "summary": text.summary if text else "",
        "kind": offer.kind,
        "level": offer.level,
        "cost": offer.cost,
        "organisation": offer.organisation.key,
        "fields_of_action": offer.vocabularies["fields_of_action"],
        "target_groups": offer.vocabularies["target_groups"],
        "audiences": offer.vocabularies["audiences"],
        "areas": offer.vocabularies["areas"],
        "languages": offer.vocabularies["languages"],
        "places": [p.key for p in offer.places.all()],
        "walk_in": offer.walk_in,
        "by_appointment": offer.by_appointment,
        "online": offer.online,
        "by_phone": offer.by_phone,
        "website": offer.website,
        "valid_from": offer.valid_from,
        "valid_to": offer.valid_to,
        "last_confirmed": offer.last_confirmed,
        "stale": offer.is_stale(today),
        "relevance": getattr(offer, "relevance", None),
        "distance_km": None if distance is None else round(distance, 3),
        "updated_at": offer.updated_at,
    }


@router.get(
    "regions/{region}/{language}/offers/",
    response=answers(s.OfferPage),
    tags=["offers"],
    summary="Offers of the directory, with its filters and search",
    description=(
        "The same filters and search as the directory page: with `q` the offers are "
        "ordered by relevance, with `near` or `lat`+`lon` by distance, otherwise by key. "
        "Only published offers that have not expired."
    ),
)
def offers(request, region: str, language: str, filters: Query[OfferFilters]):
    found = find_region(region)
    chosen = find_language(found, language)
    # The directory's own filter logic; its form validates the values against the
    # region's vocabularies (an unknown slug or an area of another region is a 400).
    form, values, rows, parsed = filtered_offers(found, chosen, request.GET)
    if form.is_bound and form.errors:
        details = [
            {"loc": ["query", name], "msg": str(message)}
            for name, messages in form.errors.items()
            for message in messages
        ]
        raise ApiError(400, default_message(400), details=details)
    rows = arrange_offers(_offer_details(rows, opening_hours=values.get("open_now")), values)
    today = timezone.localdate()
    page = paginate(
        request,
        rows,
        filters,
        lambda o: _offer_out(o, chosen.code, today),
        prepare=_tag_with_vocabularies,
    )
    page["concepts"] = parsed.concepts if parsed else []
    return page


@router.get(
    "regions/{region}/{language}/offers/{key}/",
    response=answers(s.OfferDetail),
    tags=["offers"],
    summary="One published offer",
)
def offer_detail(request, region: str, language: str, key: str):
    found = find_region(region)
    code = find_language(found, language).code
    offer = None
    if SLUG.match(key):
        offer = _offer_details(
            Offer.objects.public().filter(region=found, key=key), descriptions=True
        ).first()
    if offer is None:
        raise missing(_("There is no published offer “%(key)s”."), key)
    _tag_with_vocabularies([offer])
    text = offer.translation_in(code)
    return {
        **_offer_out(offer, code, timezone.localdate()),
        "description": plain_text(text.description) if text else "",
        "eligibility": offer.eligibility,
        "cost_description": offer.cost_description,
        "contact_name": offer.contact_name,
        "email": offer.email,
        "phone": offer.phone,
        "translations": [t.language.code for t in offer.translations.all()],
    }
