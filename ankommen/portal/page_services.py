"""What a portal page shows of its attached services for one visitor's town.

Each attached record passes the directory's public rules (`Offer.objects.public()`,
`Event.objects.public()`, `Place.objects.public()`), so an unpublished or expired offer, or
the events and places of one, are never shown. Entries for a town appear only to visitors
who chose that town or one of its quarters, before the entries for everybody.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import QueryDict
from django.utils import timezone

from ankommen.core.models import Area, Language
from ankommen.core.town_choice import serving_ids, town_area_ids
from ankommen.directory.filters import filtered_offers
from ankommen.directory.models import Event, Offer, OfferTranslation, Place
from ankommen.portal.models import Page, PageService

FILTER_SHOWN = 5


@dataclass
class ShownService:
    service: PageService
    kind: str
    heading: str = ""
    offer: Offer | None = None
    offer_title: str = ""
    offer_summary: str = ""
    places: list[Place] = field(default_factory=list)
    event: Event | None = None
    event_title: str = ""
    next_date: dt.datetime | None = None
    offers: list[tuple[Offer, str, Place | None]] = field(default_factory=list)
    filter_query: str = ""
    total: int = 0


def _offer_rows(ids, language: Language) -> dict[int, Offer]:
    places = Place.objects.select_related("area").prefetch_related("hours")
    return {
        offer.pk: offer
        for offer in Offer.objects.public()
        .filter(pk__in=ids)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("translations", queryset=OfferTranslation.objects.select_related("language")),
            Prefetch("places", queryset=places),
        )
    }


def _nearest(offer: Offer, local_ids: set[int]) -> Place | None:
    """The offer's place in the visitor's town where it has one, else its first."""
    places = list(offer.places.all())
    local = [p for p in places if p.area_id in local_ids]
    return (local or places or [None])[0]


def services_for(page: Page, language: Language, town: Area | None) -> tuple[list, bool]:
    """The entries the visitor sees, and whether the page has entries for towns that a
    visitor without a chosen town does not see (then the page asks her to choose)."""
    services = list(page.services.select_related("town"))
    if not services:
        return [], False
    local_ids = town_area_ids(town) if town is not None else set()
    hidden_for_town = town is None and any(s.town_id for s in services)
    chosen = [s for s in services if s.town_id is None or s.town_id in local_ids]
    chosen.sort(key=lambda s: (s.town_id is None, s.position, s.pk))
    serving = serving_ids(town) if town is not None else None

    offers = _offer_rows([s.offer_id for s in chosen if s.offer_id], language)
    if serving is not None:
        allowed = set(
            Offer.objects.filter(pk__in=offers).serving(town).values_list("pk", flat=True)
        )
    events = {
        e.pk: e
        for e in Event.objects.public()
        .filter(pk__in=[s.event_id for s in chosen if s.event_id])
        .select_related("place")
        .prefetch_related("place__hours")
    }
    places = {
        p.pk: p
        for p in Place.objects.public()
        .filter(pk__in=[s.place_id for s in chosen if s.place_id])
        .prefetch_related("hours")
    }
    shown = []
    now = timezone.now()
    for service in chosen:
        item = ShownService(service=service, kind=service.kind)
        item.heading = service.text_in("heading", language.code) if service.heading else ""
        if service.kind == PageService.Kind.OFFER:
            offer = offers.get(service.offer_id)
            if offer is None or (serving is not None and offer.pk not in allowed):
                continue
            item.offer = offer
            text = offer.translation_in(language.code)
            item.offer_title = text.title if text else offer.key
            item.offer_summary = text.summary if text else ""
            item.places = list(offer.places.all())
        elif service.kind == PageService.Kind.EVENT:
            event = events.get(service.event_id)
            if event is None or (serving is not None and event.area_id not in serving):
                continue
            upcoming = event.occurrences(now, now + dt.timedelta(days=366), limit=1)
            if not upcoming:
                continue
            item.event, item.event_title, item.next_date = (
                event,
                event.title_in(language.code),
                upcoming[0],
            )
        elif service.kind == PageService.Kind.PLACE:
            place = places.get(service.place_id)
            if place is None:
                continue
            item.places = [place]
        elif service.kind == PageService.Kind.FILTER:
            data = QueryDict(service.filter_query, mutable=True)
            data.pop("area", None)
            _form, _values, found, _parsed = filtered_offers(page.region, language, data, town)
            ids = list(found.values_list("pk", flat=True))
            item.total = len(ids)
            rows = _offer_rows(ids[:FILTER_SHOWN], language)
            for pk in ids[:FILTER_SHOWN]:
                offer = rows.get(pk)
                if offer is not None:
                    text = offer.translation_in(language.code)
                    item.offers.append(
                        (offer, text.title if text else offer.key, _nearest(offer, local_ids))
                    )
            # The directory orders by the visitor's town itself (her cookie).
            item.filter_query = data.urlencode()
        shown.append(item)
    return shown, hidden_for_town
