"""The GENESIS file readers, on real extracts (see fixtures/genesis/README.md)."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest

from ankommen.monitoring.statfiles import (
    StatisticsFileError,
    UnsupportedTimeFormat,
    parse_statistics_file,
    parse_time,
    parse_value,
    unzip,
)

from .conftest import fixture_bytes


def by_split(parsed, area="05754"):
    return {r.dimensions: r.value for r in parsed.records if r.area_key == area}


def test_flat_file_female_and_male_add_up_to_the_total():
    values = by_split(parse_statistics_file(fixture_bytes("12411-01-01-4_flat.csv")))
    female, male = values[(("GES", "GESW"),)], values[(("GES", "GESM"),)]
    assert female + male == values[()] == Decimal("363982")


def test_flat_file_total_row_has_no_category():
    parsed = parse_statistics_file(fixture_bytes("12411-01-01-4_flat.csv"))
    assert parsed.records[0].dimensions == ()


def test_flat_file_header_with_byte_order_mark_is_recognised():
    parsed = parse_statistics_file(fixture_bytes("12411-01-01-4_flat.csv"))
    assert parsed.format == "ffcsv"


def test_flat_file_reference_date_is_the_stichtag():
    record = parse_statistics_file(fixture_bytes("12411-01-01-4_flat.csv")).records[0]
    assert (record.date, record.period_months) == (datetime.date(2024, 12, 31), 0)


def test_old_flat_file_layout_gives_the_same_values_as_the_new_one():
    old = by_split(parse_statistics_file(fixture_bytes("12411-01-01-4_old.csv")))
    new = by_split(parse_statistics_file(fixture_bytes("12411-01-01-4_flat.csv")))
    assert old == new


def test_old_flat_file_layout_is_recognised():
    assert parse_statistics_file(fixture_bytes("12411-01-01-4_old.csv")).format == "ffcsv_old"


def test_dash_is_stored_as_a_quality_mark_not_as_zero():
    record = parse_statistics_file(fixture_bytes("13111-01-03-4_flat.csv")).records[0]
    assert (record.value, record.quality) == (None, "-")


@pytest.mark.parametrize("mark", ["-", ".", "x", "/", "..."])
def test_every_quality_mark_gives_no_number(mark):
    assert parse_value(mark, 1) == (None, mark, "")


def test_decimal_comma_is_read_as_a_decimal():
    record = parse_statistics_file(fixture_bytes("AI-N-01-2-5_flat.csv")).records[0]
    assert record.value == Decimal("-0.3")


def test_decimal_point_of_english_files_reads_the_same():
    assert parse_value("-0.3", 1)[0] == parse_value("-0,3", 1)[0]


def test_year_is_a_twelve_month_period_ending_31_december():
    assert parse_time("JAHR", "2024", 1) == (datetime.date(2024, 12, 31), 12)


def test_half_year_interval_ends_on_its_last_day():
    assert parse_time("SEMEST", "2023-10P6M", 1) == (datetime.date(2024, 3, 31), 6)


def test_unknown_time_format_is_refused_with_its_line():
    with pytest.raises(UnsupportedTimeFormat) as error:
        parse_time("QUARTG", "2024/Q1", 7)
    assert error.value.line == 7


def test_four_dimensions_are_all_kept():
    record = parse_statistics_file(fixture_bytes("12531-0043_flat.csv")).records[0]
    assert dict(record.dimensions) == {"GES": "GESW", "SCHST2": "SCHUTZST-AK-2", "STAAG5": "ST423"}


def test_classic_table_combines_the_heading_lines_into_a_split():
    parsed = parse_statistics_file(fixture_bytes("13111-01-03-5_00.csv"))
    splits = [r.dimensions for r in parsed.records if r.area_key == "05754"]
    assert (("Nationalität", "Ausländer(innen)"), ("Geschlecht", "weiblich")) in splits


def test_classic_table_strips_the_indentation_of_labels():
    parsed = parse_statistics_file(fixture_bytes("13111-01-03-5_00.csv"))
    assert parsed.records[-1].area_label == "Gütersloh"


def test_classic_table_applies_the_time_line_to_every_row():
    parsed = parse_statistics_file(fixture_bytes("13111-01-03-5_00.csv"))
    assert {r.date for r in parsed.records} == {datetime.date(2015, 6, 30)}


def test_classic_table_takes_the_stand_from_the_footer():
    parsed = parse_statistics_file(fixture_bytes("13111-01-03-5_00.csv"))
    assert parsed.stand == datetime.datetime(2017, 10, 10, 16, 46, 46)


def test_classic_table_ignores_the_footer_notes():
    parsed = parse_statistics_file(fixture_bytes("13111-01-03-5_00.csv"))
    assert len(parsed.records) == 5 * 6


def test_classic_table_female_and_male_add_up_to_the_total():
    values = by_split(parse_statistics_file(fixture_bytes("13111-01-03-5_00.csv")))
    male = values[(("Geschlecht", "männlich"),)]
    female = values[(("Geschlecht", "weiblich"),)]
    assert male + female == values[()] == Decimal("160807")


def test_classic_table_in_latin_1_reads_like_utf_8():
    utf8 = parse_statistics_file(fixture_bytes("13111-01-03-5_00.csv")).records
    latin1 = parse_statistics_file(fixture_bytes("13111-01-03-5_00_latin1.csv")).records
    assert latin1 == utf8


def test_classic_table_with_the_date_in_the_first_column():
    parsed = parse_statistics_file(fixture_bytes("12411-03-03-4_00.csv"))
    record = parsed.records[0]
    assert (record.date, record.area_key, record.value) == (
        datetime.date(2015, 12, 31),
        "05754",
        Decimal("10099"),
    )


def test_classic_table_keeps_row_labels_as_a_category():
    parsed = parse_statistics_file(fixture_bytes("12411-03-03-4_00.csv"))
    assert parsed.records[0].dimensions == ((None, "unter 3 Jahre"),)


def zipped(*members: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zipped_flat_file_is_unpacked():
    data = zipped(
        ("12411-01-01-4_1773175772751_de_flat.csv", fixture_bytes("12411-01-01-4_flat.csv"))
    )
    assert len(parse_statistics_file(data).records) == 3


def test_zip_with_two_files_is_refused():
    data = zipped(("a.csv", b"x"), ("b.csv", b"y"))
    with pytest.raises(StatisticsFileError):
        unzip(data)


def test_row_with_a_missing_field_names_its_line():
    text = fixture_bytes("12411-01-01-4_flat.csv").decode("utf-8-sig")
    lines = text.splitlines()
    lines[2] = lines[2].rsplit(";", 1)[0]
    with pytest.raises(StatisticsFileError) as error:
        parse_statistics_file("\n".join(lines).encode())
    assert error.value.line == 3


def test_value_that_is_no_number_names_its_line():
    text = fixture_bytes("12411-01-01-4_flat.csv").decode("utf-8-sig")
    broken = text.replace(";182405;", ";182.405,0;")
    with pytest.raises(StatisticsFileError) as error:
        parse_statistics_file(broken.encode())
    assert error.value.line == 3


def test_unknown_file_layout_is_refused():
    with pytest.raises(StatisticsFileError):
        parse_statistics_file(b"name;value\nVerl;1\n")


DISTRICT_AND_TOWNS = (
    "statistics_code;time_code;time;1_variable_code;1_variable_attribute_code;"
    "2_variable_code;2_variable_attribute_code;3_variable_code;3_variable_attribute_code;"
    "value;value_unit;value_variable_code\n"
    "12411;STAG;2024-12-31;KREISE;05754;GES;GESW;NAT;;182405;Anzahl;BEVSTD\n"
    "12411;STAG;2024-12-31;GEMEIN;05754044;GES;GESW;NAT;NATA;2104;Anzahl;BEVSTD\n"
    "12411;STAG;2024-12-31;NAT;NATA;GEMEIN;05754048;GES;GESM;1350;Anzahl;BEVSTD\n"
)


def test_town_row_after_a_district_row_keeps_its_split():
    record = parse_statistics_file(DISTRICT_AND_TOWNS.encode()).records[1]
    assert (record.area_key, record.dimensions) == (
        "05754044",
        (("GES", "GESW"), ("NAT", "NATA")),
    )


def test_row_with_its_variables_in_other_columns_is_read_by_their_codes():
    record = parse_statistics_file(DISTRICT_AND_TOWNS.encode()).records[2]
    assert (record.area_key, record.dimensions, record.value) == (
        "05754048",
        (("GES", "GESM"), ("NAT", "NATA")),
        Decimal("1350"),
    )
