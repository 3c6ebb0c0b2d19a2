import pytest
from django.core.exceptions import ValidationError

from ankommen.core.privacy import personal_data_in, refuse_personal_data


def test_a_name_is_found_without_regard_to_case_or_accents():
    assert personal_data_in("Termin mit frau OZDEMIR im Amt", ["Özdemir"]) == ["Özdemir"]


def test_a_name_inside_another_word_is_not_found():
    assert personal_data_in("Anmeldung beim Amtsgericht", ["Amt"]) == []


def test_an_address_of_several_words_is_found_across_punctuation():
    assert personal_data_in("wohnt Am  Bahnhof, 3 in Verl", ["Am Bahnhof 3"]) == ["Am Bahnhof 3"]


def test_values_too_short_to_be_telling_are_ignored():
    assert personal_data_in("Li wartet", ["Li", "", None]) == []


def test_a_text_naming_the_person_is_refused_with_its_code():
    with pytest.raises(ValidationError) as refused:
        refuse_personal_data("Frau Ivanova wartet seit Mai", ["Maria", "Ivanova"])
    assert refused.value.code == "names_person"
