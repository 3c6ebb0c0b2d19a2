"""The offers CSV and HSDS importers against the hostile corpus (issue 13): each file is
refused with its name and line, the command fails, and the database is unchanged."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from ankommen.core.tests.factories import LanguageFactory, RegionFactory
from ankommen.devtools.testing import hostile
from ankommen.directory.hsds.export import export_region
from ankommen.directory.models import Offer, OfferTranslation, Place

HEADER = (
    "key,organization_key,name,description,kind,service_area_keys,language_codes,"
    "location_name,address_1,postal_code,city,latitude,longitude\n"
)


def row(key="beratung", place="Haus am Markt"):
    return f"{key},caritas,Beratung {key},Text,counselling,05754044,de,{place},Weg 1,33415,Verl,,\n"


GOOD = HEADER + row("a") + row("b")


@pytest.fixture
def organisation(cast):
    LanguageFactory(code="de")
    cast.kreis_organisation.key = "caritas"
    cast.kreis_organisation.save()
    return cast.kreis_organisation


def counts():
    return (Offer.objects.count(), OfferTranslation.objects.count(), Place.objects.count())


def refused(tmp_path, region, text: str, **options) -> str:
    """Runs the command on `text`; returns its error after checking nothing was written."""
    path = tmp_path / "angebote.csv"
    path.write_text(text, encoding="utf-8")
    before = counts()
    with pytest.raises(CommandError) as raised:
        call_command("import_offers_csv", str(path), region=region.slug, **options)
    assert counts() == before
    assert str(path) in str(raised.value)
    return str(raised.value)


def test_the_good_file_of_these_tests_imports(cast, organisation, tmp_path):
    path = tmp_path / "angebote.csv"
    path.write_text(GOOD, encoding="utf-8")
    call_command("import_offers_csv", str(path), region=cast.region.slug)
    assert Offer.objects.filter(region=cast.region).count() == 2


def test_an_offers_csv_with_a_nul_byte_is_refused_naming_the_line(cast, organisation, tmp_path):
    assert "line 3: " in refused(tmp_path, cast.region, hostile.with_nul(GOOD, line=3))


def test_an_offers_csv_with_a_field_over_the_limit_is_refused_naming_the_line(
    cast, organisation, tmp_path
):
    error = refused(tmp_path, cast.region, hostile.huge_field(GOOD, line=2))
    assert "line 2: A field is longer than" in error


def test_an_offers_csv_cut_off_in_its_last_line_is_refused(cast, organisation, tmp_path):
    error = refused(tmp_path, cast.region, hostile.truncated(GOOD))
    assert "line 3: The last line has no line ending" in error


def test_an_offers_csv_cut_off_is_refused_in_a_dry_run_too(cast, organisation, tmp_path):
    refused(tmp_path, cast.region, hostile.truncated(GOOD), dry_run=True)


def test_a_row_with_fewer_fields_than_the_header_is_refused(cast, organisation, tmp_path):
    path = tmp_path / "angebote.csv"
    path.write_text(GOOD + "c,caritas,Beratung c,Text\n", encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_offers_csv", str(path), region=cast.region.slug, stdout=out)
    assert f"{path}: line 4: expected 13 fields" in out.getvalue()
    assert Offer.objects.count() == 0


def test_a_dry_run_that_finds_bad_rows_exits_with_an_error(cast, organisation, tmp_path):
    path = tmp_path / "angebote.csv"
    path.write_text(GOOD + "c,caritas,Beratung c,Text\n", encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 bad rows"):
        call_command(
            "import_offers_csv", str(path), region=cast.region.slug, dry_run=True, stdout=out
        )
    assert f"{path}: line 4: expected 13 fields" in out.getvalue()


def test_an_offers_csv_above_the_row_limit_is_refused(cast, organisation, tmp_path):
    text = hostile.many_rows(HEADER + row("k{n}"), 100_000)
    assert "5000" in refused(tmp_path, cast.region, text)


# --- HSDS --------------------------------------------------------------------------------


def hsds_refused(tmp_path, region, text: str) -> str:
    path = tmp_path / "hsds.json"
    path.write_text(text, encoding="utf-8")
    before = counts()
    with pytest.raises(CommandError) as raised:
        call_command("hsds_import", str(path), region=region.slug)
    assert counts() == before
    assert str(path) in str(raised.value)
    return str(raised.value)


def test_a_json_list_as_hsds_document_is_refused(demo, tmp_path):
    assert "must be a JSON object" in hsds_refused(tmp_path, demo, "[]")


def test_a_deeply_nested_hsds_document_is_refused(demo, tmp_path):
    assert "nested more than" in hsds_refused(tmp_path, demo, hostile.deep_json())


def test_a_deeply_nested_object_in_an_hsds_document_is_refused(demo, tmp_path):
    assert "nested more than" in hsds_refused(tmp_path, demo, hostile.deep_json_object())


def test_an_hsds_document_that_is_no_json_is_refused_naming_the_line(demo, tmp_path):
    assert "line 2" in hsds_refused(tmp_path, demo, '{"services":\n [,]}')


def test_an_hsds_document_with_a_nul_character_is_refused(demo, tmp_path):
    document = export_region(demo)
    document["services"][0]["name"] = "Beratung\x00"
    assert "NUL" in hsds_refused(tmp_path, demo, json.dumps(document))


def test_an_hsds_document_with_duplicated_services_is_refused(demo, tmp_path):
    document = export_region(demo)
    document["services"] = document["services"][:1] * 5_000
    assert "is used already by services/0" in hsds_refused(tmp_path, demo, json.dumps(document))


def test_another_regions_export_imports_twice_into_a_region_without_a_crash(demo, tmp_path):
    other = RegionFactory(slug="kreis-anderswo", default_language=demo.default_language)
    for organisation in demo.organisations.all():
        organisation.pk, organisation.region = None, other
        organisation.save()
    for area in demo.areas.filter(kind="municipality")[:1]:
        area.pk, area.region, area.official_key = None, other, "09999999"
        area.parent = None
        area.save()
    path = tmp_path / "hsds.json"
    path.write_text(json.dumps(export_region(demo)), encoding="utf-8")
    document = export_region(demo)
    for service in document["services"]:
        service["service_areas"] = []
    path.write_text(json.dumps(document), encoding="utf-8")
    call_command("hsds_import", str(path), region=other.slug)
    first = Offer.objects.filter(region=other).count()
    call_command("hsds_import", str(path), region=other.slug)
    assert Offer.objects.filter(region=other).count() == first > 0
