"""The v1 API's documentation page in headless Chromium: accessible, and working under the
strict Content-Security-Policy with nothing loaded from elsewhere."""

import pytest

from ankommen.devtools.testing.axe import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_docs_page_has_no_serious_accessibility_violation(page):
    page.goto("/api/v1/docs/")
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_docs_page_breaks_no_content_security_rule(page):
    refused = []
    page.on("console", lambda message: refused.append(message.text))
    page.goto("/api/v1/docs/")
    assert [text for text in refused if "Content Security Policy" in text] == []


def test_docs_page_loads_nothing_from_other_hosts(page, live_server):
    hosts = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page.goto("/api/v1/docs/")
    assert hosts == {live_server.url.split("/")[2]}


def test_docs_page_fits_a_phone(phone):
    phone.goto("/api/v1/docs/")
    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
