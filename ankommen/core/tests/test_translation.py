"""One rule for short texts in many languages: the requested language, then the language it
is a variant of (Leichte Sprache → German), then German; the same for names, titles,
descriptions, definitions and the plan's texts."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ankommen.core.models import FieldOfAction
from ankommen.core.tests.factories import OrganisationFactory, RegionFactory
from ankommen.core.translation import fallback_chain, pick


def test_the_chain_runs_from_the_requested_language_to_german():
    assert fallback_chain("ar") == ("ar", "de")


def test_leichte_sprache_falls_back_to_german():
    assert fallback_chain("de-x-ls") == ("de-x-ls", "de")


def test_a_regional_variant_falls_back_to_its_language_before_german():
    assert fallback_chain("pt-BR") == ("pt-BR", "pt", "de")


def test_the_chain_starts_at_the_active_language():
    with translation.override("en"):
        assert fallback_chain()[0] == "en"


def test_pick_says_which_language_it_found():
    assert pick({"de": "Wohnen", "pt": "Habitação"}, "pt-BR") == ("Habitação", "pt")


def test_pick_skips_empty_texts():
    assert pick({"ar": "", "de": "Wohnen"}, "ar") == ("Wohnen", "de")


@pytest.mark.django_db
def test_a_name_is_read_in_the_requested_language():
    field = FieldOfAction(region=RegionFactory(), slug="wohnen", name="Wohnen")
    field.names = {"ro": "Locuire"}
    assert field.label("ro") == "Locuire"


@pytest.mark.django_db
def test_a_missing_name_falls_back_to_the_german_source():
    field = FieldOfAction(region=RegionFactory(), slug="wohnen", name="Wohnen", names={})
    assert field.label("ar") == "Wohnen"


@pytest.mark.django_db
def test_an_organisation_description_follows_the_same_chain():
    organisation = OrganisationFactory(description="Beratung", descriptions={"uk": "Порада"})
    assert (organisation.description_in("uk"), organisation.description_in("de-x-ls")) == (
        "Порада",
        "Beratung",
    )


@pytest.mark.django_db
def test_a_map_that_is_not_language_to_text_is_refused():
    organisation = OrganisationFactory.build(descriptions={"en": ["not", "text"]})
    with pytest.raises(ValidationError) as refused:
        organisation.clean()
    assert refused.value.error_dict["descriptions"][0].code == "invalid_descriptions"
