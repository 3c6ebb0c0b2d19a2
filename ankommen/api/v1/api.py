"""ankommen's own read API, /api/v1/: public data only (published pages, public offers,
published indicators), described by the OpenAPI document at /api/v1/openapi.json.

django-ninja generates the document from the type hints and schemas here; what every
answer shares (rate limit, CORS, error shape, ETag/Last-Modified) is added around each
view in `http.py`. Bad parameters answer 400, unknown regions, languages and objects 404,
always in the shape of `errors.py`.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from urllib.parse import urlencode

from django.db.models import CharField, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Cast
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from ankommen.api.v1 import schemas as s
from ankommen.api.v1.errors import ApiError, default_message, error_response
from ankommen.core.models import Area, Language, Organisation, Region
from ankommen.directory.models import Event, Offer, OfferTranslation, Place
from ankommen.directory.public_views import arrange_offers, filtered_offers
from ankommen.monitoring.models import Indicator
from ankommen.monitoring.series import district_of
from ankommen.portal.content import Portal
from ankommen.portal.models import SOURCE_LANGUAGE, PageTranslation

logger = logging.getLogger(__name__)

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
EVENT_HORIZON = dt.timedelta(days=90)

DESCRIPTION = """
Public, read-only data of the regions on this ankommen installation: regions and their
areas, languages, organisations, first-orientation pages with their translations, offers
of the directory (with its filters and search), places, events and the monitoring's
indicators and values. Nothing here is personal data; unpublished content never appears.

**Pagination**: every list takes `page` (from 1) and `page_size` (default 20, at most 100)
and answers `count`, `pages`, `next` and `previous` (addresses of the neighbouring pages,
or null). Lists are ordered by a unique key, so pages are stable while the data is.

**Caching**: answers carry `ETag`, `Last-Modified` and `Cache-Control: public,
max-age=60`; send `If-None-Match` or `If-Modified-Since` to get `304 Not Modified`.

**Errors** always have the shape `{"error": {"status", "code", "message", "details"}}`;
`message` is in the language of `Accept-Language` (German by default, or English).

**Rate limits**: without a key, per IP address; partners send their key as
`Authorization: Bearer <key>` or `X-API-Key: <key>` for a higher limit. Every answer
carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`; over the limit the
answer is `429` with `Retry-After` (seconds).

**CORS**: every answer allows any origin (`Access-Control-Allow-Origin: *`).
""".strip()


class V1Api(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        # The key is optional (anonymous use is allowed), so it is described as a scheme
        # but required by no operation.
        schema.setdefault("components", {})["securitySchemes"] = {
            "bearerKey": {"type": "http", "scheme": "bearer"},
            "apiKeyHeader": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
        }
        return schema

    def get_openapi_operation_id(self, operation) -> str:
        # The view's name: stable, readable ids for generated clients.
        return operation.view_func.__name__


api = V1Api(
    title="ankommen API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api_v1",
    openapi_url="openapi.json",
    docs_url=None,
)

ERRORS = {400: s.Error, 401: s.Error, 404: s.Error, 429: s.Error, 500: s.Error}


def answers(schema) -> dict:
    return {200: schema, **ERRORS}


# --- Errors ------------------------------------------------------------------------------


@api.exception_handler(ApiError)
def _api_error(request, error: ApiError):
    return error_response(error.status, error.message, code=error.code, details=error.details)


@api.exception_handler(NinjaValidationError)
def _bad_parameter(request, error: NinjaValidationError):
    details = [
        {"loc": [str(part) for part in e.get("loc", [])], "msg": str(e.get("msg", ""))}
        for e in error.errors
    ]
    return error_response(400, details=details)


@api.exception_handler(Http404)
def _not_found(request, error):
    return error_response(404)


@api.exception_handler(HttpError)
def _http_error(request, error: HttpError):
    return error_response(error.status_code)


@api.exception_handler(Exception)
def _crash(request, error):
    logger.exception("v1 API request failed: %s", request.path, exc_info=error)
    return error_response(500)


# --- Lookups: the one way in to each object ----------------------------------------------


def _region(slug: str) -> Region:
    region = None
    if _SLUG.match(slug):
        region = Region.objects.select_related("default_language").filter(slug=slug).first()
    if region is None:
        raise ApiError(404, _("There is no region “%(slug)s”.") % {"slug": slug[:80]})
    return region


def _language(region: Region, code: str) -> Language:
    language = None
    if _LANGUAGE.match(code):
        language = region.languages.filter(code=code).first()
    if language is None:
        raise ApiError(
            404,
            _("The region %(region)s offers no content in the language “%(code)s”.")
            % {"region": region.name, "code": code[:20]},
        )
    return language


def _missing(message: str, key) -> ApiError:
    return ApiError(404, message % {"key": str(key)[:80]})


def _paginate(request: HttpRequest, items, params: s.PageParams, serialize, prepare=None) -> dict:
    """One page of `items` (a queryset or a list) in the shape of `schemas.Paginated`;
    `prepare` gets the page's items before `serialize` gets each of them."""
    count = items.count() if isinstance(items, QuerySet) else len(items)
    pages = math.ceil(count / params.page_size)
    start = (params.page - 1) * params.page_size
    chunk = list(items[start : start + params.page_size]) if start < count else []
    if prepare is not None:
        prepare(chunk)

    def link(page: int) -> str:
        query = request.GET.copy()
        query["page"] = str(page)
        return f"{request.path}?{urlencode(sorted(query.items()))}"

    return {
        "count": count,
        "page": params.page,
        "page_size": params.page_size,
        "pages": pages,
        "next": link(params.page + 1) if params.page < pages else None,
        "previous": link(min(params.page - 1, pages)) if params.page > 1 and pages else None,
        "results": [serialize(item) for item in chunk],
    }


def _float(number) -> float | None:
    return None if number is None else float(number)


# --- Regions, areas, languages -----------------------------------------------------------


def _language_out(language: Language) -> dict:
    return {
        "code": language.code,
        "native_name": language.native_name,
        "name_de": language.name_de,
        "name_en": language.name_en,
        "direction": language.direction,
        "variant_of": language.variant_of.code if language.variant_of_id else None,
    }


def _region_out(region: Region) -> dict:
    return {
        "slug": region.slug,
        "name": region.name,
        "official_key": region.official_key,
        "default_language": region.default_language.code,
        "languages": [language.code for language in region.languages.all()],
        "is_demo": region.is_demo,
    }


def _regions() -> QuerySet:
    return (
        Region.objects.select_related("default_language")
        .prefetch_related("languages")
        .order_by("slug")
    )


@api.get("regions/", response=answers(s.RegionPage), tags=["regions"], summary="Regions")
def regions(request, params: Query[s.PageParams]):
    return _paginate(request, _regions(), params, _region_out)


@api.get("regions/{region}/", response=answers(s.RegionOut), tags=["regions"], summary="Region")
def region_detail(request, region: str):
    return _region_out(_regions().filter(pk=_region(region).pk).get())


@api.get(
    "regions/{region}/areas/",
    response=answers(s.AreaPage),
    tags=["regions"],
    summary="Areas of a region (district, towns, quarters)",
)
def areas(request, region: str, params: Query[s.PageParams]):
    rows = _region(region).areas.order_by("pk")
    return _paginate(
        request,
        rows,
        params,
        lambda a: {
            "id": a.pk,
            "name": a.name,
            "kind": a.kind,
            "official_key": a.official_key,
            "parent": a.parent_id,
            "latitude": _float(a.latitude),
            "longitude": _float(a.longitude),
        },
    )


@api.get("languages/", response=answers(s.LanguagePage), tags=["languages"], summary="Languages")
def languages(request, params: Query[s.PageParams]):
    rows = Language.objects.select_related("variant_of").order_by("sort_order", "code")
    return _paginate(request, rows, params, _language_out)


@api.get(
    "regions/{region}/languages/",
    response=answers(s.LanguagePage),
    tags=["languages"],
    summary="Content languages of a region",
)
def region_languages(request, region: str, params: Query[s.PageParams]):
    rows = _region(region).languages.select_related("variant_of").order_by("sort_order", "code")
    return _paginate(request, rows, params, _language_out)


# --- Organisations -----------------------------------------------------------------------


@api.get(
    "regions/{region}/{language}/organisations/",
    response=answers(s.OrganisationPage),
    tags=["organisations"],
    summary="Organisations of a region",
)
def organisations(request, region: str, language: str, params: Query[s.PageParams]):
    found = _region(region)
    code = _language(found, language).code
    rows = (
        Organisation.objects.filter(region=found)
        .select_related("parent")
        .prefetch_related("areas")
        .order_by("key")
    )

    def out(o: Organisation) -> dict:
        return {
            "key": o.key,
            "name": o.name,
            "short_name": o.short_name,
            "kind": o.kind,
            "parent": o.parent.key if o.parent_id else None,
            "areas": sorted(a.pk for a in o.areas.all()),
            "description": o.description_in(code),
            "email": o.email,
            "phone": o.phone,
            "website": o.website,
            "street": o.street,
            "postal_code": o.postal_code,
            "city": o.city,
            "is_demo": o.is_demo,
            "updated_at": o.updated_at,
        }

    return _paginate(request, rows, params, out)


# --- Portal pages ------------------------------------------------------------------------


def _page_out(entry, states: dict[int, list[dict]], *, body: bool = False) -> dict:
    shown = entry.shown
    data = {
        "slug": entry.page.slug,
        "parent": entry.page.parent.slug if entry.page.parent_id else None,
        "position": entry.page.position,
        "town": entry.page.town_id,
        "language": shown.language.code if shown else SOURCE_LANGUAGE,
        "state": entry.state,
        "title": entry.title,
        "summary": shown.summary if shown else "",
        "source_version": entry.page.source_version,
        "translations": states.get(entry.page.pk, []),
    }
    if body:
        data["body"] = shown.body if shown else ""
    return data


def _translation_states(pages) -> dict[int, list[dict]]:
    """Every translation of the given pages with its state, in one query."""
    by_pk = {page.pk: page for page in pages}
    rows = (
        PageTranslation.objects.filter(page__in=list(by_pk))
        .select_related("language")
        .order_by("page", "language__sort_order", "language__code")
    )
    states: dict[int, list[dict]] = {}
    for row in rows:
        states.setdefault(row.page_id, []).append(
            {
                "language": row.language.code,
                "state": row.state(by_pk[row.page_id]),
                "source_version": row.source_version,
                "updated_at": row.updated_at,
            }
        )
    return states


def _portal(region: str, language: str) -> Portal:
    found = _region(region)
    return Portal(found, _language(found, language))


@api.get(
    "regions/{region}/{language}/pages/",
    response=answers(s.PagePage),
    tags=["pages"],
    summary="Published first-orientation pages, in tree order",
)
def pages(request, region: str, language: str, params: Query[s.PageParams]):
    portal = _portal(region, language)
    entries = portal.all()
    start = (params.page - 1) * params.page_size
    shown = entries[start : start + params.page_size]
    states = _translation_states([entry.page for entry in shown])
    for entry in shown:
        # The parent is in the portal already: no query per page.
        if entry.page.parent_id in portal.entries:
            entry.page.parent = portal.entries[entry.page.parent_id].page
    return _paginate(request, entries, params, lambda entry: _page_out(entry, states))


@api.get(
    "regions/{region}/{language}/pages/{slug}/",
    response=answers(s.PageDetail),
    tags=["pages"],
    summary="One published page with its text",
)
def page_detail(request, region: str, language: str, slug: str):
    portal = _portal(region, language)
    entry = portal.by_slug.get(slug)
    if entry is None:
        raise _missing(_("There is no published page “%(key)s”."), slug)
    if entry.page.parent_id in portal.entries:
        entry.page.parent = portal.entries[entry.page.parent_id].page
    return _page_out(entry, _translation_states([entry.page]), body=True)


# --- Offers ------------------------------------------------------------------------------


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


@api.get(
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
    found = _region(region)
    chosen = _language(found, language)
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
    page = _paginate(
        request,
        rows,
        filters,
        lambda o: _offer_out(o, chosen.code, today),
        prepare=_tag_with_vocabularies,
    )
    page["concepts"] = parsed.concepts if parsed else []
    return page


@api.get(
    "regions/{region}/{language}/offers/{key}/",
    response=answers(s.OfferDetail),
    tags=["offers"],
    summary="One published offer",
)
def offer_detail(request, region: str, language: str, key: str):
    found = _region(region)
    code = _language(found, language).code
    offer = None
    if _SLUG.match(key):
        offer = _offer_details(
            Offer.objects.public().filter(region=found, key=key), descriptions=True
        ).first()
    if offer is None:
        raise _missing(_("There is no published offer “%(key)s”."), key)
    _tag_with_vocabularies([offer])
    text = offer.translation_in(code)
    return {
        **_offer_out(offer, code, timezone.localdate()),
        "description": text.description if text else "",
        "eligibility": offer.eligibility,
        "cost_description": offer.cost_description,
        "contact_name": offer.contact_name,
        "email": offer.email,
        "phone": offer.phone,
        "translations": [t.language.code for t in offer.translations.all()],
    }


# --- Places and events -------------------------------------------------------------------


def _public_events(region: Region) -> QuerySet:
    return Event.objects.public().filter(region=region)


def _public_places(region: Region) -> QuerySet:
    return Place.objects.public().filter(region=region).prefetch_related("hours").order_by("key")


@api.get(
    "regions/{region}/places/",
    response=answers(s.PlacePage),
    tags=["places"],
    summary="Places of public offers and events",
)
def places(request, region: str, params: Query[s.PageParams]):
    def out(p: Place) -> dict:
        return {
            "key": p.key,
            "name": p.name,
            "street": p.street,
            "postal_code": p.postal_code,
            "city": p.city,
            "area": p.area_id,
            "latitude": _float(p.latitude),
            "longitude": _float(p.longitude),
            "wheelchair_accessible": p.wheelchair_accessible,
            "accessibility": p.accessibility,
            "transit": p.transit,
            "by_appointment_only": p.by_appointment_only,
            "hours_note": p.hours_note,
            "hours": [
                {"weekday": h.weekday, "opens": h.opens, "closes": h.closes} for h in p.hours.all()
            ],
            "is_demo": p.is_demo,
        }

    return _paginate(request, _public_places(_region(region)), params, out)


class EventFilters(s.PageParams):
    town: int | None = s.Field(
        None, ge=1, le=s.MAX_ID, description="Only events in this town (area id) or above it."
    )


@api.get(
    "regions/{region}/{language}/events/",
    response=answers(s.EventPage),
    tags=["events"],
    summary="Events (of public offers, or of no offer)",
)
def events(request, region: str, language: str, filters: Query[EventFilters]):
    found = _region(region)
    code = _language(found, language).code
    rows = (
        _public_events(found)
        .select_related("organisation", "offer", "place")
        .order_by("starts", "key")
    )
    if filters.town is not None:
        town = Area.objects.filter(region=found, pk=filters.town).first()
        if town is None:
            raise _missing(_("There is no town with the id %(key)s in this region."), filters.town)
        ids = {a.pk for a in town.ancestors()} | {town.pk}
        ids |= set(Area.objects.within([town.pk]).values_list("pk", flat=True))
        rows = rows.filter(area__in=ids)
    now = timezone.now()

    def out(e: Event) -> dict:
        return {
            "key": e.key,
            "title": e.title_in(code),
            "description": e.descriptions.get(code) or e.description,
            "organisation": e.organisation.key,
            "offer": e.offer.key if e.offer_id else None,
            "place": e.place.key if e.place_id else None,
            "online_url": e.online_url,
            "area": e.area_id,
            "starts": e.starts,
            "duration_minutes": int(e.duration.total_seconds() // 60),
            "rrule": e.recurrence,
            "next_dates": e.occurrences(now, now + EVENT_HORIZON, limit=10),
            "capacity": e.capacity,
            "registration": e.registration,
        }

    return _paginate(request, rows, filters, out)


# --- Monitoring --------------------------------------------------------------------------


def _indicator_out(indicator: Indicator, code: str) -> dict:
    return {
        "slug": indicator.slug,
        "name": indicator.label(code),
        "definition": indicator.definition_in(code),
        "kind": indicator.kind,
        "unit": indicator.unit,
        "decimals": indicator.decimals,
        "source": indicator.source,
        "table_code": indicator.table_code,
        "licence": indicator.licence,
        "cadence": indicator.cadence,
        "field_of_action": indicator.field_of_action.slug if indicator.field_of_action else None,
        "lowest_level": indicator.lowest_level,
        "is_demo": indicator.is_demo,
    }


def _indicator(region: Region, slug: str) -> Indicator:
    indicator = None
    if _SLUG.match(slug):
        indicator = (
            Indicator.objects.published()
            .select_related("field_of_action", "numerator", "denominator")
            .filter(region=region, slug=slug)
            .first()
        )
    if indicator is None:
        raise _missing(_("There is no published indicator “%(key)s”."), slug)
    return indicator


@api.get(
    "regions/{region}/{language}/indicators/",
    response=answers(s.IndicatorPage),
    tags=["monitoring"],
    summary="Published indicators of the monitoring",
)
def indicators(request, region: str, language: str, params: Query[s.PageParams]):
    found = _region(region)
    code = _language(found, language).code
    rows = (
        Indicator.objects.published()
        .filter(region=found)
        .select_related("field_of_action")
        .order_by("sort_order", "slug")
    )
    return _paginate(request, rows, params, lambda i: _indicator_out(i, code))


@api.get(
    "regions/{region}/{language}/indicators/{slug}/",
    response=answers(s.IndicatorDetail),
    tags=["monitoring"],
    summary="One published indicator",
)
def indicator_detail(request, region: str, language: str, slug: str):
    found = _region(region)
    code = _language(found, language).code
    indicator = _indicator(found, slug)
    return {
        **_indicator_out(indicator, code),
        "notes": indicator.notes,
        "splits": indicator.splits(),
    }


class ValueFilters(s.PageParams):
    area: int | None = s.Field(
        None,
        ge=1,
        le=s.MAX_ID,
        description="Area id: one of the region's areas or a comparison area above it "
        "(OWL, NRW). Default: the region's district.",
    )
    split: str = s.Field(
        "",
        max_length=300,
        # No control characters: the database refuses NUL in a text value.
        pattern=r"^[^\x00-\x1f]*$",
        description="Dimension key, e.g. NAT:NATA; empty for the total.",
    )


@api.get(
    "regions/{region}/{language}/indicators/{slug}/values/",
    response=answers(s.ValuePage),
    tags=["monitoring"],
    summary="Values of an indicator for one area, by date",
    description="For a share, values published as such come first; the others are "
    "computed from the numerator and denominator series.",
)
def indicator_values(request, region: str, language: str, slug: str, filters: Query[ValueFilters]):
    found = _region(region)
    _language(found, language)
    indicator = _indicator(found, slug)
    district = district_of(found)
    if filters.area is None:
        area = district
    else:
        allowed = {a.pk for a in district.ancestors()} if district else set()
        area = (
            Area.objects.filter(pk=filters.area).filter(Q(region=found) | Q(pk__in=allowed)).first()
        )
        if area is None:
            raise _missing(
                _("There is no area with the id %(key)s in this region or above it."),
                filters.area,
            )
    points = indicator.series([area], filters.split).get(area.pk, []) if area else []
    return _paginate(
        request,
        points,
        filters,
        lambda p: {
            "area": area.pk,
            "date": p.date,
            "period_months": p.period_months,
            "value": _float(p.value),
            "quality": p.quality,
            "stand": p.stand,
            "source": p.source,
            "is_demo": p.is_demo,
        },
    )
