"""The cache of rendered public pages: anonymous visitors are served from it, every change
to what they see makes it stale, and signed-in people are never served from it."""

import pytest
from django.conf import settings
from django.test import Client

from ankommen.core.models import Area, Language
from ankommen.portal.models import GlossaryEntry, Page, PageTranslation
from ankommen.portal.services import save_translation
from ankommen.portal.tests.factories import PageFactory, PageTranslationFactory

pytestmark = pytest.mark.django_db

EMERGENCY = "/kreis-guetersloh/de/notfall/"


def german(portal, slug):
    return PageTranslation.objects.get(page__region=portal, page__slug=slug, language__code="de")


def test_a_repeated_anonymous_visit_costs_one_query(client, portal, django_assert_num_queries):
    client.get(EMERGENCY)
    # The content version; the whole answer comes from the page cache middleware
    # (ankommen/core/pagecache.py), which without Redis reads the number from the database.
    with django_assert_num_queries(1):
        assert client.get(EMERGENCY).status_code == 200


def test_an_anonymous_visitor_is_served_the_cached_copy(client, portal):
    client.get(EMERGENCY)
    # A change that sends no signal (QuerySet.update) does not reach the cached copy.
    PageTranslation.objects.filter(pk=german(portal, "notfall").pk).update(title="Unbemerkt")
    assert "Unbemerkt" not in client.get(EMERGENCY).content.decode()


def test_an_edit_of_a_german_page_shows_on_the_next_anonymous_visit(client, portal, cast):
    client.get(EMERGENCY)
    text = german(portal, "notfall")
    save_translation(
        text.page,
        text.language,
        title="Notruf und Hilfe",
        body=text.body,
        opened_source_version=text.page.source_version,
        expected_version=text.version,
        author=cast.ki_coordinator,
    )
    assert "Notruf und Hilfe" in client.get(EMERGENCY).content.decode()


def test_a_changed_title_shows_in_the_tree_of_every_other_page(client, portal):
    client.get("/kreis-guetersloh/de/")
    text = german(portal, "wohnen")
    text.title = "Wohnen im Kreis"
    text.save()
    assert "Wohnen im Kreis" in client.get("/kreis-guetersloh/de/").content.decode()


def test_a_page_set_to_draft_disappears_on_the_next_visit(client, portal):
    client.get("/kreis-guetersloh/en/wohnen/")
    page = Page.objects.get(region=portal, slug="wohnen")
    page.status = Page.Status.DRAFT
    page.save()
    assert client.get("/kreis-guetersloh/en/wohnen/").status_code == 404


def test_an_edited_glossary_entry_shows_on_the_next_visit(client, portal):
    client.get("/kreis-guetersloh/de/glossar/")
    entry = GlossaryEntry.objects.get(region=portal, term="Jobcenter")
    entry.explanation = {**entry.explanation, "de": "Begleitung durch die Behördenwelt."}
    entry.save()
    html = client.get("/kreis-guetersloh/de/glossar/").content.decode()
    assert "Begleitung durch die Behördenwelt." in html


def test_a_renamed_region_shows_on_the_next_visit(client, portal):
    client.get("/kreis-guetersloh/de/")
    portal.name = "Kreis Gütersloh (Ostwestfalen)"
    portal.save()
    html = client.get("/kreis-guetersloh/de/").content.decode()
    assert "<h1>Kreis Gütersloh (Ostwestfalen):" in html  # the heading is in the cached part


def test_a_renamed_town_shows_on_the_next_visit(client, portal, cast):
    PageTranslationFactory(page=PageFactory(region=portal, town=cast.verl), title="In Verl")
    client.get("/kreis-guetersloh/de/")
    town = Area.objects.get(pk=cast.verl.pk)
    town.name = "Verl (Westf.)"
    town.save()
    assert "(Verl (Westf.))" in client.get("/kreis-guetersloh/de/").content.decode()


def test_a_language_the_region_stops_offering_leaves_the_switcher(client, portal):
    client.get(EMERGENCY)
    portal.languages.remove(Language.objects.get(code="tr"))
    assert 'hreflang="tr"' not in client.get(EMERGENCY).content.decode()


def test_each_interface_language_gets_its_own_copy(client, portal):
    # Issue 15: the URL's language is the interface's; a cookie no longer changes it.
    client.get("/kreis-guetersloh/de/notfall/")
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    assert "Kiosk mode" in english.get("/kreis-guetersloh/en/notfall/").content.decode()


def test_a_signed_in_editor_never_gets_the_cached_anonymous_copy(client, portal, cast, client_for):
    client.get(EMERGENCY)
    PageTranslation.objects.filter(pk=german(portal, "notfall").pk).update(title="Frisch")
    html = client_for(cast.ki_coordinator).get(EMERGENCY).content.decode()
    assert "Frisch" in html


def test_an_editors_visit_is_not_kept_for_anonymous_visitors(client, portal, cast, client_for):
    client_for(cast.ki_coordinator).get(EMERGENCY)
    PageTranslation.objects.filter(pk=german(portal, "notfall").pk).update(title="Frisch")
    assert "Frisch" in client.get(EMERGENCY).content.decode()


def test_a_visitor_served_from_the_cache_can_switch_to_the_same_page_in_another_language(
    portal,
):
    # Issue 15: the language is the URL's; the chooser links to the page in each language.
    Client().get(EMERGENCY)
    html = Client().get(EMERGENCY).content.decode()
    assert 'href="/kreis-guetersloh/en/notfall/" lang="en"' in html


def test_a_cached_public_page_carries_no_csrf_token(client, portal):
    client.get(EMERGENCY)
    html = Client().get(EMERGENCY).content.decode()
    assert "csrfmiddlewaretoken" not in html


def test_a_cached_page_sets_no_session_cookie(client, portal):
    client.get(EMERGENCY)
    response = Client().get(EMERGENCY)
    assert settings.SESSION_COOKIE_NAME not in response.cookies
