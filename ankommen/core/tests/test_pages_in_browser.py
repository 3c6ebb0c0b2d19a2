"""The base layout in headless Chromium: axe-core clean, keyboard usable, fits 360 px."""

import pytest

from ankommen.core.demo import DEMO_DIR, DEMO_REGION_SLUG
from ankommen.core.loader import load_region
from ankommen.devtools.testing.axe import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_region(db):
    return load_region(DEMO_DIR)


@pytest.mark.parametrize("path", ["/", f"/{DEMO_REGION_SLUG}/", "/?q=Verl"])
def test_public_page_has_no_serious_accessibility_violation(page, demo_region, path):
    page.goto(path)
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_region_page_on_a_phone_has_no_serious_accessibility_violation(phone, demo_region):
    phone.goto(f"/{DEMO_REGION_SLUG}/")
    violations = axe_violations(phone)
    assert violations == [], describe(violations)


def test_region_page_fits_a_360_pixel_screen(phone, demo_region):
    phone.goto(f"/{DEMO_REGION_SLUG}/")
    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_first_tab_reaches_the_skip_link(page, demo_region):
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"


def test_skip_link_moves_focus_to_the_main_content(page, demo_region):
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_keyboard_user_switches_the_interface_to_english(page, demo_region):
    page.goto("/")
    page.focus("#interface-language")
    page.select_option("#interface-language", "en")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("html").get_attribute("lang") == "en"


def test_layout_stylesheet_is_applied(page, demo_region):
    page.goto("/")
    position = page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position")
    assert position == "absolute"
