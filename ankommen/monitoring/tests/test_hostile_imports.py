"""The statistics importer against the hostile corpus (issue 13): a zip bomb is refused
before it fills the memory, by the command and by the staff upload's dry run."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ankommen.devtools.testing import hostile
from ankommen.monitoring.models import ImportRun, Value
from ankommen.monitoring.statfiles import StatisticsFileError, unzip

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    """The messages are asserted in English, the language of the code."""
    from django.utils import translation

    with translation.override("en"):
        yield


def test_a_zip_bomb_is_refused_at_the_ratio_limit():
    with pytest.raises(StatisticsFileError, match="unpacks to more than"):
        unzip(hostile.zip_bomb())


def test_a_zip_member_over_the_size_limit_is_refused(settings):
    settings.ANKOMMEN_IMPORT_MAX_BYTES = 1_000_000
    settings.ANKOMMEN_IMPORT_MAX_RATIO = 10_000
    with pytest.raises(StatisticsFileError, match="unpacks to more than 1 MB"):
        unzip(hostile.zip_bomb(megabytes=3))


def test_import_statistics_refuses_a_zip_bomb_and_writes_nothing(cast, tmp_path):
    path = tmp_path / "12411-01-01-4_flat.zip"
    path.write_bytes(hostile.zip_bomb())
    with pytest.raises(CommandError):
        call_command("import_statistics", str(path), region=cast.region.slug)
    assert (Value.objects.count(), ImportRun.objects.count()) == (0, 0)


def test_a_zip_bomb_uploaded_as_a_dry_run_is_refused_with_a_message(cast, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ankommen.core.tests.factories import LanguageFactory

    cast.region.languages.add(LanguageFactory(code="de"))

    upload = SimpleUploadedFile("tabelle.zip", hostile.zip_bomb(), "application/zip")
    response = client_for(cast.ki_coordinator).post(
        f"/{cast.region.slug}/intern/monitoring/import/",
        {"file": upload, "dry_run": "on"},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 200
    assert "tabelle.zip wurde nicht importiert" in response.content.decode()
    assert ImportRun.objects.count() == 0


def _flat(name: str = "12411-01-01-4_flat.csv") -> str:
    from pathlib import Path

    path = Path(__file__).parent / "fixtures" / "genesis" / name
    return path.read_bytes().decode("utf-8-sig")


@pytest.mark.parametrize("name", ["12411-01-01-4_flat.csv", "12411-01-01-4_old.csv"])
def test_a_statistics_file_with_a_nul_character_is_refused_naming_its_line(name):
    from ankommen.monitoring.statfiles import parse_statistics_file

    with pytest.raises(StatisticsFileError, match="NUL") as refused:
        parse_statistics_file(hostile.with_nul(_flat(name), line=3).encode())
    assert refused.value.line == 3


@pytest.mark.parametrize("name", ["12411-01-01-4_flat.csv", "12411-01-01-4_old.csv"])
def test_a_statistics_file_with_a_field_over_csvs_limit_is_refused_naming_its_line(name):
    from ankommen.monitoring.statfiles import parse_statistics_file

    text = hostile.huge_field(_flat(name), line=3, separator=";")
    with pytest.raises(StatisticsFileError, match="longer than") as refused:
        parse_statistics_file(text.encode())
    assert refused.value.line == 3


def test_import_statistics_refuses_a_nul_character_and_writes_nothing(cast, tmp_path):
    path = tmp_path / "12411-01-01-4_flat.csv"
    path.write_text(hostile.with_nul(_flat(), line=3), encoding="utf-8")
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_statistics", str(path), region=cast.region.slug, stderr=errors)
    assert f"{path}: line 3: The file contains a NUL character" in errors.getvalue()
    assert (Value.objects.count(), ImportRun.objects.count()) == (0, 0)
