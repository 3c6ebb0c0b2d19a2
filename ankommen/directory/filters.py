"""The directory's filter, shared by the directory page, API v1 and the portal pages'
saved filters: the public offers of a region for a filter form's data, the order "the
visitor's town first, then the whole region" (core/town_choice.py), and the "open now"
filter and distance order that need the places in Python (`arrange_offers`)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.utils import timezone

from ankommen.core.models import Area, Language, Region
from ankommen.core.town_choice import town_area_ids
from ankommen.directory.forms import DirectoryFilterForm
from ankommen.directory.models import Offer, SearchConcept
from ankommen.directory.search import search


def concepts_for(region: Region):
    return list(
        SearchConcept.objects.filter(region__in=[region])
        | SearchConcept.objects.filter(region__isnull=True)
    )


def filtered_offers(region: Region, language: Language, data, town: Area | None = None) -> tuple:
    """The offers for the filter form's data: (form, values, offers, parsed query). `town`
    (the visitor's choice) applies when the data names no town or quarter itself: the
    offers serving it, those of the town first."""
    form = DirectoryFilterForm(data or None, region=region)
    form.is_valid()
    values = form.cleaned_data if form.is_bound else {}
    offers = Offer.objects.public().filter(region=region)
    local = None
    if values.get("area"):
        offers = offers.serving(values["area"])
    elif town is not None and not (data and data.get("area") == ""):
        offers = offers.serving(town)
        local = town
    for name, lookup in (
        ("field", "fields_of_action"),
        ("target", "target_groups"),
        ("audience", "audiences"),
        ("spoken", "languages"),
    ):
        if values.get(name):
            offers = offers.filter(**{lookup: values[name]})
    if values.get("kind"):
        offers = offers.filter(kind=values["kind"])
    if values.get("cost"):
        offers = offers.filter(cost=values["cost"])
    parsed = None
    query = (values.get("q") or "").strip()
    if query:
        offers, parsed = search(offers, query, concepts_for(region), language.code)
    elif local is not None:
        offers = with_local_flag(offers, local).order_by("-is_local", "key")
    else:
        offers = offers.order_by("key")
    return form, values, offers, parsed


def with_local_flag(offers, town: Area):
    """Offers annotated with `is_local`: they serve the town or one of its quarters
    themselves, not only as part of the whole region."""
    through = Offer.areas.through.objects.filter(
        offer_id=OuterRef("pk"), area_id__in=town_area_ids(town)
    )
    return offers.annotate(is_local=Exists(through))


def town_first(ids: list[int], town: Area | None) -> list[int]:
    """Ranked offer ids reordered stably: the town's own first, then the rest."""
    if town is None or not ids:
        return ids
    local = set(
        Offer.areas.through.objects.filter(
            offer_id__in=ids, area_id__in=town_area_ids(town)
        ).values_list("offer_id", flat=True)
    )
    return [pk for pk in ids if pk in local] + [pk for pk in ids if pk not in local]


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
