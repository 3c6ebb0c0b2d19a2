"""The volunteering pages in headless Chromium: the public opportunity page and its form
in Arabic and Romanian on a 390 px phone, and the coordinator's pages, without serious
accessibility violations; a resident answers in Arabic with a real browser."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ankommen.devtools.testing.axe import axe_violations, describe
from ankommen.devtools.testing.browser import sign_in
from ankommen.volunteering.models import Answer, HoursEntry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["ar", "ro"])
def test_the_public_pages_on_a_phone_have_no_serious_violation(page, ehrenamt, language):
    page.set_viewport_size({"width": 390, "height": 844})
    region = ehrenamt.patenschaft.region.slug
    for url in [
        reverse("volunteering_public:index", args=[region, language]),
        reverse("volunteering_public:detail", args=[region, language, "patenschaft"]),
    ]:
        page.goto(url)
        violations = axe_violations(page)
        assert violations == [], f"{url}: {describe(violations)}"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_resident_answers_in_arabic(page, ehrenamt):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(
        reverse(
            "volunteering_public:detail",
            args=[ehrenamt.patenschaft.region.slug, "ar", "patenschaft"],
        )
    )
    page.fill("#id_contact", "keine Nummer")
    page.fill("#id_name", "ريم")
    page.locator("form button[type=submit]").last.click()
    assert axe_violations(page) == []
    page.fill("#id_contact", "+49 5241 998877")
    page.check("#id_privacy")
    page.locator("form button[type=submit]").last.click()

    expect(page.locator("h1")).to_be_visible()
    assert page.url.endswith("/danke/")
    assert Answer.objects.get().name == "ريم"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_coordinators_pages_have_no_serious_violation(page, live_server, ehrenamt, width):
    from django.utils import timezone

    HoursEntry.objects.create(volunteer=ehrenamt.marlene, date=timezone.localdate(), hours=9)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, ehrenamt.elke)
    region = ehrenamt.ak_asyl.region.slug
    for url in [
        reverse("volunteering:index", args=[region]),
        reverse("volunteering:volunteers", args=[region]),
        reverse("volunteering:volunteer", args=[region, ehrenamt.marlene.pk]),
        reverse("volunteering:load", args=[region]),
        reverse("volunteering:trainings", args=[region]),
        reverse("volunteering:opportunity", args=[region, ehrenamt.patenschaft.pk]),
    ]:
        page.goto(url)
        violations = axe_violations(page)
        assert violations == [], f"{url}: {describe(violations)}"
