"""Public pages below /<region>/<language>/."""

import pytest

from ankommen.core.demo import DEMO_DIR
from ankommen.core.loader import load_region

pytestmark = [pytest.mark.django_db, pytest.mark.urls("ankommen.core.tests.routing_urls")]


@pytest.fixture(autouse=True)
def demo_region(db):
    return load_region(DEMO_DIR)


def test_view_receives_region_and_language(client):
    assert client.get("/kreis-guetersloh/uk/echo/").content == b"kreis-guetersloh uk"


def test_unknown_region_is_not_found(client):
    assert client.get("/kreis-nirgendwo/uk/echo/").status_code == 404


def test_language_the_region_does_not_offer_is_not_found(client):
    assert client.get("/kreis-guetersloh/sw/echo/").status_code == 404


def test_translated_content_in_arabic_is_right_to_left(client):
    html = client.get("/kreis-guetersloh/ar/translated/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html


def test_interface_only_content_asked_in_arabic_is_an_arabic_page_saying_some_is_german(client):
    # Issue 15: one language per visit; the texts that exist only in German say so.
    html = client.get("/kreis-guetersloh/ar/german-only/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert 'class="message language-notice" lang="ar" dir="rtl"' in html


def test_interface_only_content_names_the_language_asked_for(client):
    html = client.get("/kreis-guetersloh/ar/german-only/").content.decode()
    assert "العربية" in html


def test_interface_only_content_in_english_switches_the_interface(client):
    html = client.get("/kreis-guetersloh/en/german-only/").content.decode()
    assert '<html lang="en" dir="ltr">' in html


def test_the_interface_text_on_an_arabic_page_is_arabic_right_to_left(client):
    html = client.get("/kreis-guetersloh/ar/translated/").content.decode()
    assert '<a class="skip-link" href="#main" lang="ar" dir="rtl">' in html
