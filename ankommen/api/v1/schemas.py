"""The shapes of the v1 API's answers (pydantic models, from which the OpenAPI document
is generated)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
# Ids in parameters: bounded so a wild number is a 400, not a database error.
MAX_ID = 2**53


class ErrorDetail(Schema):
    status: int = Field(description="The HTTP status, repeated.")
    code: str = Field(description="Stable code to branch on, e.g. not_found, bad_request.")
    message: str = Field(description="For people, in the language of Accept-Language.")
    details: list[dict] = Field(description="Per parameter: where (loc) and what (msg).")


class Error(Schema):
    error: ErrorDetail


class PageParams(Schema):
    page: int = Field(1, ge=1, le=MAX_ID, description="Page number, from 1.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page (at most 100)."
    )


class Paginated(Schema):
    count: int = Field(description="Items on all pages together.")
    page: int
    page_size: int
    pages: int = Field(description="Number of pages (0 when there are no items).")
    next: str | None = Field(description="Address of the next page, or null.")
    previous: str | None = Field(description="Address of the previous page, or null.")


# --- Regions, areas, languages ---------------------------------------------------------------


class LanguageOut(Schema):
    code: str = Field(description="BCP 47 tag, e.g. de, ar, de-x-ls (Leichte Sprache).")
    native_name: str
    name_de: str
    name_en: str
    direction: str = Field(description="ltr or rtl.")
    variant_of: str | None = Field(description="The language a variant simplifies.")


class LanguagePage(Paginated):
    results: list[LanguageOut]


class RegionOut(Schema):
    slug: str
    name: str
    official_key: str = Field(description="Amtlicher Gemeindeschlüssel (AGS).")
    default_language: str
    languages: list[str] = Field(description="Codes of the content languages offered.")
    is_demo: bool


class RegionPage(Paginated):
    results: list[RegionOut]


class AreaOut(Schema):
    id: int
    name: str
    kind: str = Field(description="district, municipality or quarter.")
    official_key: str
    parent: int | None
    latitude: float | None
    longitude: float | None


class AreaPage(Paginated):
    results: list[AreaOut]


# --- Organisations -----------------------------------------------------------------------


class OrganisationOut(Schema):
    key: str
    name: str
    short_name: str
    kind: str = Field(description="GO, NGO or MO.")
    parent: str | None = Field(description="Key of the parent organisation.")
    areas: list[int] = Field(description="Ids of the areas served.")
    description: str = Field(description="In the chosen language, else German.")
    email: str
    phone: str
    website: str
    street: str
    postal_code: str
    city: str
    is_demo: bool
    updated_at: dt.datetime


class OrganisationPage(Paginated):
    results: list[OrganisationOut]


# --- Portal pages ------------------------------------------------------------------------


class TranslationStateOut(Schema):
    language: str
    state: str = Field(description="up_to_date, outdated, machine or reviewed.")
    source_version: int = Field(description="The German version it was made from.")
    updated_at: dt.datetime


class PageOut(Schema):
    slug: str
    parent: str | None = Field(description="Slug of the parent page.")
    position: int
    town: int | None = Field(description="Area id of the town for a town's own page.")
    language: str = Field(description="Language of title and summary (German if missing).")
    state: str = Field(description="State of the chosen language: missing, outdated, …")
    title: str
    summary: str
    source_version: int = Field(description="Version of the German text.")
    translations: list[TranslationStateOut]


class PageDetail(PageOut):
    body: str = Field(description="Sanitised HTML.")


class PagePage(Paginated):
    results: list[PageOut]


# --- Places, offers, events ----------------------------------------------------------------


class OpeningHoursOut(Schema):
    weekday: int = Field(description="0 Monday … 6 Sunday.")
    opens: dt.time
    closes: dt.time


class PlaceOut(Schema):
    key: str
    name: str
    street: str
    postal_code: str
    city: str
    area: int
    latitude: float | None
    longitude: float | None
    wheelchair_accessible: bool
    accessibility: str
    transit: str
    by_appointment_only: bool
    hours_note: str
    hours: list[OpeningHoursOut]
    is_demo: bool


class PlacePage(Paginated):
    results: list[PlaceOut]


class OfferOut(Schema):
    key: str
    language: str | None = Field(description="Language of the texts (fallback: German).")
    title: str
    summary: str
    kind: str
    level: str
    cost: str
    organisation: str = Field(description="Key of the organisation that runs it.")
    fields_of_action: list[str]
    target_groups: list[str]
    audiences: list[str]
    areas: list[int]
    languages: list[str] = Field(description="Languages spoken.")
    places: list[str] = Field(description="Keys of its places.")
    walk_in: bool
    by_appointment: bool
    online: bool
    by_phone: bool
    website: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    last_confirmed: dt.date
    stale: bool = Field(description="Not confirmed for nine months.")
    relevance: int | None = Field(description="Search score when q is given.")
    distance_km: float | None = Field(description="To the nearest place, when near/lat+lon.")
    updated_at: dt.datetime


class OfferDetail(OfferOut):
    description: str
    eligibility: str
    cost_description: str
    contact_name: str
    email: str
    phone: str
    translations: list[str] = Field(description="Languages the texts exist in.")


class OfferPage(Paginated):
    results: list[OfferOut]
    concepts: list[str] = Field(description="Search concepts the query was understood as.")


class EventOut(Schema):
    key: str
    title: str
    description: str
    organisation: str
    offer: str | None
    place: str | None
    online_url: str
    area: int
    starts: dt.datetime = Field(description="First start.")
    duration_minutes: int
    rrule: str = Field(description="iCalendar recurrence rule, empty for a single date.")
    next_dates: list[dt.datetime] = Field(description="Starts in the next 90 days (max. 10).")
    capacity: int | None
    registration: bool


class EventPage(Paginated):
    results: list[EventOut]


# --- Monitoring --------------------------------------------------------------------------


class IndicatorOut(Schema):
    slug: str
    name: str
    definition: str
    kind: str = Field(description="values, or share (computed from two series).")
    unit: str = Field(description="count or percent.")
    decimals: int
    source: str
    table_code: str
    licence: str
    cadence: str
    field_of_action: str | None
    lowest_level: str
    is_demo: bool


class IndicatorDetail(IndicatorOut):
    notes: str
    splits: list[str] = Field(description="Dimension keys with values; '' is the total.")


class IndicatorPage(Paginated):
    results: list[IndicatorOut]


class ValueOut(Schema):
    area: int
    date: dt.date = Field(description="Reference date (Stichtag or end of the period).")
    period_months: int
    value: float | None
    quality: str = Field(description="GENESIS mark replacing a missing number: - . x / ...")
    stand: dt.datetime | None
    source: str
    is_demo: bool


class ValuePage(Paginated):
    results: list[ValueOut]
