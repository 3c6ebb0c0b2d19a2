"""The mediation pages in headless Chromium: no serious accessibility violation, and the
mediator accepts an offer from her e-mail link with a real browser."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ankommen.devtools.testing.axe import axe_violations, describe
from ankommen.devtools.testing.browser import sign_in
from ankommen.mediation.models import Assignment, MediationRequest
from ankommen.mediation.services import offer_token, send_offers
from ankommen.mediation.tests.factories import MediationRequestFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def offered(cast, pool):
    request = MediationRequestFactory(
        region=cast.region,
        organisation=pool.school,
        language=pool.bulgarian,
        place_area=pool.rheda,
        requested_by=pool.teacher,
    )
    return request, send_offers(request)


def test_the_offer_page_has_no_serious_violation_and_accepts(page, cast, offered):
    request, offers = offered
    page.goto(reverse("mediation:offer", args=[cast.region.slug, offer_token(offers[0])]))
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    page.get_by_role("button", name="Zusagen").click()

    expect(page.locator("#outcome")).to_be_visible()
    assert Assignment.objects.get(request=request).mediator == offers[0].mediator


@pytest.mark.parametrize("who", ["teacher", "coordinator"])
def test_the_request_pages_have_no_serious_violation(page, live_server, cast, pool, offered, who):
    user = pool.teacher if who == "teacher" else cast.ki_coordinator
    sign_in(page, live_server, user)
    request, _offers = offered
    for url in [
        reverse("mediation:request_new", args=[cast.region.slug]),
        reverse("mediation:request", args=[cast.region.slug, request.pk]),
        reverse("mediation:index", args=[cast.region.slug]),
    ]:
        page.goto(url)
        violations = axe_violations(page)
        assert violations == [], f"{url}: {describe(violations)}"


def test_the_overview_and_the_mediators_page_have_no_serious_violation(
    page, live_server, cast, pool, offered
):
    sign_in(page, live_server, cast.ki_coordinator)
    page.goto(reverse("mediation:overview", args=[cast.region.slug]))
    assert axe_violations(page) == []
    page.context.clear_cookies()
    sign_in(page, live_server, pool.volunteers[0].user)
    page.goto(reverse("mediation:my_assignments", args=[cast.region.slug]))
    violations = axe_violations(page)
    assert violations == [], describe(violations)


@pytest.mark.parametrize("width", [1280, 360])
def test_the_public_page_has_no_serious_violation(page, cast, pool, width):
    cast.region.languages.add(cast.region.default_language)
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(
        reverse(
            "mediation_public:pools",
            kwargs={"region": cast.region.slug, "language": cast.region.default_language.code},
        )
    )
    expect(page.locator("#languages")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_the_mediator_page_with_the_conflict_form_has_no_serious_violation(
    page, live_server, cast, pool
):
    sign_in(page, live_server, pool.volunteers[0].user)
    page.goto(reverse("mediation:my_assignments", args=[cast.region.slug]))
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_the_mediator_accepts_on_a_phone_and_gets_address_contact_and_calendar_file(
    page, live_server, cast, pool, offered
):
    request, offers = offered
    MediationRequest.objects.filter(pk=request.pk).update(
        place="Doktorplatz 3, 33378 Rheda-Wiedenbrück",
        room="Raum 104",
        contact_name="Sabine Schulte",
        contact_phone="+49 5242 900300",
    )
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, offers[0].mediator.user)
    page.goto(reverse("mediation:my_assignments", args=[cast.region.slug]))

    page.locator(f"#offer-{offers[0].pk}").get_by_role("button", name="Zusagen").click()

    appointment = page.locator("article[id^=appointment-]")
    expect(appointment).to_contain_text("Raum 104")
    expect(appointment.locator("a[href='tel:+495242900300']")).to_be_visible()
    with page.expect_download() as download:
        appointment.get_by_role("link", name="In meinen Kalender (.ics)").click()
    assert download.value.suggested_filename.endswith(".ics")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    violations = axe_violations(page)
    assert violations == [], describe(violations)


PHONE = {"width": 390, "height": 800}


def test_the_schools_list_is_labelled_cards_on_a_phone(page, live_server, cast, pool, offered):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, pool.teacher)
    page.goto(reverse("mediation:index", args=[cast.region.slug]))
    label = page.evaluate(
        "getComputedStyle(document.querySelector('tbody td'), '::before').content"
    )
    assert label.startswith('"') and len(label) > len('": "')
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_overview_fits_a_phone_with_what_needs_action_first(
    page, live_server, cast, pool, offered
):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, cast.ki_coordinator)
    page.goto(reverse("mediation:overview", args=[cast.region.slug]))
    expect(page.locator("#needs-action")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
