"""Public and unpublished data of the test cast's Kreis Gütersloh, for the v1 API tests:
what must appear and what never may."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from ankommen.core.models import Area, Language
from ankommen.core.tests.factories import LanguageFactory
from ankommen.directory.models import Offer, OfferTranslation, OpeningHours, Place
from ankommen.directory.tests.factories import EventFactory, OfferFactory, PlaceFactory
from ankommen.monitoring.tests.factories import IndicatorFactory, ValueFactory
from ankommen.portal.models import Page
from ankommen.portal.tests.factories import PageFactory, PageTranslationFactory


@dataclass
class World:
    german: Language
    english: Language
    arabic: Language
    kreis: Area
    welcome: Page
    draft: Page
    counselling: Offer
    unpublished: Offer
    expired: Offer
    place: Place
    hidden_place: Place


def build_world(cast) -> World:
    region = cast.region
    german = LanguageFactory(code="de")
    english = LanguageFactory(
        code="en", native_name="English", name_de="Englisch", name_en="English"
    )
    arabic = LanguageFactory(
        code="ar", native_name="العربية", name_de="Arabisch", name_en="Arabic", direction="rtl"
    )
    region.languages.add(german, english)
    kreis = Area.objects.get(region=region, kind=Area.Kind.DISTRICT)

    welcome = PageFactory(region=region, slug="willkommen", position=1)
    PageTranslationFactory(page=welcome, language=german, title="Willkommen", body="<p>Hallo</p>")
    PageTranslationFactory(page=welcome, language=english, title="Welcome", body="<p>Hello</p>")
    draft = PageFactory(region=region, slug="entwurf", status=Page.Status.DRAFT)
    PageTranslationFactory(page=draft, language=german, title="Geheimer Entwurf")

    place = PlaceFactory(area=cast.verl, key="buergerhaus-verl", name="Bürgerhaus Verl")
    place.latitude, place.longitude = Decimal("51.88"), Decimal("8.51")
    place.save()
    OpeningHours.objects.create(place=place, weekday=0, opens=dt.time(9), closes=dt.time(12))
    hidden_place = PlaceFactory(area=cast.versmold, key="hinterzimmer", name="Hinterzimmer")

    counselling = OfferFactory(
        organisation=cast.verl_organisation,
        key="migrationsberatung-verl",
        title="Migrationsberatung Verl",
    )
    counselling.areas.add(cast.verl)
    counselling.places.add(place)
    OfferTranslation.objects.create(
        offer=counselling, language=english, title="Migration counselling Verl"
    )
    counselling.rebuild_search_document()
    unpublished = OfferFactory(
        organisation=cast.verl_organisation,
        key="geheimes-angebot",
        title="Geheimes Angebot",
        is_published=False,
    )
    unpublished.places.add(hidden_place)
    unpublished.rebuild_search_document()
    expired = OfferFactory(
        organisation=cast.versmold_organisation,
        key="abgelaufenes-angebot",
        title="Abgelaufenes Angebot",
        valid_to=timezone.localdate() - dt.timedelta(days=1),
    )
    expired.rebuild_search_document()
    EventFactory(
        organisation=cast.verl_organisation, area=cast.verl, key="infoabend", offer=counselling
    )
    EventFactory(
        organisation=cast.verl_organisation,
        area=cast.verl,
        key="geheimer-termin",
        offer=unpublished,
        place=PlaceFactory(area=cast.verl, key="geheimer-treffpunkt", name="Treffpunkt"),
    )

    population = IndicatorFactory(region=region, slug="bevoelkerung", name="Bevölkerung")
    ValueFactory(indicator=population, area=kreis, value=Decimal("364000"))
    ValueFactory(
        indicator=population,
        area=kreis,
        reference_date=dt.date(2023, 12, 31),
        value=Decimal("366000"),
    )
    IndicatorFactory(region=region, slug="entwurf-indikator", is_published=False)
    return World(
        german=german,
        english=english,
        arabic=arabic,
        kreis=kreis,
        welcome=welcome,
        draft=draft,
        counselling=counselling,
        unpublished=unpublished,
        expired=expired,
        place=place,
        hidden_place=hidden_place,
    )
