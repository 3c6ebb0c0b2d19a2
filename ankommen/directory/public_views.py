"""The public directory at /<region>/<language>/angebote/: the filtered list with search,
offer details (with schema.org JSON-LD and a print view), the map's data, events with
registration and iCalendar feeds."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ankommen.api.ratelimit import client_address, search_limit
from ankommen.core.html import script_json
from ankommen.core.http import set_filename
from ankommen.core.links import absolute_url
from ankommen.core.models import Area, Language, Region
from ankommen.core.routing import region_view
from ankommen.core.town_choice import chosen_town
from ankommen.directory import conf, ical, recurrence, registrations
from ankommen.directory.filters import concepts_for, filtered_offers, town_first
from ankommen.directory.forms import RegistrationForm
from ankommen.directory.models import (
    Event,
    Offer,
    OfferTranslation,
    Place,
    ZeroResultQuery,
)

__all__ = ["concepts_for", "filtered_offers"]  # API v1 reads the filter from here

PAGE_SIZE = 20
EVENTS_SHOWN = 100


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


def arrange_offers(offers, values):
    """The "open now" filter and the order by distance, which need the places' hours and
    coordinates in Python: a list then (each offer with `distance`, in km or None, when an
    origin is given), else the queryset unchanged. `offers` must prefetch the places with
    their hours and exceptions. Used by the directory page and the v1 API."""
    origin = _origin(values)
    if not values.get("open_now") and origin is None:
        return offers
    now = timezone.now()
    rows = list(offers)
    if values.get("open_now"):
        rows = [o for o in rows if any(p.is_open(now) for p in o.places.all())]
    if origin is not None:
        for offer in rows:
            offer.distance = _distance(offer, origin)
        rows.sort(key=lambda o: (o.distance is None, o.distance or 0))
    return rows


def _origin(values) -> tuple[float, float] | None:
    if values.get("lat") is not None and values.get("lon") is not None:
        return values["lat"], values["lon"]
    near = values.get("near")
    if near is not None and near.latitude is not None:
        return float(near.latitude), float(near.longitude)
    return None


def _distance(offer: Offer, origin) -> float | None:
    distances = [d for d in (p.distance_km(*origin) for p in offer.places.all()) if d is not None]
    return min(distances) if distances else None


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


@require_safe
@region_view
def index(request: HttpRequest, region: Region, language: Language) -> HttpResponse:
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
            "tile_url": conf.tile_url(),
            "tile_attribution": conf.tile_attribution(),
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


@require_safe
@region_view
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
    return render(
        request,
        template,
        {
            "region": region,
            "language": language,
            "row": row,
            "offer": offer,
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
    """GeoJSON of the places of the filtered offers, for the map."""
    refused = search_limit(request)
    if refused is not None:
        return refused
    _form, _values, offers, _parsed = filtered_offers(region, language, request.GET)
    places = (
        Place.objects.filter(offers__in=offers.values("pk"), latitude__isnull=False)
        .distinct()
        .prefetch_related(
            Prefetch(
                "offers",
                queryset=Offer.objects.public().prefetch_related(
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
                    "name": place.name,
                    "address": place.address(),
                    "offers": [
                        {
                            "title": o.title(language.code),
                            "url": reverse(
                                "directory:detail",
                                kwargs={
                                    "region": region.slug,
                                    "language": language.code,
                                    "key": o.key,
                                },
                            ),
                        }
                        for o in place.offers.all()
                        if o.region_id == region.pk
                    ][:10],
                },
            }
        )
    return JsonResponse({"type": "FeatureCollection", "features": features})


# --- Events ------------------------------------------------------------------------------


@require_safe
@region_view
def events(request: HttpRequest, region: Region, language: Language) -> HttpResponse:
    now = timezone.now()
    horizon = now + dt.timedelta(days=90)
    town = None
    town_id = request.GET.get("town")
    events_qs = (
        Event.objects.public().filter(region=region).select_related("place", "area", "offer")
    )
    if town_id and town_id.isdigit():
        town = Area.objects.filter(region=region, pk=town_id).first()
        if town is not None:
            area_ids = {a.pk for a in town.ancestors()} | {town.pk}
            area_ids |= set(Area.objects.within([town.pk]).values_list("pk", flat=True))
            events_qs = events_qs.filter(area__in=area_ids)
    dates = []
    for event in events_qs:
        for start in event.occurrences(now, horizon, limit=EVENTS_SHOWN):
            dates.append((start, event))
    dates.sort(key=lambda pair: pair[0])
    return render(
        request,
        "directory/events.html",
        {
            "region": region,
            "language": language,
            "dates": dates[:EVENTS_SHOWN],
            "town": town,
            "towns": region.towns(),
            "form": RegistrationForm(),
        },
    )


@require_POST
@region_view
def register(request: HttpRequest, region: Region, language: Language, key: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.public(), region=region, key=key, registration=True)
    form = RegistrationForm(request.POST)
    back = reverse("directory:events", kwargs={"region": region.slug, "language": language.code})
    if not form.is_valid():
        if form.has_error("contact", "invalid"):
            messages.error(
                request,
                _(
                    "Please give an e-mail address: we send you a link to confirm. Without "
                    "e-mail, please register with the organiser by phone."
                ),
            )
        else:
            messages.error(request, _("Please give your name and how we can reach you."))
        return redirect(back)
    occurrence = form.cleaned_data["occurrence"]
    now = timezone.now()
    if (
        occurrence < now
        or occurrence > now + recurrence.WINDOW
        or not event.is_occurrence(occurrence)
    ):
        messages.error(request, _("This date does not exist or has passed."))
        return redirect(back)

    def confirm_url(token: str) -> str:
        # Links in mail start with the public address, never with the request's Host.
        return absolute_url(
            reverse(
                "directory:confirm",
                kwargs={"region": region.slug, "language": language.code, "token": token},
            )
        )

    try:
        registrations.sign_up(
            event,
            occurrence,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["contact"],
            address=client_address(request),
            confirm_url=confirm_url,
        )
    except registrations.RegistrationRefused as refused:
        messages.error(request, str(refused))
        return redirect(back)
    minutes = int(registrations.hold().total_seconds() // 60)
    messages.success(
        request,
        _(
            "Almost done: we have sent you an e-mail. Please confirm with the link in it "
            "within %(minutes)s minutes; until then we keep your seat."
        )
        % {"minutes": minutes},
    )
    return redirect(back)


@require_http_methods(["GET", "HEAD", "POST"])
@region_view
def confirm(request: HttpRequest, region: Region, language: Language, token: str) -> HttpResponse:
    """GET shows a button, POST confirms: mail scanners that open links confirm nothing."""
    registration = registrations.registration_for(token)
    if registration is None or registration.event.region_id != region.pk:
        return render(
            request,
            "directory/confirm.html",
            {"region": region, "language": language, "registration": None},
            status=404,
        )
    if request.method == "POST":
        registrations.confirm(token)
        messages.success(request, _("You are registered. Thank you!"))
        return redirect(
            reverse("directory:events", kwargs={"region": region.slug, "language": language.code})
        )
    return render(
        request,
        "directory/confirm.html",
        {"region": region, "language": language, "registration": registration, "token": token},
    )


def _calendar_response(region: Region, events_qs, name: str) -> HttpResponse:
    body = ical.calendar(region, events_qs, name)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    set_filename(response, f"{name}.ics", inline=True)
    return response


@require_safe
@region_view
def calendar_region(request, region: Region, language: Language) -> HttpResponse:
    return _calendar_response(region, Event.objects.public().filter(region=region), region.slug)


@require_safe
@region_view
def calendar_town(request, region: Region, language: Language, town: int) -> HttpResponse:
    area = get_object_or_404(Area, region=region, pk=town)
    ids = {a.pk for a in area.ancestors()} | {area.pk}
    ids |= set(Area.objects.within([area.pk]).values_list("pk", flat=True))
    return _calendar_response(
        region,
        Event.objects.public().filter(region=region, area__in=ids),
        f"{region.slug}-{area.pk}",
    )


@require_safe
@region_view
def calendar_offer(request, region: Region, language: Language, key: str) -> HttpResponse:
    offer = get_object_or_404(Offer.objects.public(), region=region, key=key)
    return _calendar_response(region, Event.objects.filter(offer=offer), f"{region.slug}-{key}")
