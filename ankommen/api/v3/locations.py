"""The v3 locations and their categories: the directory's places that host a published
offer or an event, their category the most frequent kind of offer there."""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.db.models import Prefetch, Q
from django.templatetags.static import static
from django.utils import translation

from ankommen.api.conf import public_url
from ankommen.api.v3.common import Listing, escape, gmt, local, text_in
from ankommen.core.models import Language
from ankommen.directory.models import Event, Offer, OfferTranslation, Place

# Integreat CMS's place-category icons and colours (integreat_cms/cms/constants/
# poicategory.py): the app's map style has a symbol for each of these names only, and the
# marker's colour is one of these.
INTEGREAT_ICONS = (
    "advice",
    "culture",
    "daily_routine",
    "education",
    "finance",
    "gastronomy",
    "health",
    "house",
    "leisure",
    "media",
    "medical_aid",
    "meeting_point",
    "mental_health",
    "mobility",
    "office",
    "other",
    "other_help",
    "service",
    "shelter",
    "shopping",
    "structure",
)
DARK_BLUE, SKY_BLUE, CYAN, FOREST_GREEN, LAWN_GREEN, YELLOW = (
    "#3700D2",
    "#2E98FB",
    "#1DC6C6",
    "#3F8F01",
    "#07DC03",
    "#F2DA04",
)
GOLD, ORANGE, RED, PINK, LAVENDER, GREY = (
    "#C38E03",
    "#FF7C32",
    "#FF3333",
    "#EE36DC",
    "#A258FF",
    "#585858",
)
INTEGREAT_COLOURS = (
    DARK_BLUE,
    SKY_BLUE,
    CYAN,
    FOREST_GREEN,
    LAWN_GREEN,
    YELLOW,
    GOLD,
    ORANGE,
    RED,
    PINK,
    LAVENDER,
    GREY,
)

# The directory's kinds of offer as Integreat location categories: (colour, icon).
CATEGORY_STYLE = {
    Offer.Kind.COUNSELLING: (GOLD, "advice"),
    Offer.Kind.LANGUAGE_COURSE: (SKY_BLUE, "education"),
    Offer.Kind.INTEGRATION_COURSE: (DARK_BLUE, "education"),
    Offer.Kind.QUALIFICATION: (LAVENDER, "office"),
    Offer.Kind.HEALTH: (RED, "health"),
    Offer.Kind.HOUSING: (ORANGE, "house"),
    Offer.Kind.LEISURE: (FOREST_GREEN, "leisure"),
    Offer.Kind.MEETING_PLACE: (PINK, "meeting_point"),
    Offer.Kind.LIGHTHOUSE: (YELLOW, "structure"),
    Offer.Kind.EDUCATION: (CYAN, "education"),
    Offer.Kind.NETWORK: (GREY, "service"),
    Offer.Kind.VOLUNTEERING: (LAWN_GREEN, "other_help"),
    Offer.Kind.PUBLIC_OFFICE: (DARK_BLUE, "office"),
}
CATEGORY_IDS = {kind: number for number, kind in enumerate(CATEGORY_STYLE, start=1)}


def icon_url(icon: str) -> str:
    """The absolute address of one of Integreat's category icons, bundled as SVG (Tabler
    Icons, MIT) under `api/static/api/poi-category-icons/`."""
    return public_url() + static(f"api/poi-category-icons/{icon}.svg")


def category_item(kind: str, language: Language) -> dict:
    colour, icon = CATEGORY_STYLE[kind]
    with translation.override(language.html_lang):
        name = str(Offer.Kind(kind).label)
    return {
        "id": CATEGORY_IDS[kind],
        "name": name,
        "color": colour,
        "icon": icon,
        "icon_url": icon_url(icon),
        "icon_color": f"{icon}_{colour}",
    }


def organization_item(organisation) -> dict | None:
    """A place's organisation as Integreat's `organization`: only with a website (the app
    links the name to it); ankommen keeps no logos, so the logo is a bundled organisation
    symbol."""
    if organisation is None or not organisation.website:
        return None
    return {
        "id": organisation.pk,
        "slug": organisation.key,
        "name": organisation.name,
        "logo": icon_url("organisation"),
        "website": organisation.website,
    }


def location_categories(language: Language) -> list[dict]:
    return [category_item(kind, language) for kind in CATEGORY_STYLE]


class Locations(Listing):
    def items(self, *, on_map: bool = False) -> list[dict]:
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
        texts = [text_in(list(o.translations.all()), self.language.code) for o in offers]
        content = (
            "<ul>"
            + "".join(
                f'<li><a href="{self.base}/{self.region.slug}/{self.language.code}/angebote/'
                f'{o.key}/">{escape(t.title)}</a></li>'
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
            "title": place.name_in(self.language.code),
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
            "organization": organization_item(organisation),
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
