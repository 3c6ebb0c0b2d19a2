"""Production defaults of the settings module, checked in a fresh interpreter each."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from ankommen.env import env_bool, env_int


def settings_in_subprocess(expression: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "HTTPS"}}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "ankommen.settings"
    code = f"from django.conf import settings; print({expression})"
    return subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, check=False
    )


def test_missing_secret_key_stops_production_start():
    result = settings_in_subprocess("settings.DEBUG")
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_is_off_unless_asked():
    result = settings_in_subprocess("settings.DEBUG", SECRET_KEY="s" * 50)
    assert result.stdout.strip() == "False"


def test_production_cookies_are_secure():
    result = settings_in_subprocess(
        "settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE", SECRET_KEY="s" * 50
    )
    assert result.stdout.strip() == "True"


def test_production_sends_hsts():
    result = settings_in_subprocess("settings.SECURE_HSTS_SECONDS", SECRET_KEY="s" * 50)
    assert int(result.stdout) >= 31_536_000


def test_passwords_are_hashed_with_argon2():
    result = settings_in_subprocess("settings.PASSWORD_HASHERS[0]", SECRET_KEY="s" * 50)
    assert result.stdout.strip().endswith("Argon2PasswordHasher")


def test_database_url_selects_postgresql():
    result = settings_in_subprocess(
        "settings.DATABASES['default']['ENGINE']",
        SECRET_KEY="s" * 50,
        DATABASE_URL="postgres://u:p@db.example.org:5432/ankommen",
    )
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_unreadable_boolean_is_an_error(monkeypatch):
    monkeypatch.setenv("ANKOMMEN_TEST_FLAG", "perhaps")
    with pytest.raises(ImproperlyConfigured):
        env_bool("ANKOMMEN_TEST_FLAG")


def test_unreadable_integer_is_an_error(monkeypatch):
    monkeypatch.setenv("ANKOMMEN_TEST_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured):
        env_int("ANKOMMEN_TEST_NUMBER", 1)


def test_response_carries_a_content_security_policy(client, db):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
