"""The directory's public pages in headless Chromium: no serious accessibility violation,
the list usable on a phone, the map drawn from the same data."""

import pytest

from ankommen.devtools.testing.axe import axe_violations, describe
from ankommen.directory.tests.factories import EventFactory, OfferFactory, PlaceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def offer(cast, public_region):
    place = PlaceFactory(area=cast.verl, latitude="51.88", longitude="8.51")
    offer = OfferFactory(organisation=cast.kreis_organisation, title="Beratungsstelle")
    offer.places.set([place])
    offer.areas.set([cast.verl])
    EventFactory(organisation=cast.kreis_organisation, area=cast.verl, offer=offer)
    return offer


@pytest.mark.parametrize("path", ["", "?q=Beratung", "{key}/", "termine/"])
def test_public_page_has_no_serious_accessibility_violation(page, offer, path):
    page.goto(f"/{offer.region.slug}/de/angebote/" + path.format(key=offer.key))
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_print_view_has_no_serious_accessibility_violation(page, offer):
    page.goto(f"/{offer.region.slug}/de/angebote/{offer.key}/drucken/")
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_map_shows_the_places_without_tiles(page, offer):
    page.goto(f"/{offer.region.slug}/de/angebote/")
    # The places' markers; the towns' names stand in a pane of their own.
    page.wait_for_selector(".leaflet-marker-pane .leaflet-marker-icon", timeout=10_000)
    assert page.locator(".leaflet-marker-pane .leaflet-marker-icon").count() == 1


def test_directory_fits_a_phone(phone, offer):
    phone.goto(f"/{offer.region.slug}/de/angebote/")
    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
