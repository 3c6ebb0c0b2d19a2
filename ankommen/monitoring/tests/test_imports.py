"""Importing statistics files: all or nothing, idempotent, provenance kept."""

import datetime
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ankommen.monitoring.imports import import_statistics, table_code_from_name
from ankommen.monitoring.models import ImportRun, Unit, Value, ValueRevision
from ankommen.monitoring.statfiles import StatisticsFileError

from .conftest import FIXTURES, fixture_bytes
from .factories import employees_indicator, population_indicator, share_indicator

pytestmark = pytest.mark.django_db


def run(region, name, **options):
    return import_statistics(region=region, data=fixture_bytes(name), file_name=name, **options)


@pytest.fixture
def population(cast, comparison):
    return population_indicator(cast.region)


@pytest.fixture
def employees(cast, comparison):
    return employees_indicator(cast.region)


def test_flat_file_values_are_stored_with_their_split(population, comparison):
    run(population.region, "12411-01-01-4_flat.csv")
    stored = dict(
        Value.objects.filter(indicator=population, area=comparison["kreis"]).values_list(
            "dimension_key", "value"
        )
    )
    assert stored == {
        "": Decimal("363982"),
        "GES:GESW": Decimal("182405"),
        "GES:GESM": Decimal("181577"),
    }


def test_imported_female_and_male_add_up_to_the_total(population, comparison):
    run(population.region, "12411-01-01-4_flat.csv")
    kreis = comparison["kreis"]
    total = population.latest_value(kreis).value
    parts = (
        population.latest_value(kreis, "GES:GESW").value
        + population.latest_value(kreis, "GES:GESM").value
    )
    assert parts == total


def test_import_records_its_provenance(population):
    run(population.region, "12411-01-01-4_flat.csv")
    value = Value.objects.get(indicator=population, dimension_key="")
    assert (value.import_run.file_name, value.table_code, value.import_run.format) == (
        "12411-01-01-4_flat.csv",
        "12411-01-01-4",
        "ffcsv",
    )


def test_importing_the_same_file_twice_changes_nothing(population):
    run(population.region, "12411-01-01-4_flat.csv")
    before = list(Value.objects.values_list("pk", "value", "version", "updated_at"))
    second = run(population.region, "12411-01-01-4_flat.csv")
    after = list(Value.objects.values_list("pk", "value", "version", "updated_at"))
    assert (before, second.changed_anything) == (after, False)


def test_importing_the_same_file_twice_records_one_import(population):
    run(population.region, "12411-01-01-4_flat.csv")
    run(population.region, "12411-01-01-4_flat.csv")
    assert ImportRun.objects.count() == 1


def test_old_and_new_flat_file_of_the_same_figures_are_one_import(population):
    run(population.region, "12411-01-01-4_flat.csv")
    assert run(population.region, "12411-01-01-4_old.csv").unchanged == 3


def test_changed_figure_keeps_the_earlier_one_as_a_revision(population):
    run(population.region, "12411-01-01-4_flat.csv")
    changed = fixture_bytes("12411-01-01-4_flat.csv").replace(b";363982;", b";363990;")
    import_statistics(region=population.region, data=changed, file_name="12411-01-01-4_flat.csv")
    revision = ValueRevision.objects.get()
    assert (revision.value, revision.value_record.value) == (Decimal("363982"), Decimal("363990"))


def test_quality_mark_is_stored_without_a_number(employees):
    run(employees.region, "13111-01-03-4_flat.csv")
    value = Value.objects.get()
    assert (value.value, value.quality, value.dimension_key) == (None, "-", "NAT:NATA")


def test_classic_table_imports_every_cell(employees):
    result = run(employees.region, "13111-01-03-5_00.csv")
    assert (result.created, Value.objects.count()) == (30, 30)


def test_classic_table_maps_its_labels_to_the_codes_of_flat_files(employees, comparison):
    run(employees.region, "13111-01-03-5_00.csv")
    value = Value.objects.get(area=comparison["kreis"], dimension_key="GES:GESW|NAT:NATA")
    assert value.value == Decimal("5036")


def test_classic_table_keeps_the_stand_of_its_footer(employees):
    run(employees.region, "13111-01-03-5_00.csv")
    stand = Value.objects.first().stand
    assert stand.astimezone(datetime.UTC).date() == datetime.date(2017, 10, 10)


def test_classic_latin_1_and_utf_8_tables_are_the_same_import(employees):
    run(employees.region, "13111-01-03-5_00.csv")
    assert run(employees.region, "13111-01-03-5_00_latin1.csv").unchanged == 30


def test_share_of_foreign_employees_in_the_kreis_2015(employees, comparison):
    share = share_indicator(employees.region, employees)
    run(employees.region, "13111-01-03-5_00.csv")
    point = share.latest_value(comparison["kreis"])
    assert share.format(point.value) == "10.59"


def test_share_of_foreign_employees_in_owl_and_nrw_2015(employees, comparison):
    share = share_indicator(employees.region, employees)
    run(employees.region, "13111-01-03-5_00.csv")
    shown = [share.format(share.latest_value(comparison[a]).value) for a in ("owl", "nrw")]
    assert shown == ["6.97", "9.08"]


def test_classic_row_label_without_heading_is_recognised_as_age_group(population):
    population.variable_code = ""
    population.save()
    run(population.region, "12411-03-03-4_00.csv")
    keys = set(Value.objects.values_list("dimension_key", flat=True))
    assert "ALTX20:ALT000B03|GES:GESW|NAT:NATA" in keys


def test_unit_that_does_not_match_the_indicator_is_refused(population):
    population.unit = Unit.PERCENT
    population.save()
    with pytest.raises(StatisticsFileError) as error:
        run(population.region, "12411-01-01-4_flat.csv")
    assert (error.value.line, Value.objects.count()) == (2, 0)


def test_unknown_area_key_is_reported_and_nothing_imported(cast):
    from .factories import IndicatorFactory

    IndicatorFactory(region=cast.region, variable_code="AI0112", unit=Unit.PERCENT)
    with pytest.raises(StatisticsFileError) as error:
        run(cast.region, "AI-N-01-2-5_flat.csv")
    assert ("12065136" in str(error.value), Value.objects.count()) == (True, 0)


def test_unknown_area_key_is_not_matched_by_its_name(population, comparison):
    data = fixture_bytes("12411-01-01-4_flat.csv").replace(b";05754;", b";05754999;")
    with pytest.raises(StatisticsFileError):
        import_statistics(region=population.region, data=data, file_name="x_flat.csv")


def test_unknown_areas_can_be_left_out_and_are_listed(population):
    data = fixture_bytes("12411-01-01-4_flat.csv")
    data += (
        "12411;x;STAG;Stichtag;2024-12-31;KREISE;K;05758;Herford, Kreis;GES;Geschlecht;;"
        "Insgesamt;250000;Anzahl;BEVSTD;Bevölkerungsstand\n"
    ).encode()
    result = import_statistics(
        region=population.region, data=data, file_name="x_flat.csv", skip_unknown_areas=True
    )
    assert (result.created, result.skipped, "05758" in result.messages[0]) == (3, 1, True)


def test_malformed_row_imports_nothing_of_the_file(population):
    data = fixture_bytes("12411-01-01-4_flat.csv").replace(b";181577;", b";18x577;")
    with pytest.raises(StatisticsFileError) as error:
        import_statistics(region=population.region, data=data, file_name="x_flat.csv")
    assert (error.value.line, Value.objects.count(), ImportRun.objects.count()) == (4, 0, 0)


def test_same_value_twice_in_a_file_is_refused(population):
    data = fixture_bytes("12411-01-01-4_flat.csv")
    data += data.decode("utf-8-sig").splitlines()[1].encode() + b"\n"
    with pytest.raises(StatisticsFileError) as error:
        import_statistics(region=population.region, data=data, file_name="x_flat.csv")
    assert error.value.line == 5


def test_file_of_an_unknown_variable_names_it(cast, comparison):
    with pytest.raises(StatisticsFileError) as error:
        run(cast.region, "12411-01-01-4_flat.csv")
    assert "BEVSTD" in str(error.value)


def test_dry_run_writes_nothing(population):
    result = run(population.region, "12411-01-01-4_flat.csv", dry_run=True)
    assert (result.created, Value.objects.count()) == (3, 0)


def test_officer_may_not_import_values_of_the_kreis(population, cast):
    with pytest.raises(StatisticsFileError):
        run(population.region, "12411-01-01-4_flat.csv", user=cast.officer_verl)


def test_officer_imports_the_values_of_her_own_town(population, cast):
    data = fixture_bytes("12411-01-01-4_flat.csv").replace(b";05754;", b";05754044;")
    import_statistics(region=cast.region, data=data, file_name="x_flat.csv", user=cast.officer_verl)
    assert set(Value.objects.values_list("area", flat=True)) == {cast.verl.pk}


def test_coordinator_of_another_region_imports_nothing_here(population, cast):
    with pytest.raises(StatisticsFileError):
        run(population.region, "12411-01-01-4_flat.csv", user=cast.other_coordinator)


def test_table_code_is_taken_from_the_web_service_file_name():
    assert table_code_from_name("12411-01-01-4_1773175772751_de_flat.csv") == "12411-01-01-4"


def test_command_imports_a_file(population):
    out = StringIO()
    call_command(
        "import_statistics",
        str(FIXTURES / "12411-01-01-4_flat.csv"),
        region=population.region.slug,
        stdout=out,
    )
    assert "3 added" in out.getvalue()


def test_command_refuses_a_bad_file_and_names_the_line(population, tmp_path):
    bad = tmp_path / "bad_flat.csv"
    bad.write_bytes(fixture_bytes("12411-01-01-4_flat.csv").replace(b";181577;", b";abc;"))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_statistics", str(bad), region=population.region.slug, stderr=err)
    assert (re.search(r"(line|Zeile) 4:", err.getvalue()) is not None, Value.objects.count()) == (
        True,
        0,
    )
