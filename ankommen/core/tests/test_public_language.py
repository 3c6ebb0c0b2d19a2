"""Issue 15: one language per visit. The language in a public URL sets the interface as
well as the content on every public page and its error pages; staff pages keep German and
English; a language the region does not offer answers 404 with a way to the ones it does."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client

from ankommen.core import formats
from ankommen.core.loader import load_platform
from ankommen.core.models import Language


@pytest.fixture
def region(cast):
    """The cast's Kreis with every content language of the platform, German by default."""
    load_platform()
    region = cast.region
    region.languages.set(Language.objects.all())
    region.default_language = Language.objects.get(code="de")
    region.save()
    return region


def _html(response) -> str:
    return response.content.decode()


def test_the_url_language_sets_the_interface_even_against_the_language_cookie(client, region):
    client.cookies["django_language"] = "de"
    html = _html(client.get("/kreis-guetersloh/en/angebote/"))
    assert "Offers, counselling and meeting places" in html


def test_the_german_url_shows_the_german_interface_to_an_english_browser(client, region):
    html = _html(client.get("/kreis-guetersloh/de/angebote/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "Zum Inhalt springen" in html


def test_staff_pages_stay_german_for_an_arabic_browser(client, region):
    html = _html(client.get("/", HTTP_ACCEPT_LANGUAGE="ar"))
    assert '<html lang="de" dir="ltr"' in html


def test_the_staff_language_chooser_offers_only_german_and_english(client, region):
    html = _html(client.get("/"))
    chooser = html.split('id="interface-language"')[1].split("</select>")[0]
    assert re.findall(r'value="([^"]+)"', chooser) == ["de", "en"]


@pytest.mark.parametrize("code", ["ro", "ar", "uk", "de-x-ls"])
def test_monitoring_answers_in_every_language(client, region, code):
    response = client.get(f"/kreis-guetersloh/{code}/monitoring/")
    assert response.status_code == 200


def test_an_arabic_page_is_right_to_left_with_an_arabic_interface_language(client, region):
    html = _html(client.get("/kreis-guetersloh/ar/angebote/"))
    assert '<html lang="ar" dir="rtl"' in html
    assert 'class="skip-link" href="#main" lang="ar" dir="rtl"' in html


def test_the_public_header_links_every_section_in_the_visitors_language(client, region):
    html = _html(client.get("/kreis-guetersloh/uk/angebote/termine/"))
    header = html.split('class="site-header public-header"')[1].split("</header>")[0]
    for path in ("", "angebote/", "angebote/termine/", "sprachmittlung/", "suche/"):
        assert f'href="/kreis-guetersloh/uk/{path}"' in header


def test_the_language_chooser_names_each_language_in_itself_and_keeps_the_page(client, region):
    html = _html(client.get("/kreis-guetersloh/de/angebote/termine/"))
    chooser = html.split('class="wrap language-chooser"')[1].split("</nav>")[0]
    assert 'href="/kreis-guetersloh/ar/angebote/termine/" lang="ar" dir="rtl"' in chooser
    assert "Română" in chooser and "Українська" in chooser and "Leichte Sprache" in chooser


def test_the_public_footer_links_the_legal_pages_and_the_professionals_overview(client, region):
    html = _html(client.get("/kreis-guetersloh/de/sprachmittlung/"))
    footer = html.split('class="site-footer public-footer"')[1]
    for name in ("Impressum", "Datenschutz", "Barrierefreiheit", "Für Fachkräfte"):
        assert name in footer
    assert 'href="/kreis-guetersloh/fachkraefte/"' in footer


def test_the_staff_login_is_not_offered_on_public_pages(client, region):
    assert "Anmeldung für Fachkräfte" not in _html(client.get("/kreis-guetersloh/de/"))


def test_the_region_address_opens_the_portal_in_the_browsers_language(client, region):
    response = client.get("/kreis-guetersloh/", HTTP_ACCEPT_LANGUAGE="uk-UA,uk;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/kreis-guetersloh/uk/"


def test_the_region_address_opens_the_default_language_for_an_unknown_browser_language(
    client, region
):
    response = client.get("/kreis-guetersloh/", HTTP_ACCEPT_LANGUAGE="ja")
    assert response["Location"] == "/kreis-guetersloh/de/"


def test_a_language_the_region_does_not_offer_answers_404_with_its_languages(client, region):
    region.languages.remove(Language.objects.get(code="tr"))
    response = client.get("/kreis-guetersloh/tr/angebote/")
    html = _html(response)
    assert response.status_code == 404
    assert '<html lang="de" dir="ltr"' in html
    assert "Diese Region hat keine Seiten in der Sprache „tr“" in html
    assert 'href="/kreis-guetersloh/ar/"' in html and "Türkçe" not in html


def test_an_address_that_leads_nowhere_answers_404_with_the_public_header(client, region):
    response = client.get("/kreis-guetersloh/en/angebote/nothing/here/")
    html = _html(response)
    assert response.status_code == 404
    assert "Page not found" in html and 'class="site-header public-header"' in html


def test_a_refused_form_explains_itself_in_the_pages_language(region):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/kreis-guetersloh/en/angebote/termine/x/anmelden/", {"name": "A"})
    assert response.status_code == 403
    assert "The form has expired" in _html(response)


def test_a_server_error_page_is_in_the_pages_language(rf, region):
    from ankommen.core.public_views import server_error
    from ankommen.core.routing import use_public_language

    request = rf.get("/kreis-guetersloh/en/angebote/")
    request.public_language_code = "en"
    use_public_language(request, region, Language.objects.get(code="en"))
    response = server_error(request)
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_the_registration_mail_is_in_the_visitors_language_and_format(
    client, region, cast, django_capture_on_commit_callbacks
):
    from ankommen.directory.tests.factories import EventFactory

    event = EventFactory(organisation=cast.kreis_organisation, area=cast.verl)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/kreis-guetersloh/en/angebote/termine/{event.key}/anmelden/",
            {"occurrence": event.starts.isoformat(), "name": "Ana", "contact": "a@example.org"},
        )
    [message] = mail.outbox
    assert message.subject.startswith("Please confirm your registration")
    assert formats.format_datetime(event.starts, "en") in message.body


def test_times_ranges_and_prices_follow_the_language():
    assert formats.format_time_range(dt.time(10), dt.time(16), "de") == "10:00–16:00 Uhr"
    assert formats.format_time_range(dt.time(10), dt.time(16), "fa") == "10:00 تا 16:00"
    assert formats.format_price(12.5, language="de") == "12,50\xa0€"
    assert formats.format_weekday(0, "ro") == "luni"


def test_leichte_sprache_uses_the_german_formats():
    day = dt.date(2026, 12, 11)
    assert formats.format_date(day, "full", "de-x-ls") == "Freitag, 11. Dezember 2026"


def test_isolated_text_is_escaped():
    assert formats.isolate("<b>", ltr=True) == '<bdi dir="ltr">&lt;b&gt;</bdi>'


def test_the_rate_limit_page_is_right_to_left_in_arabic(client, region, settings):
    settings.SEARCH_RATE_LIMIT_PER_MINUTE = 1
    client.get("/kreis-guetersloh/ar/angebote/", {"q": "Deutsch"})
    response = client.get("/kreis-guetersloh/ar/angebote/", {"q": "Deutsch"})
    assert response.status_code == 429
    assert '<html lang="ar" dir="rtl"' in _html(response)
