"""A region file with a mistake: the error names file and line, and nothing is written."""

import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ankommen.core.demo import DEMO_DIR
from ankommen.core.models import Area, Organisation, Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def region_dir(tmp_path) -> Path:
    target = tmp_path / "region"
    shutil.copytree(DEMO_DIR, target)
    return target


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_number(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def load(directory: Path) -> None:
    call_command("load_region", str(directory))


def test_malformed_toml_is_reported_with_file_and_line(region_dir):
    replace(region_dir / "region.toml", 'name = "Verl"', 'name = "Verl')
    line = line_number(region_dir / "region.toml", 'name = "Verl')
    expected = f"region.toml:{line}:"
    with pytest.raises(CommandError, match=expected):
        load(region_dir)


def test_malformed_toml_writes_nothing(region_dir):
    replace(region_dir / "region.toml", 'name = "Verl"', 'name = "Verl')
    with pytest.raises(CommandError):
        load(region_dir)
    assert not Region.objects.exists()


def test_unknown_area_key_of_an_organisation_names_its_line(region_dir):
    path = region_dir / "organisations.toml"
    replace(path, 'serves = ["05754044"]', 'serves = ["05754999"]')
    with pytest.raises(CommandError, match=r"organisations\.toml:\d+: unknown area key"):
        load(region_dir)


def test_error_in_the_last_file_rolls_back_the_first(region_dir):
    replace(region_dir / "organisations.toml", 'kind = "GO"', 'kind = "XX"')
    with pytest.raises(CommandError):
        load(region_dir)
    assert not Area.objects.exists()


def test_invalid_kind_is_reported_with_the_models_message(region_dir):
    replace(region_dir / "organisations.toml", 'kind = "GO"', 'kind = "XX"')
    with pytest.raises(CommandError, match="kind"):
        load(region_dir)


def test_invalid_official_key_is_refused(region_dir):
    replace(region_dir / "region.toml", 'official_key = "05754044"', 'official_key = "Verl"')
    with pytest.raises(CommandError, match=r"region\.toml:\d+: official_key"):
        load(region_dir)


def test_unknown_language_is_refused(region_dir):
    replace(region_dir / "region.toml", '"fa"]', '"xx-nope"]')
    with pytest.raises(CommandError, match="unknown language"):
        load(region_dir)


def test_missing_name_is_refused(region_dir):
    replace(region_dir / "organisations.toml", 'name = "Kreis Gütersloh"\n', "")
    with pytest.raises(CommandError, match="“name” is missing"):
        load(region_dir)


def test_unknown_parent_organisation_is_refused(region_dir):
    replace(region_dir / "organisations.toml", 'parent = "kreis-guetersloh"', 'parent = "nope"')
    with pytest.raises(CommandError, match="unknown parent organisation"):
        load(region_dir)


def test_coordinates_out_of_range_are_refused(region_dir):
    replace(region_dir / "region.toml", "latitude = 51.88330", "latitude = 151.88330")
    with pytest.raises(CommandError, match="latitude"):
        load(region_dir)


def test_not_a_directory_is_refused(tmp_path):
    with pytest.raises(CommandError, match="not a directory"):
        load(tmp_path / "missing")


def test_a_correct_directory_loads(region_dir):
    load(region_dir)
    assert Organisation.objects.filter(key="ki").exists()
