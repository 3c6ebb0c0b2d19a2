"""The pool's languages are named in the reader's language on the public interpreter page."""

import pytest
from django.utils import translation

from ankommen.mediation.models import MediationLanguage

pytestmark = pytest.mark.django_db


@pytest.fixture
def arabic():
    return MediationLanguage.objects.create(code="ar", name_de="Arabisch", name_en="Arabic")


def test_a_romanian_reader_reads_the_language_in_romanian(arabic):
    with translation.override("ro"):
        assert arabic.label() == "arabă"


def test_staff_pages_keep_the_curated_german_name(arabic):
    with translation.override("de"):
        assert arabic.label() == "Arabisch"


def test_a_code_cldr_does_not_know_keeps_the_german_name():
    dialect = MediationLanguage.objects.create(
        code="ar-x-levant", name_de="Levantinisch", name_en="Levantine"
    )
    with translation.override("uk"):
        assert dialect.label() == "Levantinisch"
