"""Production refuses to start wrong: the documented production settings pass Django's
deployment checks, and a placeholder secret key or a site without TLS stops every start."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from ankommen.core.checks import https_is_on_or_explained, secret_key_is_real
from ankommen.env import env_list, env_str

REPOSITORY = Path(__file__).resolve().parents[3]
EXAMPLE = REPOSITORY / "docs" / "production.env.example"
SECRETS_DIR = "/etc/ankommen/secrets/"
GUNICORN = [sys.executable, "-m", "gunicorn", "-c", "python:ankommen.gunicorn_conf"]
REAL_KEY = secrets.token_urlsafe(50)


def example_env(secrets_dir: Path) -> dict[str, str]:
    """The example file's variables, its secret files written with fresh values in
    `secrets_dir`, in an environment that holds nothing else of ours."""
    values = {
        "secret_key": REAL_KEY,
        "database_url": "postgres://ankommen:pw@127.0.0.1:5432/ankommen",
        "cases_keys": Fernet.generate_key().decode(),
        "cases_index_key": secrets.token_urlsafe(32),
        "metrics_token": secrets.token_urlsafe(32),
    }
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": str(REPOSITORY)}
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, _, value = line.partition("=")
        if value.startswith(SECRETS_DIR):
            secret = secrets_dir / value.removeprefix(SECRETS_DIR)
            secret.write_text(values[secret.name] + "\n", encoding="utf-8")
            value = str(secret)
        env[name] = value
    return env


def run_ankommen(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ankommen", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_documented_production_settings_pass_the_deployment_checks(tmp_path):
    result = run_ankommen(example_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr


def test_the_documented_production_settings_read_their_secrets_from_files(tmp_path):
    env = example_env(tmp_path)
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    result = run_ankommen(
        env | {"DJANGO_SETTINGS_MODULE": "ankommen.settings"},
        "shell",
        "--verbosity",
        "0",
        "-c",
        code,
    )
    assert result.stdout.strip() == REAL_KEY


def test_a_placeholder_secret_key_stops_a_production_start(tmp_path):
    env = example_env(tmp_path)
    del env["SECRET_KEY_FILE"]
    env["SECRET_KEY"] = "django-insecure-" + secrets.token_urlsafe(50)
    result = run_ankommen(env, "check")
    assert "ankommen.E011" in result.stderr


def test_gunicorn_refuses_to_serve_with_a_short_secret_key(tmp_path):
    env = example_env(tmp_path)
    del env["SECRET_KEY_FILE"]
    env["SECRET_KEY"] = "change-me"
    result = subprocess.run(
        [*GUNICORN, "--bind", "127.0.0.1:0", "ankommen.wsgi"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode != 0
    assert "ankommen.E011" in result.stderr


@pytest.mark.parametrize(
    "key", ["s" * 49, "abcd" * 20, "django-insecure-" + "x1y2z3" * 10], ids=str.__len__
)
def test_an_unfit_secret_key_is_an_error(settings, key):
    settings.SECRET_KEY = key
    assert [error.id for error in secret_key_is_real(None)] == ["ankommen.E011"]


def test_a_long_random_secret_key_passes(settings):
    settings.SECRET_KEY = REAL_KEY
    assert secret_key_is_real(None) == []


def test_https_off_without_a_reason_is_an_error(settings):
    settings.HTTPS, settings.HTTPS_OFF_REASON = False, ""
    assert [error.id for error in https_is_on_or_explained(None)] == ["ankommen.E012"]


def test_https_off_with_a_stated_reason_passes(settings):
    settings.HTTPS, settings.HTTPS_OFF_REASON = False, "closed training network, no TLS"
    assert https_is_on_or_explained(None) == []


def test_https_with_a_plain_http_public_address_is_an_error(settings):
    settings.HTTPS, settings.ANKOMMEN_BASE_URL = True, "http://ankommen.example"
    assert [error.id for error in https_is_on_or_explained(None)] == ["ankommen.E013"]


def test_a_variable_is_read_from_the_file_its_FILE_variable_names(monkeypatch, tmp_path):
    (tmp_path / "value").write_text("from-a-file\n", encoding="utf-8")
    monkeypatch.delenv("ANKOMMEN_TEST_SECRET", raising=False)
    monkeypatch.setenv("ANKOMMEN_TEST_SECRET_FILE", str(tmp_path / "value"))
    assert env_str("ANKOMMEN_TEST_SECRET") == "from-a-file"


def test_a_list_is_read_from_a_file_too(monkeypatch, tmp_path):
    (tmp_path / "keys").write_text("a,b\n", encoding="utf-8")
    monkeypatch.setenv("ANKOMMEN_TEST_KEYS_FILE", str(tmp_path / "keys"))
    assert env_list("ANKOMMEN_TEST_KEYS") == ["a", "b"]


def test_a_variable_given_both_ways_is_an_error(monkeypatch, tmp_path):
    (tmp_path / "value").write_text("one", encoding="utf-8")
    monkeypatch.setenv("ANKOMMEN_TEST_SECRET", "two")
    monkeypatch.setenv("ANKOMMEN_TEST_SECRET_FILE", str(tmp_path / "value"))
    with pytest.raises(ImproperlyConfigured, match="Both"):
        env_str("ANKOMMEN_TEST_SECRET")


def test_a_missing_secret_file_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv("ANKOMMEN_TEST_SECRET_FILE", str(tmp_path / "absent"))
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        env_str("ANKOMMEN_TEST_SECRET")


def test_the_api_addresses_follow_the_public_base_url(tmp_path):
    code = "from django.conf import settings; print(settings.API_PUBLIC_URL)"
    result = run_ankommen(
        example_env(tmp_path) | {"DJANGO_SETTINGS_MODULE": "ankommen.settings"},
        "shell",
        "--verbosity",
        "0",
        "-c",
        code,
    )
    assert result.stdout.strip() == "https://ankommen.kreis-guetersloh.de"
