"""The rich-text editor in headless Chromium: an editor formats without writing HTML, what
she formats is saved sanitised, and a German name isolated in <bdi> survives the editor."""

import pytest
from playwright.sync_api import expect

from ankommen.devtools.testing.browser import sign_in
from ankommen.portal.models import Page, PageTranslation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_editor_writes_a_heading_and_bold_text_without_html(page, portal, cast, live_server):
    target = Page.objects.get(region=portal, slug="jobcenter")
    row = PageTranslation.objects.get(page=target, language__code="de")
    row.body = '<p>Termin im <bdi lang="de">Jobcenter Verl</bdi>.</p>'
    row.save()
    sign_in(page, live_server, cast.ki_coordinator)
    page.goto(f"/kreis-guetersloh/intern/portal/seite/{target.pk}/de/")
    expect(page.locator("textarea[name=body]")).to_be_hidden()
    editor = page.get_by_role("textbox", name="Text")
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("Öffnungszeiten")
    page.get_by_role("button", name="Überschrift", exact=True).click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("Montags")
    page.keyboard.down("Shift")
    page.keyboard.press("Home")
    page.keyboard.up("Shift")
    page.get_by_role("button", name="Fett").click()
    expect(page.get_by_role("button", name="Fett")).to_have_attribute("aria-pressed", "true")
    page.locator("section[aria-labelledby=form-heading] button[type=submit]:not([name])").click()
    expect(page.locator(".messages")).to_be_visible()
    row.refresh_from_db()
    assert row.body == (
        '<p>Termin im <bdi lang="de">Jobcenter Verl</bdi>.</p>'
        "<h2>Öffnungszeiten</h2><p><strong>Montags</strong></p>"
    )


def test_a_table_is_not_given_to_the_editor_but_kept_in_the_textarea(
    page, portal, cast, live_server
):
    target = Page.objects.get(region=portal, slug="jobcenter")
    row = PageTranslation.objects.get(page=target, language__code="de")
    row.body = "<table><tr><td>Mo</td><td>8–12</td></tr></table>"
    row.save()
    sign_in(page, live_server, cast.ki_coordinator)
    page.goto(f"/kreis-guetersloh/intern/portal/seite/{target.pk}/de/")
    expect(page.locator("textarea[name=body]")).to_be_visible()
    expect(page.locator(".richtext-note")).to_be_visible()
    assert page.locator(".richtext-toolbar").count() == 0
