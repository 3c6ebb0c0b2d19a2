"""The monitoring's public pages in headless Chromium: axe-core clean, usable on a phone."""

import io

import pytest
from django.core.management import call_command

from ankommen.core.demo import DEMO_REGION_SLUG
from ankommen.devtools.testing.axe import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BASE = f"/{DEMO_REGION_SLUG}/de/monitoring/"


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


@pytest.mark.parametrize(
    "path",
    [
        BASE,
        BASE + "sv-beschaeftigte-auslaenderanteil/",
        BASE + "auslaenderanteil/?area=05754044",
        BASE + "area/05754044/",
    ],
)
def test_monitoring_page_has_no_serious_accessibility_violation(page, demo, path):
    page.goto(path)
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_indicator_page_on_a_phone_has_no_serious_accessibility_violation(phone, demo):
    phone.goto(BASE + "auslaenderanteil/")
    violations = axe_violations(phone)
    assert violations == [], describe(violations)


def test_indicator_page_fits_a_360_pixel_screen(phone, demo):
    phone.goto(BASE + "auslaenderanteil/?area=05754044")
    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_choosing_a_town_by_keyboard_adds_it_to_the_chart(page, demo):
    page.goto(BASE + "auslaenderanteil/")
    page.select_option("#choose-area", "05754044")
    page.focus("#choose-area")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".legend li", has_text="Verl").count() == 1


@pytest.fixture
def sixty_more_towns(demo):
    """Enough towns beside the demo's 13 that the comparison needs a second page."""
    from ankommen.core.models import Area, Region
    from ankommen.core.tests.factories import AreaFactory

    region = Region.objects.get(slug=DEMO_REGION_SLUG)
    kreis = region.areas.get(kind=Area.Kind.DISTRICT)
    for n in range(1, 61):
        AreaFactory(region=region, parent=kreis, name=f"Ort {n:02d}", official_key="")


def test_paged_comparison_has_no_serious_accessibility_violation(page, sixty_more_towns):
    page.goto(BASE + "auslaenderanteil/?page=2")
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_next_towns_link_leads_to_the_second_page_of_the_comparison(page, sixty_more_towns):
    page.goto(BASE + "auslaenderanteil/")
    with page.expect_navigation():
        page.click("a[rel=next]")
    assert page.locator("#comparison-caption", has_text="51").count() == 1
