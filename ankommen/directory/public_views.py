"""The public directory at /<region>/<language>/angebote/: the filtered list with search,
offer details (with schema.org JSON-LD and a print view), the map's data, events with
registration and iCalendar feeds."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ankommen.core import pagecache
from ankommen.core.html import script_json
from ankommen.core.models import Language, Region
from ankommen.core.ratelimit import search_limit
from ankommen.core.routing import region_view
from ankommen.core.town_choice import chosen_town
from ankommen.directory.filters import arrange_offers, filtered_offers, town_first
from ankommen.directory.maps import (
    map_config,
    map_settings,
    name_language,
    place_map,
    place_url,
    with_map_tiles,
)
from ankommen.directory.models import (
    Event,
    Offer,
    OfferTranslation,
    Place,
    ZeroResultQuery,
)

PAGE_SIZE = 20


def _with_details(queryset, language: Language):
    return queryset.select_related("organisation").prefetch_related(
        Prefetch("translations", queryset=OfferTranslation.objects.select_related("language")),
        Prefetch(
            "places",
            queryset=Place.objects.select_related("area").prefetch_related("hours", "exceptions"),
        ),
        "languages",
        "areas",
    )


def _log_zero_result(region: Region, language: Language, query: str) -> None:
    text = " ".join(query.lower().split())[:200]
    try:
        with transaction.atomic():
            row, created = ZeroResultQuery.objects.get_or_create(
                region=region, query=text, language=language.code
            )
    except IntegrityError:
        row, created = (
            ZeroResultQuery.objects.get(region=region, query=text, language=language.code),
            False,
        )
    if not created:
        ZeroResultQuery.objects.filter(pk=row.pk).update(count=F("count") + 1)


@with_map_tiles
@require_safe
@region_view
@pagecache.public_page
def index(request: HttpRequest, region: Region, language: Language) -> HttpResponse:
    if request.GET.get("q", "").strip():
        pagecache.refuse(request)  # a search counts against the client's search limit
    refused = search_limit(request)
    if refused is not None:
        return refused
    town = chosen_town(request)
    form, values, offers, parsed = filtered_offers(region, language, request.GET, town)
    arranged = arrange_offers(_with_details(offers, language), values)
    local_town = town if not values.get("area") and "area" not in request.GET else None
    if parsed is not None and not isinstance(arranged, list):
        page = _ranked_page(offers, language, request.GET.get("page"), local_town)
        paginator = page.paginator
    else:
        paginator = Paginator(arranged, PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
    if parsed is not None and paginator.count == 0:
        _log_zero_result(region, language, parsed.text)
    query_string = request.GET.copy()
    query_string.pop("page", None)
    today = timezone.localdate()
    return render(
        request,
        "directory/index.html",
        {
            "region": region,
            "language": language,
            "form": form,
            "page": page,
            "rows": [_row(offer, language, today) for offer in page.object_list],
            "count": paginator.count,
            "parsed": parsed,
            "query_string": query_string.urlencode(),
            "local_town": local_town,
            "map_config": map_config(region),
        },
    )


def _ranked_page(offers, language: Language, number: str | None, town=None):
    """The page of a search: the ranked ids are read in one query and counted in Python.
    A Paginator over the queryset would rank twice (COUNT, then the page), and the typo
    pass (trigram similarity over every offer of the town) is the page's slowest query;
    a town's matches are a few hundred ids at most. Only the page's offers are then read
    with their details, in the ranked order."""
    ids = town_first(list(offers.values_list("pk", flat=True)), town)
    page = Paginator(ids, PAGE_SIZE).get_page(number)
    by_pk = {
        offer.pk: offer
        for offer in _with_details(Offer.objects.filter(pk__in=page.object_list), language)
    }
    page.object_list = [by_pk[pk] for pk in page.object_list]
    return page


def _row(offer: Offer, language: Language, today: dt.date) -> dict:
    text = offer.translation_in(language.code)
    return {
        "offer": offer,
        "text": text,
        "fallback": text is not None and text.language.code != language.code,
        "places": list(offer.places.all()),
        "distance": getattr(offer, "distance", None),
        "stale": offer.is_stale(today),
    }


def _offer(region: Region, key: str) -> Offer:
    offer = (
        _with_details(Offer.objects.public().filter(region=region, key=key), None)
        .select_related("maintainer")
        .prefetch_related("fields_of_action", "target_groups", "audiences")
        .first()
    )
    if offer is None:
        raise Http404(_("No such offer."))
    return offer


@with_map_tiles
@require_safe
@region_view
@pagecache.public_page
def detail(request: HttpRequest, region: Region, language: Language, key: str) -> HttpResponse:
    offer = _offer(region, key)
    return _render_detail(request, region, language, offer, "directory/detail.html")


@require_safe
@region_view
def print_view(request: HttpRequest, region: Region, language: Language, key: str) -> HttpResponse:
    offer = _offer(region, key)
    return _render_detail(request, region, language, offer, "directory/print.html")


def _render_detail(request, region, language, offer, template) -> HttpResponse:
    today = timezone.localdate()
    now = timezone.now()
    events = [
        (event, event.occurrences(now, now + dt.timedelta(days=120), limit=6))
        for event in offer.events.select_related("place")
    ]
    row = _row(offer, language, today)
    settings = map_settings(region)
    return render(
        request,
        template,
        {
            "region": region,
            "language": language,
            "row": row,
            "offer": offer,
            "places": [
                {
                    "place": place,
                    "name": place.name_in(language.code),
                    "map": place_map(settings, place, region, language),
                    "url": place_url(place, region, language),
                }
                for place in row["places"]
            ],
            "events": [(e, occ) for e, occ in events if occ],
            "json_ld": script_json(json_ld(request, offer, language, row)),
            "report_subject": _("Mistake in the directory: %(title)s")
            % {"title": row["text"].title if row["text"] else offer.key},
        },
    )


def json_ld(request, offer: Offer, language: Language, row) -> dict:
    text = row["text"]
    data = {
        "@context": "https://schema.org",
        "@type": "Service",
        "@id": request.build_absolute_uri(),
        "name": text.title if text else offer.key,
        "description": text.summary if text else "",
        "inLanguage": language.code,
        "availableLanguage": [lang.code for lang in offer.languages.all()],
        "areaServed": [{"@type": "AdministrativeArea", "name": a.name} for a in offer.areas.all()],
        "provider": {"@type": "Organization", "name": offer.organisation.name},
        "isAccessibleForFree": offer.cost == Offer.Cost.FREE,
    }
    if offer.website:
        data["url"] = offer.website
    places = []
    for place in offer.places.all():
        entry = {
            "@type": "Place",
            "name": place.name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": place.street,
                "postalCode": place.postal_code,
                "addressLocality": place.city,
                "addressCountry": "DE",
            },
        }
        if place.latitude is not None:
            entry["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(place.latitude),
                "longitude": float(place.longitude),
            }
        places.append(entry)
    if places:
        data["availableChannel"] = [
            {"@type": "ServiceChannel", "serviceLocation": place} for place in places
        ]
    return data


@require_safe
@region_view
def map_data(request: HttpRequest, region: Region, language: Language) -> JsonResponse:
    """GeoJSON of the places of the filtered offers, for the map: each place with its name
    in the page's language, its address, its page and the filtered offers there."""
    refused = search_limit(request)
    if refused is not None:
        return refused
    _form, _values, offers, _parsed = filtered_offers(region, language, request.GET)
    listed = offers.values("pk")
    places = (
        Place.objects.filter(offers__in=listed, latitude__isnull=False)
        .distinct()
        .prefetch_related(
            Prefetch(
                "offers",
                queryset=Offer.objects.public()
                .filter(pk__in=listed)
                .prefetch_related(
                    Prefetch(
                        "translations",
                        queryset=OfferTranslation.objects.select_related("language"),
                    )
                ),
            )
        )[:2000]
    )
    features = []
    for place in places:
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(place.longitude), float(place.latitude)],
                },
                "properties": {
                    "name": place.name_in(language.code),
                    "nameLang": name_language(place, language),
                    "address": place.address(),
                    "url": place_url(place, region, language),
                    "offers": [
                        _map_offer(o, region, language)
                        for o in place.offers.all()
                        if o.region_id == region.pk
                    ][:10],
                },
            }
        )
    return JsonResponse({"type": "FeatureCollection", "features": features})


def _map_offer(offer: Offer, region: Region, language: Language) -> dict:
    """An offer in a map popup: its title in the page's language, else the fallback's,
    marked with that language."""
    text = offer.translation_in(language.code)
    return {
        "title": text.title if text else offer.key,
        "lang": text.language.html_lang if text else "",
        "dir": text.language.direction if text else "",
        "url": reverse(
            "directory:detail",
            kwargs={"region": region.slug, "language": language.code, "key": offer.key},
        ),
    }


@with_map_tiles
@require_safe
@region_view
def place_detail(
    request: HttpRequest, region: Region, language: Language, key: str
) -> HttpResponse:
    """A place's own page: address, opening hours, access, a small map and the route
    links, and the public offers and events there."""
    place = (
        Place.objects.public(region)
        .filter(key=key)
        .select_related("area")
        .prefetch_related("hours", "exceptions")
        .first()
    )
    if place is None:
        raise Http404(_("No such place."))
    offers = _with_details(Offer.objects.public().filter(region=region, places=place), language)
    today = timezone.localdate()
    events = []
    for event in Event.objects.public().filter(region=region, place=place):
        upcoming = event.next_occurrences(limit=1)
        if upcoming:
            events.append((upcoming[0], event))
    return render(
        request,
        "directory/place.html",
        {
            "region": region,
            "language": language,
            "place": place,
            "name": place.name_in(language.code),
            "map": place_map(map_settings(region), place, region, language),
            "rows": [_row(offer, language, today) for offer in offers],
            "events": sorted(events, key=lambda item: item[0]),
        },
    )
