"""The monitoring's public pages in headless Chromium: axe-core clean, usable on a phone."""

import io

import pytest
from django.core.management import call_command

from ankommen.core.demo import DEMO_REGION_SLUG
from ankommen.testing.axe import axe_violations, describe

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
