"""The one search over pages, offers, events, places and the glossary (issue 16, item 4)."""

import pytest
from django.utils import translation

from ankommen.core.models import Language
from ankommen.directory.models import Event, Offer
from ankommen.directory.search import (
    _ranked,
    parse,
    rank_documents,
    search_documents,
    vocabulary,
    vocabulary_typo_pass,
    words,
)
from ankommen.portal.models import Page
from ankommen.search.engine import concepts_for, one_search

pytestmark = pytest.mark.django_db


def found(region, code: str, query: str) -> list[str]:
    results = one_search(region, Language.objects.get(code=code), query)
    return [f"{hit.kind}:{hit.key}" for hit in results.ranked()]


def test_a_romanian_query_finds_the_german_courses(demo):
    assert "offer:sprachwerkstatt-frauen" in found(demo, "ro", "curs germană")[:5]


def test_a_romanian_query_finds_the_page_on_learning_german(demo):
    assert "page:deutsch-lernen" in found(demo, "ro", "curs germană")[:5]


def test_an_arabic_query_finds_the_courses(demo):
    assert "offer:sprachwerkstatt-frauen" in found(demo, "ar", "دورة ألمانية")[:5]


def test_a_russian_query_finds_the_courses(demo):
    assert "offer:sprachwerkstatt-frauen" in found(demo, "ru", "курс немецкого")[:3]


def test_a_colloquial_german_query_finds_the_kita_page(demo):
    assert found(demo, "de", "kita platz")[0] == "page:schule-und-kita"


def test_a_misspelt_word_finds_the_page_that_has_it(demo):
    assert found(demo, "de", "Deutschlandtiket")[0] == "page:mobilitaet"


def test_a_misspelt_concept_word_finds_its_pages(demo):
    assert found(demo, "en", "kindergarden")[0] == "page:schule-und-kita"


def test_an_event_is_found_by_its_title(demo):
    assert "event:fest-der-kulturen" in found(demo, "de", "Fest der Kulturen")[:3]


def test_a_glossary_term_is_found(demo):
    assert "glossary:BAMF" in found(demo, "de", "BAMF")


def test_the_typo_pass_without_pg_trgm_finds_a_misspelt_offer(demo):
    """What SQLite runs when nothing matches exactly: the words of the offers' documents
    stand in for pg_trgm (run here on whichever database the suite uses)."""
    concepts = concepts_for(demo)
    offers = Offer.objects.public().filter(region=demo)
    result = vocabulary_typo_pass(offers, parse("Mietführerschien", concepts), concepts)
    assert result.first().key == "mietfuehrerschein"


def test_an_unpublished_offer_is_not_found(demo):
    Offer.objects.filter(region=demo, key="mietfuehrerschein").update(is_published=False)
    assert "offer:mietfuehrerschein" not in found(demo, "de", "Mietführerschein")


def test_the_event_of_an_unpublished_offer_is_not_found(demo):
    event = Event.objects.get(region=demo, key="mietfuehrerschein-kurs")
    Offer.objects.filter(pk=event.offer_id).update(is_published=False)
    assert "event:mietfuehrerschein-kurs" not in found(demo, "de", "Mietführerschein")


def test_a_draft_page_is_not_found(demo):
    page = Page.objects.get(region=demo, slug="mobilitaet")
    page.status = Page.Status.DRAFT
    page.save()
    assert "page:mobilitaet" not in found(demo, "de", "Deutschlandticket")


def test_the_search_page_groups_the_results(demo, client):
    with translation.override("en"):
        html = client.get("/kreis-guetersloh/en/suche/", {"q": "Sprachcamp"}).content.decode()
    assert 'id="search-event"' in html and 'id="search-offer"' in html


def test_a_hit_without_the_visitors_language_is_shown_in_german(demo, client):
    # Places have German names only (the demo's offers and events are in every language).
    html = client.get("/kreis-guetersloh/fa/suche/", {"q": "Rathaus Verl"}).content.decode()
    assert '<li lang="de" dir="ltr">\n      <a href="/kreis-guetersloh/fa/angebote/' in html


def test_a_search_without_hits_offers_ways_on(demo, client):
    html = client.get("/kreis-guetersloh/en/suche/", {"q": "xylophon"}).content.decode()
    assert 'class="search-empty"' in html and 'href="/kreis-guetersloh/en/angebote/"' in html


def test_the_search_page_without_a_query_explains_what_to_type(demo, client):
    html = client.get("/kreis-guetersloh/en/suche/").content.decode()
    assert "in your language or in German" in html


def test_the_search_page_answers_429_beyond_the_limit(demo, client, settings):
    settings.SEARCH_RATE_LIMIT_PER_MINUTE = 1
    client.get("/kreis-guetersloh/de/suche/", {"q": "kurs"})
    assert client.get("/kreis-guetersloh/de/suche/", {"q": "kita"}).status_code == 429


def test_every_portal_page_carries_the_search_box(demo, client):
    html = client.get("/kreis-guetersloh/ro/notfall/").content.decode()
    assert 'action="/kreis-guetersloh/ro/suche/"' in html


QUERIES_BOTH_WAYS = ["Deutschkurs", "curs germană", "kita platz", "Miete Wohnung", "DRK", "BAMF"]


@pytest.mark.parametrize("query", QUERIES_BOTH_WAYS)
def test_ranking_in_python_orders_like_the_database(demo, query):
    """SQLite's one search ranks the offers in Python from the corpus; the same conditions
    in SQL (`_ranked` without full text, run here on the suite's database) give the same
    offers in the same order with the same relevance."""
    concepts = concepts_for(demo)
    parsed = parse(query, concepts)
    offers = Offer.objects.public().filter(region=demo)
    in_sql = list(_ranked(offers, parsed, trigram=False).values_list("pk", "relevance"))
    rows = offers.order_by("pk").values_list("pk", "key", "search_document")
    assert rank_documents(rows, parsed) == in_sql


def test_the_typo_pass_in_python_finds_what_the_database_finds(demo):
    concepts = concepts_for(demo)
    parsed = parse("Mietführerschien", concepts)
    offers = Offer.objects.public().filter(region=demo)
    rows = list(offers.order_by("pk").values_list("pk", "key", "search_document"))
    in_sql = vocabulary_typo_pass(offers, parsed, concepts).values_list("pk", "relevance")
    found = search_documents(rows, parsed, concepts, vocabulary(offers))
    assert found == list(in_sql) and found


def test_an_offer_unpublished_without_a_new_content_version_is_not_shown(demo):
    """A bulk update raises no content version, so the cached corpus still holds the
    offer; the hits are read through the public rule again before they are shown."""
    one_search(demo, Language.objects.get(code="de"), "Mietführerschein")  # corpus cached
    Offer.objects.filter(region=demo, key="mietfuehrerschein").update(is_published=False)
    assert "offer:mietfuehrerschein" not in found(demo, "de", "Mietführerschein")


def test_a_latin_i_in_a_ukrainian_word_is_read_as_the_cyrillic_one():
    """A Russian keyboard layout has no і: Ukrainians type a Latin i instead."""
    assert words("нiмецька") == words("німецька")


def test_latin_words_keep_their_letters():
    assert words("Deutschkurs Caritas") == ["deutschkurs", "caritas"]


def test_a_ukrainian_query_typed_with_a_latin_i_finds_the_courses(demo):
    assert "offer:sprachwerkstatt-frauen" in found(demo, "uk", "нiмецька мова")[:5]
