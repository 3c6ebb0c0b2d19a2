"""Case keys are required in production (issue 13: without ANKOMMEN_CASES_KEYS the case
key was derived from SECRET_KEY and `check --deploy` said nothing)."""

import pyotp
import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection
from django.utils import timezone

from ankommen.core.crypto import _keys
from ankommen.twofactor.models import TOTPDevice


@pytest.fixture
def without_case_keys(settings, monkeypatch):
    settings.CASES_ENCRYPTION_KEYS = None
    monkeypatch.delenv("ANKOMMEN_CASES_KEYS", raising=False)


def test_check_deploy_fails_without_case_keys(settings, without_case_keys):
    settings.DEBUG = False
    with pytest.raises(SystemCheckError, match=r"ankommen\.cases\.E001"):
        call_command("check", "--deploy")


def test_the_start_up_check_fails_without_case_keys(settings, without_case_keys):
    settings.DEBUG = False
    with pytest.raises(SystemCheckError, match=r"ankommen\.cases\.E001"):
        call_command("check")


def test_a_malformed_case_key_fails_the_check(settings):
    settings.CASES_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), "not-a-key"]
    with pytest.raises(SystemCheckError, match="Case key 2"):
        call_command("check")


def test_the_demo_with_debug_on_may_run_without_case_keys(settings, without_case_keys):
    settings.DEBUG = True
    call_command("check")


def test_without_debug_no_key_is_derived_from_the_secret_key(settings, without_case_keys):
    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured):
        _keys()


@pytest.mark.django_db
def test_a_totp_secret_is_stored_encrypted_with_the_case_keys(cast):
    TOTPDevice.objects.create(user=cast.case_manager, secret=pyotp.random_base32())
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM twofactor_totpdevice")
        (stored,) = cursor.fetchone()
    assert stored.startswith("enc1:")


@pytest.mark.django_db
def test_a_totp_secret_survives_a_new_secret_key(cast, settings):
    secret = pyotp.random_base32()
    device = TOTPDevice.objects.create(
        user=cast.case_manager, secret=secret, confirmed_at=timezone.now()
    )
    settings.SECRET_KEY = "a-new-secret-key-after-a-leak"
    assert TOTPDevice.objects.get(pk=device.pk).secret == secret
