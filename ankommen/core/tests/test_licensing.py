"""Licensing and catalogue information: the AGPL text, REUSE compliance and
publiccode.yml agree with pyproject.toml and the settings."""

import subprocess
import sys
import tomllib
from pathlib import Path

import yaml
from django.conf import settings

REPOSITORY = Path(__file__).resolve().parents[3]


def publiccode() -> dict:
    return yaml.safe_load((REPOSITORY / "publiccode.yml").read_text(encoding="utf-8"))


def project() -> dict:
    return tomllib.loads((REPOSITORY / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_the_license_file_is_the_agpl():
    text = (REPOSITORY / "LICENSE").read_text(encoding="utf-8")
    assert text.lstrip().startswith("GNU AFFERO GENERAL PUBLIC LICENSE")


def test_the_license_file_is_the_whole_text():
    text = (REPOSITORY / "LICENSE").read_text(encoding="utf-8")
    assert "END OF TERMS AND CONDITIONS" in text


def test_every_file_carries_reuse_licensing_information():
    result = subprocess.run(
        [sys.executable, "-m", "reuse", "--root", str(REPOSITORY), "lint"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_publiccode_names_the_license_of_pyproject():
    assert publiccode()["legal"]["license"] == project()["license"]


def test_publiccode_names_the_version_of_pyproject():
    assert publiccode()["softwareVersion"] == project()["version"]


def test_publiccode_lists_every_interface_language():
    languages = publiccode()["localisation"]["availableLanguages"]
    assert languages == [code for code, _ in settings.LANGUAGES]


def test_publiccode_describes_the_software_in_german_and_english():
    assert set(publiccode()["description"]) == {"de", "en"}
