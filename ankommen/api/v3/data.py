"""The Integreat v3 answers built from ankommen's published data, as plain Python values.

Field names, types and nesting follow Integreat CMS (`integreat_cms/api/v3/`), so that the
Integreat apps can read an ankommen region. How our records map onto its fields:

- regions and languages come from `core` (a region's towns with coordinates are the
  `aliases` the app's location search offers);
- pages are the published portal pages whose ancestors are all published, in tree order;
  a page appears in a language when it has a translation in it (list items carry the
  translation's id, `parent.id` and `?id=` the page's id, as in Integreat);
- events are the directory's events, one item per occurrence in the coming year (or one
  per event with `combine_recurring`); locations are the directory's places that host a
  published offer or an event, their category the most frequent kind of offer there;
- the imprint (`disclaimer/`) is the region's published portal page with the slug
  `impressum`.

Records without a timestamp of their own (events, places) carry the time of the region's
last published change (`ContentVersion.changed_at`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone, translation
from django.utils.html import strip_tags

from ankommen.api.conf import public_url
from ankommen.api.models import ContentVersion
from ankommen.core.models import Area, Language, Region
from ankommen.directory.models import Event, Offer, OfferTranslation, Place
from ankommen.portal.models import SOURCE_LANGUAGE, Page, PageTranslation

IMPRINT_SLUG = "impressum"
EVENTS_AHEAD = dt.timedelta(days=365)
MAX_OCCURRENCES = 60  # per recurring event in the list, as Integreat caps its expansion
COUNTRY = "Deutschland"  # ankommen serves German districts and cities only
REGION_PREFIXES = ("Landkreis", "Kreis", "Stadt", "Städteregion", "Regionalverband", "Region")

# The directory's kinds of offer as Integreat location categories: (colour, icon name of
# Integreat's icon set).
CATEGORY_STYLE = {
    Offer.Kind.COUNSELLING: ("#C38E03", "advice"),
    Offer.Kind.LANGUAGE_COURSE: ("#0086C6", "language"),
    Offer.Kind.INTEGRATION_COURSE: ("#0062A2", "education"),
    Offer.Kind.QUALIFICATION: ("#A258FF", "work"),
    Offer.Kind.HEALTH: ("#D6002A", "health"),
    Offer.Kind.HOUSING: ("#7B5D40", "house"),
    Offer.Kind.LEISURE: ("#3F8F01", "leisure"),
    Offer.Kind.MEETING_PLACE: ("#E5007D", "meeting"),
    Offer.Kind.LIGHTHOUSE: ("#F39200", "star"),
    Offer.Kind.EDUCATION: ("#00A19A", "school"),
    Offer.Kind.NETWORK: ("#6F6F6E", "network"),
    Offer.Kind.VOLUNTEERING: ("#95C11F", "volunteer"),
}
CATEGORY_IDS = {kind: number for number, kind in enumerate(CATEGORY_STYLE, start=1)}


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
        ContentVersion.objects.filter(key=region.slug).values_list("changed_at", flat=True).first(),
        Offer.objects.filter(region=region)
        .order_by("-updated_at")
        .values_list("updated_at", flat=True)
        .first(),
    ]
    known = [m for m in moments if m is not None]
    return max(known) if known else timezone.now()


# --- Regions and languages -------------------------------------------------------------


def language_item(language: Language) -> dict:
    return {
        "id": language.pk,
        "code": language.code,
        "bcp47_tag": language.code,
        "native_name": language.native_name,
        "dir": "RIGHT_TO_LEFT" if language.is_rtl else "LEFT_TO_RIGHT",
    }


def languages(region: Region) -> list[dict]:
    return [language_item(lang) for lang in region.languages.order_by("sort_order", "code")]


def _coordinates(value) -> float | None:
    return float(value) if value is not None else None


def regions_queryset():
    return Region.objects.order_by("name").prefetch_related(
        Prefetch("languages", queryset=Language.objects.order_by("sort_order", "code")),
        Prefetch(
            "areas",
            queryset=Area.objects.filter(
                kind__in=[Area.Kind.DISTRICT, Area.Kind.MUNICIPALITY]
            ).order_by("name"),
            to_attr="api_areas",
        ),
    )


def region_items(queryset=None) -> list[dict]:
    regions = list(queryset if queryset is not None else regions_queryset())
    ids = [r.pk for r in regions]
    with_offers = set(
        Offer.objects.public().filter(region__in=ids).values_list("region", flat=True).distinct()
    )
    with_events = set(
        Event.objects.public().filter(region__in=ids).values_list("region", flat=True)
    )
    with_places = set(
        Place.objects.public().filter(region__in=ids).values_list("region", flat=True)
    )
    postcodes: dict[int, Counter] = defaultdict(Counter)
    for region_id, code in (
        Place.objects.filter(region__in=ids)
        .exclude(postal_code="")
        .values_list("region", "postal_code")
    ):
        postcodes[region_id][code] += 1
    return [
        region_item(
            region,
            has_offers=region.pk in with_offers,
            has_events=region.pk in with_events,
            has_places=region.pk in with_places,
            postcode=postcodes[region.pk].most_common(1)[0][0] if postcodes[region.pk] else "",
        )
        for region in regions
    ]


def region_item(
    region: Region, *, has_offers: bool, has_events: bool, has_places: bool, postcode: str
) -> dict:
    areas = region.api_areas
    district = next((a for a in areas if a.kind == Area.Kind.DISTRICT), None)
    towns = [a for a in areas if a.kind == Area.Kind.MUNICIPALITY and a.latitude is not None]
    points = [(float(a.longitude), float(a.latitude)) for a in areas if a.latitude is not None]
    prefix = next((p for p in REGION_PREFIXES if region.name.startswith(p + " ")), "")
    return {
        "id": region.pk,
        "name": region.name,
        "path": region.slug,
        "live": True,
        "prefix": prefix,
        "name_without_prefix": region.name[len(prefix) :].strip() if prefix else region.name,
        "plz": postcode,
        "extras": has_offers,
        "events": has_events,
        "pois": has_places,
        "contacts": False,
        "push_notifications": False,
        "longitude": _coordinates(district.longitude) if district else None,
        "latitude": _coordinates(district.latitude) if district else None,
        "bounding_box": (
            [
                [min(p[0] for p in points), min(p[1] for p in points)],
                [max(p[0] for p in points), max(p[1] for p in points)],
            ]
            if points
            else None
        ),
        "aliases": {
            town.name: {"latitude": float(town.latitude), "longitude": float(town.longitude)}
            for town in towns
        },
        "tunews": False,
        "external_news": False,
        "zammad_privacy_policy": None,
        "languages": [language_item(lang) for lang in region.languages.all()],
        "is_chat_enabled": False,
    }


def region_detail(slug: str) -> dict | None:
    items = region_items(regions_queryset().filter(slug=slug))
    return items[0] if items else None


# --- Pages -------------------------------------------------------------------------------


@dataclass
class PageNode:
    page: Page
    text: PageTranslation | None  # in the asked-for language
    others: dict[str, int]  # language code → translation id
    depth: int = 0


class PageTree:
    """A region's public pages in one language, read in three queries."""

    def __init__(self, region: Region, language: Language) -> None:
        self.region = region
        self.language = language
        self.base = public_url()
        pages = {
            p.pk: p
            for p in Page.objects.published()
            .filter(region=region)
            .only("id", "parent_id", "slug", "position", "status", "region_id")
        }
        texts = {
            t.page_id: t
            for t in PageTranslation.objects.filter(page__in=pages.keys(), language=language).only(
                "id", "page_id", "title", "summary", "body", "updated_at"
            )
        }
        others: dict[int, dict[str, int]] = defaultdict(dict)
        for page_id, code, pk in (
            PageTranslation.objects.filter(page__in=pages.keys())
            .exclude(language=language)
            .filter(language__in=region.languages.all())
            .order_by("language__sort_order", "language__code")
            .values_list("page_id", "language__code", "pk")
        ):
            others[page_id][code] = pk
        children: dict[int | None, list[Page]] = defaultdict(list)
        for page in pages.values():
            children[page.parent_id].append(page)
        self.nodes: dict[int, PageNode] = {}
        self.order: list[PageNode] = []

        def walk(parent_id: int | None, depth: int) -> None:
            for page in sorted(children.get(parent_id, []), key=lambda p: (p.position, p.slug)):
                node = PageNode(page, texts.get(page.pk), others[page.pk], depth)
                self.nodes[page.pk] = node
                self.order.append(node)
                walk(page.pk, depth + 1)

        # Pages below an unpublished page are never reached: they are not public.
        walk(None, 0)

    def path(self, code: str, slug: str) -> str:
        return f"/{self.region.slug}/{code}/{slug}/"

    def item(self, node: PageNode) -> dict:
        text = node.text
        path = self.path(self.language.code, node.page.slug)
        parent = self.nodes.get(node.page.parent_id) if node.page.parent_id else None
        parent_path = self.path(self.language.code, parent.page.slug) if parent else None
        return {
            "id": text.pk,
            "url": self.base + path,
            "path": path,
            "title": text.title,
            "modified_gmt": gmt(text.updated_at),
            "last_updated": local(text.updated_at),
            "excerpt": text.summary or strip_tags(text.body).strip(),
            "content": text.body,
            "parent": {
                "id": parent.page.pk if parent else 0,
                "url": self.base + parent_path if parent else None,
                "path": parent_path,
            },
            "order": node.page.position,
            "available_languages": self.available_languages(node),
            "thumbnail": None,
            "organization": None,
            "hash": None,
            "embedded_offers": [],
            "slug_history": [node.page.slug],
        }

    def available_languages(self, node: PageNode) -> dict:
        return {
            code: {
                "id": pk,
                "url": self.base + self.path(code, node.page.slug),
                "path": self.path(code, node.page.slug),
            }
            for code, pk in node.others.items()
        }

    def readable(self, nodes) -> list[dict]:
        return [self.item(n) for n in nodes if n.text is not None]

    def all(self) -> list[dict]:
        return self.readable(self.order)

    def find(self, *, page_id: str | None = None, url: str | None = None) -> PageNode | None:
        if page_id is not None:
            node = self.nodes.get(int(page_id)) if page_id.isdigit() else None
        elif url is not None:
            slug = page_slug_in(url, self.region.slug, self.language.code)
            if slug is None:
                return None
            node = next((n for n in self.order if n.page.slug == slug), None)
        else:
            return None
        return node if node is not None and node.text is not None else None

    def descendants(self, node: PageNode | None, depth: int) -> list[dict]:
        """`children/`: without a page, the top-level pages and `depth - 1` levels below
        them; with a page, the page itself and `depth` levels below it (as Integreat)."""
        if node is None:
            chosen = [n for n in self.order if n.depth < depth]
        else:
            start = self.order.index(node)
            chosen = [node]
            for other in self.order[start + 1 :]:
                if other.depth <= node.depth:
                    break
                if other.depth - node.depth <= depth:
                    chosen.append(other)
        return self.readable(chosen)

    def ancestors(self, node: PageNode) -> list[dict]:
        chain = []
        parent_id = node.page.parent_id
        while parent_id is not None and parent_id in self.nodes:
            chain.append(self.nodes[parent_id])
            parent_id = self.nodes[parent_id].page.parent_id
        return self.readable(reversed(chain))

    def imprint(self) -> dict | None:
        node = next((n for n in self.order if n.page.slug == IMPRINT_SLUG), None)
        if node is None or node.text is None:
            return None
        item = self.item(node)
        return {
            key: item[key]
            for key in (
                "id",
                "url",
                "path",
                "title",
                "modified_gmt",
                "last_updated",
                "excerpt",
                "content",
            )
        } | {
            "parent": None,
            "available_languages": item["available_languages"],
            "thumbnail": None,
            "hash": None,
        }


# --- Directory: locations, categories, events, offers -------------------------------------


def category_item(kind: str, language: Language) -> dict:
    colour, icon = CATEGORY_STYLE[kind]
    with translation.override(language.html_lang):
        name = str(Offer.Kind(kind).label)
    return {
        "id": CATEGORY_IDS[kind],
        "name": name,
        "color": colour,
        "icon": icon,
        "icon_url": f"{public_url()}/static/ankommen/favicon.svg",
        "icon_color": f"{icon}_{colour}",
    }


def location_categories(language: Language) -> list[dict]:
    return [category_item(kind, language) for kind in CATEGORY_STYLE]


def _text_in(rows: list[OfferTranslation], code: str) -> OfferTranslation | None:
    by_code = {t.language.code: t for t in rows}
    return by_code.get(code) or by_code.get(SOURCE_LANGUAGE)


class Directory:
    """A region's public places and events in one language."""

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
            code: {
                "id": ids.get(code),
                "url": f"{self.base}/{self.region.slug}/{code}/{kind}/{slug}/",
                "path": f"/{self.region.slug}/{code}/{kind}/{slug}/",
            }
            for code in self.codes
            if code != self.language.code
        }

    def location_path(self, place: Place) -> str:
        return f"/{self.region.slug}/{self.language.code}/locations/{place.key}/"

    @staticmethod
    def location(place: Place | None) -> dict:
        if place is None:
            keys = ("id", "name", "address", "town", "state", "postcode", "region", "country")
            return {k: None for k in keys} | {"latitude": None, "longitude": None}
        return {
            "id": place.pk,
            "name": place.name,
            "address": place.street,
            "town": place.city,
            "state": None,
            "postcode": place.postal_code,
            "region": None,
            "country": COUNTRY,
            "latitude": _coordinates(place.latitude),
            "longitude": _coordinates(place.longitude),
        }

    def places(self, *, on_map: bool = False) -> list[dict]:
        offers = (
            Offer.objects.public()
            .filter(region=self.region)
            .select_related("organisation")
            .prefetch_related(
                Prefetch(
                    "translations", queryset=OfferTranslation.objects.select_related("language")
                )
            )
        )
        events_at = set(
            Event.objects.public()
            .filter(region=self.region, place__isnull=False)
            .values_list("place", flat=True)
        )
        places = (
            Place.objects.filter(region=self.region)
            .filter(Q(offers__in=offers) | Q(pk__in=events_at))
            .distinct()
            .order_by("name", "pk")
            .prefetch_related("hours", Prefetch("offers", queryset=offers, to_attr="api_offers"))
        )
        if on_map:
            places = places.filter(latitude__isnull=False, longitude__isnull=False)
        return [self.place_item(place) for place in places]

    def place_item(self, place: Place) -> dict:
        offers = sorted(place.api_offers, key=lambda o: o.key)
        kinds = Counter(o.kind for o in offers)
        kind = (
            min(kinds, key=lambda k: (-kinds[k], CATEGORY_IDS[k]))
            if kinds
            else Offer.Kind.MEETING_PLACE
        )
        first = offers[0] if offers else None
        texts = [_text_in(list(o.translations.all()), self.language.code) for o in offers]
        content = (
            "<ul>"
            + "".join(
                f'<li><a href="{self.base}/{self.region.slug}/{self.language.code}/angebote/'
                f'{o.key}/">{_escape(t.title)}</a></li>'
                for o, t in zip(offers, texts, strict=True)
                if t is not None
            )
            + "</ul>"
            if offers
            else ""
        )
        description = " ".join(p for p in (place.accessibility, place.transit) if p)
        path = self.location_path(place)
        organisation = first.organisation if first else None
        return {
            "id": place.pk,
            "url": self.base + path,
            "path": path,
            "title": place.name,
            "modified_gmt": gmt(self.changed),
            "last_updated": local(self.changed),
            "meta_description": description,
            "excerpt": description,
            "content": content,
            "available_languages": self._others("locations", place.key),
            "icon": None,
            "thumbnail": None,
            "website": (first.website or None) if first else None,
            "email": (first.email or None) if first else None,
            "phone_number": (first.phone or None) if first else None,
            "contacts": [],
            "category": category_item(kind, self.language),
            "temporarily_closed": False,
            "opening_hours": self.opening_hours(place),
            "appointment_url": None,
            "location": self.location(place),
            "hash": None,
            "organization": (
                {
                    "id": organisation.pk,
                    "slug": organisation.key,
                    "name": organisation.name,
                    "logo": None,
                    "website": organisation.website,
                }
                if organisation
                else None
            ),
            "barrier_free": place.wheelchair_accessible,
        }

    @staticmethod
    def opening_hours(place: Place) -> list[dict] | None:
        hours = list(place.hours.all())
        if not hours:
            return None
        zone = settings.TIME_ZONE
        days = []
        for weekday in range(7):
            slots = [
                {
                    "end": h.closes.strftime("%H:%M"),
                    "start": h.opens.strftime("%H:%M"),
                    "timezone": zone,
                }
                for h in hours
                if h.weekday == weekday
            ]
            days.append(
                {
                    "allDay": False,
                    "closed": not slots,
                    "timeSlots": slots,
                    "appointmentOnly": place.by_appointment_only,
                }
            )
        return days

    def events(self, *, combine_recurring: bool = False) -> list[dict]:
        now = timezone.now()
        events = (
            Event.objects.public()
            .filter(region=self.region)
            .select_related("place")
            .order_by("starts", "key")
        )
        found: list[tuple[dt.datetime, dict]] = []
        for event in events:
            starts = event.occurrences(now, now + EVENTS_AHEAD, limit=MAX_OCCURRENCES)
            if not starts:
                continue
            if combine_recurring:
                found.append((starts[0], self.event_item(event, starts[0], combined=True)))
            else:
                found.extend((s, self.event_item(event, s, combined=False)) for s in starts)
        found.sort(key=lambda pair: pair[0])
        return [item for _, item in found]

    def event_item(self, event: Event, start: dt.datetime, *, combined: bool) -> dict:
        code = self.language.code
        start = start.astimezone(local_zone())
        end = start + event.duration
        slug = event.key if combined else f"{event.key}${start:%Y-%m-%d}"
        path = f"/{self.region.slug}/{code}/events/{slug}/"
        description = event.descriptions.get(code) or event.description
        rule = event.recurrence  # checked once per item, not once per use
        recurring = bool(rule)
        first = timezone.localtime(event.starts).astimezone(dt.UTC)
        return {
            "id": event.pk if combined else None,
            "url": self.base + path,
            "path": path,
            "title": event.title_in(code),
            "modified_gmt": gmt(self.changed),
            "last_updated": local(self.changed),
            "excerpt": strip_tags(description).strip(),
            "content": f"<p>{_escape(description)}</p>" if description else "",
            "available_languages": self._others("events", slug),
            "thumbnail": None,
            "location": self.location(event.place),
            "location_path": self.location_path(event.place) if event.place else None,
            "meeting_url": event.online_url or None,
            "event": {
                "id": event.pk if combined else None,
                "start": start.isoformat(),
                "start_date": start.date().isoformat(),
                "start_time": start.time().isoformat(),
                "end": end.isoformat(),
                "end_date": end.date().isoformat(),
                "end_time": end.time().isoformat(),
                "all_day": False,
                "only_weekdays": False,
                "recurrence_id": event.pk if recurring else None,
                "timezone": settings.TIME_ZONE,
            },
            "hash": None,
            "recurrence_rule": (
                f"DTSTART:{first:%Y%m%dT%H%M%S}\nRRULE:{rule}" if recurring else None
            ),
        }


def page_slug_in(url: str, region: str, language: str) -> str | None:
    """The page slug an app's `?url=` names (its last segment), or None if the address is
    not below /<region>/<language>/: all `find()` and the answer cache read of it."""
    slug = url.strip("/").split("/")[-1] if url.strip("/") else ""
    wanted = url if url.startswith("/") else "/" + url
    if not (wanted.rstrip("/") + "/").startswith(f"/{region}/{language}/"):
        return None
    return slug


def offers(region: Region) -> list[dict]:
    """Integreat's "offers" are the region's extra services; ours are the directory's
    published offers, each linking to its page in the region's default language."""
    base = public_url()
    code = region.default_language.code
    rows = (
        Offer.objects.public()
        .filter(region=region)
        .order_by("key")
        .prefetch_related(
            Prefetch("translations", queryset=OfferTranslation.objects.select_related("language"))
        )
    )
    items = []
    for offer in rows:
        text = _text_in(list(offer.translations.all()), code)
        items.append(
            {
                "name": text.title if text else offer.key,
                "alias": offer.key,
                "url": offer.website or f"{base}/{region.slug}/{code}/angebote/{offer.key}/",
                "post": None,
                "thumbnail": f"{base}/static/ankommen/favicon.svg",
            }
        )
    return items


def _escape(text: str) -> str:
    from django.utils.html import escape

    return str(escape(text))
