"""What the v3 answers share: Integreat's time formats, the time of a region's last
published change, and the base of the directory's lists (places and events), which link
each item to itself in the region's other languages and describe a place as a location."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.html import escape as html_escape

from ankommen.api.conf import public_url
from ankommen.core.content_version import changed_at as version_changed_at
from ankommen.core.models import Language, Region
from ankommen.core.routing import LANGUAGE_ALIASES
from ankommen.directory.models import Offer, OfferTranslation, Place
from ankommen.portal.models import SOURCE_LANGUAGE

COUNTRY = "Deutschland"  # ankommen serves German districts and cities only


# The code the Integreat apps know for a language stored under another code (Leichte Sprache:
# `de-si` for `de-x-ls`); URLs with either code resolve (core.routing.LANGUAGE_ALIASES).
APP_CODES = {stored: alias for alias, stored in LANGUAGE_ALIASES.items()}


def app_code(code: str) -> str:
    """The language code v3 answers carry in `code` fields, keys and paths."""
    return APP_CODES.get(code, code)


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def gmt(moment: dt.datetime) -> str:
    """Integreat's `modified_gmt`: UTC with milliseconds and a Z."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.") + (
        f"{moment.microsecond // 1000:03d}Z"
    )


def local(moment: dt.datetime) -> str:
    """Integreat's `last_updated`: local time with milliseconds and the UTC offset."""
    return moment.astimezone(local_zone()).isoformat(timespec="milliseconds")


def changed_at(region: Region) -> dt.datetime:
    """The time of the region's last published change: what records without a timestamp
    of their own carry."""
    moments = [
        version_changed_at(region.pk),
        Offer.objects.filter(region=region)
        .order_by("-updated_at")
        .values_list("updated_at", flat=True)
        .first(),
    ]
    known = [m for m in moments if m is not None]
    return max(known) if known else timezone.now()


def coordinates(value) -> float | None:
    return float(value) if value is not None else None


def escape(text: str) -> str:
    return str(html_escape(text))


# A root-relative address in an href or src attribute of sanitised HTML (quoted, as the
# portal's sanitiser writes every attribute); not a protocol-relative `//host/…`.
_ROOT_RELATIVE = re.compile(r"""(\s(?:href|src)\s*=\s*)(["'])/(?!/)""", re.IGNORECASE)


def absolute_links(html: str, base: str | None = None) -> str:
    """Content for the apps with every root-relative link (`/<region>/…`, `/media/…`) on
    the installation's public host: the native app resolves a relative link against its
    own CMS, not ours."""
    host = (base if base is not None else public_url()).rstrip("/")
    return _ROOT_RELATIVE.sub(lambda m: f"{m.group(1)}{m.group(2)}{host}/", html)


def text_in(rows: list[OfferTranslation], code: str) -> OfferTranslation | None:
    by_code = {t.language.code: t for t in rows}
    return by_code.get(code) or by_code.get(SOURCE_LANGUAGE)


class Listing:
    """A region's public places or events in one language."""

    def __init__(self, region: Region, language: Language) -> None:
        self.region = region
        self.language = language
        self.base = public_url()
        self.changed = changed_at(region)
        self.codes = list(
            region.languages.order_by("sort_order", "code").values_list("code", flat=True)
        )

    def _others(self, kind: str, slug: str, ids: dict[str, int | None] | None = None) -> dict:
        ids = ids or {}
        return {
            app_code(code): {
                "id": ids.get(code),
                "url": f"{self.base}/{self.region.slug}/{app_code(code)}/{kind}/{slug}/",
                "path": f"/{self.region.slug}/{app_code(code)}/{kind}/{slug}/",
            }
            for code in self.codes
            if code != self.language.code
        }

    def location_path(self, place: Place) -> str:
        return f"/{self.region.slug}/{app_code(self.language.code)}/locations/{place.key}/"

    def location(self, place: Place | None) -> dict:
        if place is None:
            keys = ("id", "name", "address", "town", "state", "postcode", "region", "country")
            return {k: None for k in keys} | {"latitude": None, "longitude": None}
        return {
            "id": place.pk,
            "name": place.name_in(self.language.code),
            "address": place.street,
            "town": place.city,
            "state": None,
            "postcode": place.postal_code,
            "region": None,
            "country": COUNTRY,
            "latitude": coordinates(place.latitude),
            "longitude": coordinates(place.longitude),
        }
