"""The portal in headless Chromium: the visitor's path from Arabic to offline Ukrainian,
accessibility of every public page type, a phone's width and the keyboard."""

import io

import pypdf
import pytest
from playwright.sync_api import expect

from ankommen.devtools.testing.axe import axe_violations, describe
from ankommen.devtools.testing.browser import sign_in
from ankommen.portal.models import Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_reads_arabic_switches_to_ukrainian_and_keeps_reading_offline(
    page, portal, live_server
):
    page.goto("/kreis-guetersloh/ar/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
    expect(page.get_by_role("link", name="الوصول والتسجيل")).to_be_visible()

    page.get_by_role("link", name="Українська").click()
    page.wait_for_url("**/kreis-guetersloh/uk/")
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.evaluate("navigator.serviceWorker.ready.then((r) => !!r.active)")
    expect(page.locator("#offline-notice")).not_to_be_visible()

    page.context.set_offline(True)
    page.goto("/kreis-guetersloh/uk/notfall/")
    expect(page.get_by_role("heading", name="Екстрена допомога")).to_be_visible()
    expect(page.locator("#offline-notice")).to_be_visible()
    page.get_by_role("link", name="Здоров'я").first.click()
    expect(page.get_by_role("heading", name="Здоров'я", exact=True)).to_be_visible()
    page.context.set_offline(False)

    response = page.request.get("/kreis-guetersloh/uk/flyer.pdf")
    text = pypdf.PdfReader(io.BytesIO(response.body())).pages[0].extract_text()
    assert f"{live_server.url}/kreis-guetersloh/uk/" in text


@pytest.mark.parametrize(
    "url",
    [
        "/kreis-guetersloh/de/",
        "/kreis-guetersloh/ar/",
        "/kreis-guetersloh/fa/notfall/",
        "/kreis-guetersloh/en/jobcenter/",
        "/kreis-guetersloh/de-x-ls/glossar/",
        "/kreis-guetersloh/uk/suche/?q=Jobcenter",
        "/kreis-guetersloh/ar/kiosk/",
        "/kreis-guetersloh/en/kiosk/notfall/",
    ],
)
def test_public_page_types_have_no_serious_accessibility_violation(page, portal, url):
    page.goto(url)
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_a_page_with_a_notice_has_no_serious_accessibility_violation(page, portal):
    Page.objects.filter(slug="wohnen").update(source_version=2)
    page.goto("/kreis-guetersloh/ru/wohnen/")
    expect(page.locator(".portal-notice")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)


@pytest.mark.parametrize("path", ["", "uk/"])
def test_staff_pages_have_no_serious_accessibility_violation(page, live_server, portal, cast, path):
    sign_in(page, live_server, cast.ki_coordinator)
    page.goto(f"/kreis-guetersloh/intern/portal/{path}")
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_the_edit_form_has_no_serious_accessibility_violation(page, live_server, portal, cast):
    sign_in(page, live_server, cast.ki_coordinator)
    pk = Page.objects.get(slug="wohnen").pk
    page.goto(f"/kreis-guetersloh/intern/portal/seite/{pk}/ar/")
    violations = axe_violations(page)
    assert violations == [], describe(violations)


@pytest.mark.parametrize("url", ["/kreis-guetersloh/ar/aufenthalt/", "/kreis-guetersloh/uk/"])
def test_pages_fit_a_phone(phone, portal, url):
    phone.goto(url)
    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_skip_link_leads_to_the_content(page, portal):
    page.goto("/kreis-guetersloh/en/notfall/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_keyboard_reaches_skip_link_languages_search_and_content_in_order(page, portal):
    page.goto("/kreis-guetersloh/en/notfall/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    # The language chooser is in the public header (issue 15), before the page's content.
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        seen.append(
            page.evaluate(
                "[document.activeElement.tagName, document.activeElement.textContent.trim(),"
                " document.activeElement.id]"
            )
        )
    labels = [text for _tag, text, _id in seen]
    ids = [element_id for _tag, _text, element_id in seen]
    assert labels.index("Українська") < ids.index("portal-q") < labels.index("Health")


def test_the_kiosk_goes_back_to_the_language_choice_when_idle(page, portal):
    page.goto("/kreis-guetersloh/uk/kiosk/notfall/")
    # The idle time comes from the page; shorten it in this tab to see the return.
    page.evaluate(
        "() => { const s = document.querySelector('script[data-kiosk-home]');"
        " const copy = document.createElement('script'); copy.src = s.src;"
        " copy.dataset.kioskHome = s.dataset.kioskHome; copy.dataset.kioskIdle = '0.2';"
        " document.head.appendChild(copy); }"
    )
    page.wait_for_url("**/kreis-guetersloh/de/kiosk/")
    assert page.context.cookies() == []


def test_the_coordinator_drags_a_page_to_a_new_place_in_the_tree(page, live_server, portal, cast):
    sign_in(page, live_server, cast.ki_coordinator)
    page.goto("/kreis-guetersloh/intern/portal/")
    emergency = Page.objects.get(region=portal, slug="notfall")
    housing = Page.objects.get(region=portal, slug="wohnen")
    row = page.locator(f'tr[data-page="{emergency.pk}"]')
    target = page.locator(f'tr[data-page="{housing.pk}"]')
    with page.expect_navigation():  # the tree reloads once the server has stored the order
        row.drag_to(target, target_position={"x": 20, "y": 3})  # upper half: before it
    order = list(
        Page.objects.filter(region=portal, parent=None)
        .order_by("position", "slug")
        .values_list("slug", flat=True)
    )
    assert order.index("notfall") == order.index("wohnen") - 1
    rows = page.locator("table.page-tree tbody th").all_inner_texts()
    assert rows.index("notfall") == rows.index("wohnen") - 1


def test_a_refused_drag_says_why_and_moves_nothing(page, live_server, portal, cast):
    sign_in(page, live_server, cast.ki_coordinator)
    page.goto("/kreis-guetersloh/intern/portal/")
    work = Page.objects.get(region=portal, slug="arbeit-und-anerkennung")
    jobcenter = Page.objects.get(region=portal, slug="jobcenter")
    page.locator(f'tr[data-page="{work.pk}"]').drag_to(
        page.locator(f'tr[data-page="{jobcenter.pk}"]')
    )
    message = page.get_by_role("alert").inner_text()  # waits until the answer is shown
    assert message == "Eine Seite kann nicht unter sich selbst liegen."
    work.refresh_from_db()
    assert work.parent_id is None
