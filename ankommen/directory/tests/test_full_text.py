"""Per-language full text on PostgreSQL: each translation parsed in its language's
text-search configuration, kept current by triggers, used for matching and ranking."""

import pytest
from django.db import connection

from ankommen.core.tests.factories import LanguageFactory
from ankommen.directory.models import Offer, OfferTranslation
from ankommen.directory.search import search
from ankommen.directory.tests.factories import OfferFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full text per language is PostgreSQL's"
)


def lexemes(offer: Offer) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT lexeme FROM unnest((SELECT search_vector FROM directory_offer WHERE id = %s))",
            [offer.pk],
        )
        return {row[0] for row in cursor.fetchall()}


def english(offer: Offer, title: str, **texts) -> OfferTranslation:
    language = LanguageFactory(code="en", native_name="English", name_en="English")
    return OfferTranslation.objects.create(offer=offer, language=language, title=title, **texts)


def test_german_text_is_stemmed_with_the_german_configuration(cast):
    offer = OfferFactory(organisation=cast.kreis_organisation, title="Beratungsstellen in Verl")
    assert "beratungsstell" in lexemes(offer)


def test_ukrainian_text_is_kept_whole_with_the_simple_configuration(cast):
    offer = OfferFactory(organisation=cast.kreis_organisation)
    ukrainian = LanguageFactory(code="uk", native_name="Українська", name_en="Ukrainian")
    OfferTranslation.objects.create(offer=offer, language=ukrainian, title="Консультації")
    assert "консультації" in lexemes(offer)


def test_a_bulk_update_of_the_texts_reaches_the_vector(cast):
    offer = OfferFactory(organisation=cast.kreis_organisation, title="Schuldnerberatung")
    # A queryset update sends no signals; the trigger still sees it.
    OfferTranslation.objects.filter(offer=offer).update(title="Hausaufgabenhilfe")
    assert "hausaufgabenhilf" in lexemes(offer)


def test_saving_an_old_copy_of_the_offer_keeps_the_new_vector(cast):
    offer = OfferFactory(organisation=cast.kreis_organisation, title="Schuldnerberatung")
    stale = Offer.objects.get(pk=offer.pk)
    OfferTranslation.objects.filter(offer=offer).update(title="Hausaufgabenhilfe")
    stale.save()
    assert "schuldnerberat" not in lexemes(offer)


def test_deleting_a_translation_takes_its_words_out(cast):
    offer = OfferFactory(organisation=cast.kreis_organisation, title="Frauentreff")
    english(offer, "Women's meeting")
    offer.translations.filter(language__code="en").delete()
    assert "women" not in lexemes(offer)


def test_english_query_finds_another_inflection_of_the_english_text(cast):
    # "families" and "family" share the English stem; the plain word conditions miss it.
    offer = OfferFactory(organisation=cast.kreis_organisation, title="Elterncafé")
    english(offer, "Café for every family")
    found, _parsed = search(Offer.objects.all(), "families", [], "en")
    assert list(found) == [offer]


def test_title_hit_ranks_above_a_description_hit(cast):
    mentioned = OfferFactory(
        key="a-beratung", organisation=cast.kreis_organisation, title="Offene Sprechstunde"
    )
    text = mentioned.translations.get()
    text.description = "Auch Schuldnerberatung nach Absprache."
    text.save()
    named = OfferFactory(
        key="b-schuldner", organisation=cast.kreis_organisation, title="Schuldnerberatung"
    )
    found, _parsed = search(Offer.objects.all(), "Schuldnerberatung", [], "de")
    assert list(found) == [named, mentioned]


@pytest.fixture
def russian_offer(cast, public_region):
    russian = LanguageFactory(code="ru", native_name="Русский", name_en="Russian")
    public_region.languages.add(russian)
    offer = OfferFactory(organisation=cast.kreis_organisation, title="Familienberatung")
    OfferTranslation.objects.create(offer=offer, language=russian, title="Консультации для семей")
    return offer


def found_on(client, region, language: str, query: str) -> list[str]:
    response = client.get(f"/{region.slug}/{language}/angebote/", {"q": query})
    return [row["offer"].key for row in response.context["rows"]]


def test_russian_page_parses_the_query_with_the_russian_configuration(
    russian_offer, public_region, client
):
    # "семьи" and "семей" share the Russian stem; neither a word condition nor the typo
    # tolerance (trigram similarity 0.5) connects them.
    assert found_on(client, public_region, "ru", "семьи") == [russian_offer.key]


def test_german_page_does_not_stem_a_russian_word(russian_offer, public_region, client):
    assert found_on(client, public_region, "de", "семьи") == []
