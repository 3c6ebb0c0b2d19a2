"""The demo loader and the translation workflow: offers.toml's `<lang> = [title, summary,
description]`, Leichte Sprache ("de-x-ls") included, and a German text changed between two
loads makes the translations outdated."""

import pytest

from ankommen.core.loader import DataFile, load_platform
from ankommen.core.translation import TranslationState
from ankommen.directory.demo import load_offers
from ankommen.directory.models import Offer, OfferTranslation

pytestmark = pytest.mark.django_db

OFFER = """
[[offer]]
key = "migrationsberatung"
organisation = "{organisation}"
kind = "counselling"
de = ["Migrationsberatung", "{summary}", "Beratung für Erwachsene."]
ro = ["Consiliere pentru migranți", "Consiliere gratuită.", ""]
"de-x-ls" = ["Beratung für Zugewanderte", "Hier bekommen Sie Hilfe.", ""]
"""


def _load(cast, tmp_path, summary="Kostenlose Beratung."):
    path = tmp_path / "offers.toml"
    text = OFFER.replace("{organisation}", cast.kreis_organisation.key)
    path.write_text(text.replace("{summary}", summary), encoding="utf-8")
    load_offers(cast.region, DataFile.read(path), {})
    return Offer.objects.get(region=cast.region, key="migrationsberatung")


@pytest.fixture
def languages(cast):
    load_platform()


def _state(offer, code):
    offer.refresh_from_db()
    return OfferTranslation.objects.get(offer=offer, language__code=code).state(offer)


def test_the_loader_reads_the_leichte_sprache_text(cast, languages, tmp_path):
    offer = _load(cast, tmp_path)
    assert offer.translations.get(language__code="de-x-ls").title == "Beratung für Zugewanderte"


def test_a_second_load_of_the_same_file_keeps_the_german_version(cast, languages, tmp_path):
    _load(cast, tmp_path)
    offer = _load(cast, tmp_path)
    assert offer.source_version == 1


def test_a_german_text_changed_between_loads_makes_the_romanian_outdated(cast, languages, tmp_path):
    _load(cast, tmp_path)
    offer = _load(cast, tmp_path, summary="Kostenlose Beratung in vielen Sprachen.")
    assert _state(offer, "ro") == TranslationState.OUTDATED


def test_a_loaded_leichte_sprache_text_is_up_to_date(cast, languages, tmp_path):
    offer = _load(cast, tmp_path)
    assert _state(offer, "de-x-ls") == TranslationState.UP_TO_DATE
