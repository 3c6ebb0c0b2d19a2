"""The action plan's pages in headless Chromium: no serious accessibility violation,
usable on a phone."""

import pytest
from django.urls import reverse

from ankommen.devtools.testing.axe import axe_violations, describe
from ankommen.devtools.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("name", ["actionplan:index", "actionplan:field"])
def test_public_page_has_no_serious_accessibility_violation(page, public_region, plan, name):
    args = [public_region.slug, "de"] + (["wohnen-mobilitaet"] if name.endswith("field") else [])
    page.goto(reverse(name, args=args))
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_public_field_page_fits_a_phone(phone, public_region, plan):
    phone.goto(reverse("actionplan:field", args=[public_region.slug, "de", "wohnen-mobilitaet"]))
    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


@pytest.mark.parametrize(
    "name", ["actionplan_staff:board", "actionplan_staff:step", "actionplan_staff:reports"]
)
def test_staff_page_has_no_serious_accessibility_violation(page, live_server, cast, plan, name):
    sign_in(page, live_server, cast.ki_coordinator)
    args = {
        "actionplan_staff:board": [cast.region.slug, "wohnen-mobilitaet"],
        "actionplan_staff:step": [cast.region.slug, plan.caritas_step.pk],
        "actionplan_staff:reports": [cast.region.slug],
    }[name]
    page.goto(reverse(name, args=args))
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_ki_marks_a_step_done_with_the_keyboard_and_mouse(page, live_server, cast, plan):
    sign_in(page, live_server, cast.ki_coordinator)
    page.goto(reverse("actionplan_staff:step", args=[cast.region.slug, plan.caritas_step.pk]))
    page.select_option("#id_status", "done")
    page.fill("#id_text", "Alle Beratungsstellen sind eingebunden.")
    page.click("button:has-text('Save step and report'), button:has-text('speichern')")
    page.wait_for_load_state()
    plan.caritas_step.refresh_from_db()
    assert plan.caritas_step.status == "done"
