"""What the portal's service worker stores for reading without a connection.

One stored set per region, language and chosen town: the portal's pages and legal pages,
the offers list and the events list, and – for a visitor who chose her town – the pages of
the offers, places' offers and events in that town (its own first, then the Kreis-wide
ones), at most `MAX_OFFERS` offers and `MAX_EVENTS` events, so the set stays a few hundred
kilobytes. The set is named by the region's content version and the town
(`cache_name()`): when either changes, the service worker's script changes with it, the
browser installs the new one, which stores the new set and deletes the old one.

The offline page (`portal:offline`) lists the same set with the titles in the visitor's
language, so a page that is not stored leads to the ones that are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from ankommen.core.models import Area, Language, Region
from ankommen.core.town_choice import town_area_ids, town_label
from ankommen.directory import event_lists
from ankommen.directory.filters import town_first
from ankommen.directory.models import Offer, OfferTranslation
from ankommen.portal.content import Portal, legal_entry
from ankommen.portal.models import SOURCE_LANGUAGE, PageKind

MAX_OFFERS = 40
MAX_EVENTS = 20
# Events of the coming weeks: what a visitor may want to find again offline.
EVENT_DAYS = 60
# Pages the worker keeps besides the stored set (visited ones), oldest dropped first.
MAX_VISITED = 60


@dataclass(frozen=True)
class Stored:
    url: str
    title: str
    # The language of the title: the visitor's, or German where it is not translated.
    lang: str


@dataclass
class StoredSet:
    town: Area | None
    pages: list[Stored]
    offers_url: str
    events_url: str
    offers: list[Stored]
    events: list[Stored]

    @property
    def town_name(self) -> str:
        return town_label(self.town) if self.town is not None else ""

    def urls(self) -> list[str]:
        return [
            *(s.url for s in self.pages),
            self.offers_url,
            self.events_url,
            *(s.url for s in (*self.offers, *self.events)),
        ]


def cache_prefix(region: Region, language: Language) -> str:
    """The part of the cache name shared by every version of this region and language:
    the worker deletes the older caches that start with it, and only those."""
    return f"ankommen-{region.slug}-{language.code}-"


def cache_name(region: Region, language: Language, version: int, town: Area | None) -> str:
    return f"{cache_prefix(region, language)}v{version}-t{town.pk if town else 0}"


def _kwargs(region: Region, language: Language, **extra) -> dict:
    return {"region": region.slug, "language": language.code, **extra}


def _portal_pages(region: Region, language: Language) -> list[Stored]:
    portal = Portal(region, language)
    kwargs = _kwargs(region, language)
    found = [Stored(reverse("portal:index", kwargs=kwargs), region.name, language.code)]
    for entry in portal.all():
        if entry.page.slug not in portal.by_slug:
            continue
        found.append(
            Stored(
                reverse("portal:page", kwargs=_kwargs(region, language, slug=entry.page.slug)),
                entry.title,
                SOURCE_LANGUAGE if entry.is_fallback else language.code,
            )
        )
    for kind, name in (
        (PageKind.IMPRINT, "portal:imprint"),
        (PageKind.PRIVACY, "portal:privacy"),
        (PageKind.ACCESSIBILITY, "portal:accessibility"),
    ):
        entry = legal_entry(region, language, kind)
        if entry is not None:
            found.append(
                Stored(
                    reverse(name, kwargs=kwargs),
                    entry.title,
                    SOURCE_LANGUAGE if entry.is_fallback else language.code,
                )
            )
    return found


def _offers(region: Region, language: Language, town: Area) -> list[Stored]:
    """The offers of the town and its quarters first, then the Kreis-wide ones."""
    serving = Offer.objects.public().filter(region=region).serving(town)
    ids = town_first(list(serving.order_by("pk").values_list("pk", flat=True)), town)
    ids = ids[:MAX_OFFERS]
    rows = Prefetch("translations", queryset=OfferTranslation.objects.select_related("language"))
    offers = {o.pk: o for o in Offer.objects.filter(pk__in=ids).prefetch_related(rows)}
    found = []
    for pk in ids:
        offer = offers[pk]
        text = offer.translation_in(language.code)
        found.append(
            Stored(
                reverse("directory:detail", kwargs=_kwargs(region, language, key=offer.key)),
                text.title if text else offer.key,
                text.language.code if text else SOURCE_LANGUAGE,
            )
        )
    return found


def _events(region: Region, language: Language, town: Area) -> list[Stored]:
    now = timezone.now()
    dates = event_lists.dates(region, town, now, now + dt.timedelta(days=EVENT_DAYS), limit=200)
    local = town_area_ids(town)
    events = []
    for _when, event in dates:
        if event not in events:
            events.append(event)
    # The town's own events before the region's.
    events.sort(key=lambda e: e.area_id not in local)
    found = []
    for event in events[:MAX_EVENTS]:
        title, lang = event.translated("title", language.code)
        found.append(
            Stored(
                reverse("directory:event", kwargs=_kwargs(region, language, key=event.key)),
                title,
                lang,
            )
        )
    return found


def stored_set(region: Region, language: Language, town: Area | None) -> StoredSet:
    """What is stored for a visitor of this region and language who chose `town`."""
    kwargs = _kwargs(region, language)
    offers = _offers(region, language, town) if town is not None else []
    events = _events(region, language, town) if town is not None else []
    return StoredSet(
        town=town,
        pages=_portal_pages(region, language),
        offers_url=reverse("directory:index", kwargs=kwargs),
        events_url=reverse("directory:events", kwargs=kwargs),
        offers=offers,
        events=events,
    )
