"""The public address that links in e-mails start with: read from ANKOMMEN_BASE_URL,
required in production (a system check stops the start), local with DEBUG."""

import os
import subprocess
import sys

import pytest

from ankommen.core.checks import public_base_url_set
from ankommen.core.links import absolute_url


def _run(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "HTTPS", "ANKOMMEN_BASE_URL"}
    }
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "ankommen.settings"
    return subprocess.run(
        [sys.executable, *args], env=clean, capture_output=True, text=True, check=False
    )


def _setting(**env: str) -> str:
    code = "from django.conf import settings; print(settings.ANKOMMEN_BASE_URL)"
    return _run("-c", code, **env).stdout.strip()


def test_the_public_address_is_read_from_the_environment():
    assert (
        _setting(SECRET_KEY="s" * 50, ANKOMMEN_BASE_URL="https://ankommen.kreis-guetersloh.de/")
        == "https://ankommen.kreis-guetersloh.de"
    )


def test_with_debug_the_public_address_is_the_local_server():
    assert _setting(DEBUG="true") == "http://127.0.0.1:8000"


def test_a_production_start_without_the_public_address_is_refused():
    result = _run("-m", "ankommen.manage", "check", SECRET_KEY="s" * 50, HTTPS="false")
    assert result.returncode != 0
    assert "ankommen.E010" in result.stderr


def test_a_production_start_with_the_public_address_passes_the_check():
    result = _run(
        "-m",
        "ankommen.manage",
        "check",
        SECRET_KEY="s" * 50,
        HTTPS="false",
        ANKOMMEN_BASE_URL="https://ankommen.kreis-guetersloh.de",
    )
    assert "ankommen.E010" not in result.stderr


@pytest.mark.parametrize(
    "value", ["ankommen.kreis-guetersloh.de", "ftp://example.org", "https://", "https://x.de/a"]
)
def test_a_public_address_that_is_no_http_url_is_refused(settings, value):
    settings.ANKOMMEN_BASE_URL = value
    assert [error.id for error in public_base_url_set(None)] == ["ankommen.E010"]


def test_absolute_url_puts_the_public_host_before_the_path(settings):
    settings.ANKOMMEN_BASE_URL = "https://ankommen.kreis-guetersloh.de"
    assert (
        absolute_url("/kreis-guetersloh/intern/")
        == "https://ankommen.kreis-guetersloh.de/kreis-guetersloh/intern/"
    )
