"""Encryption at rest for the sensitive fields and documents of case management and for
the authenticator keys of the second factor (ankommen/twofactor).

Keys come from the setting `CASES_ENCRYPTION_KEYS`, which settings.py reads from the
environment variable `ANKOMMEN_CASES_KEYS` (comma-separated Fernet keys, newest first).
MultiFernet encrypts with the first key and decrypts with any of them, so a key is rotated
by putting a new key in front, running `ankommen rotate_case_keys` (re-encrypts every
value with the new key) and then dropping the old key. Only with DEBUG on (the local demo)
may the keys be missing; then a key is derived from SECRET_KEY. Without DEBUG the system
check `ankommen.cases.E001` stops the start (and `check --deploy`), and nothing is
encrypted with a derived key.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "enc1:"


def configured_keys() -> list[bytes]:
    """The keys of CASES_ENCRYPTION_KEYS or ANKOMMEN_CASES_KEYS, newest first."""
    configured = settings.CASES_ENCRYPTION_KEYS or []
    if isinstance(configured, str):
        configured = [k.strip() for k in configured.split(",") if k.strip()]
    return [k.encode() if isinstance(k, str) else k for k in configured]


def malformed_keys() -> list[int]:
    """The positions (1-based) of configured keys that are not Fernet keys."""
    bad = []
    for position, key in enumerate(configured_keys(), start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            bad.append(position)
    return bad


def _keys() -> list[bytes]:
    configured = configured_keys()
    if configured:
        return configured
    if not settings.DEBUG:
        # Derived from SECRET_KEY, a leaked settings file plus a backup would give the
        # plaintext, and rotating SECRET_KEY would make every case unreadable.
        raise ImproperlyConfigured(
            "ANKOMMEN_CASES_KEYS is not set: case data is encrypted with its own keys, "
            "never with one derived from SECRET_KEY outside DEBUG (see docs/settings.md)."
        )
    digest = hashlib.sha256(f"ankommen-cases:{settings.SECRET_KEY}".encode()).digest()
    return [base64.urlsafe_b64encode(digest)]


def fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in _keys()])


def encrypt_bytes(data: bytes) -> bytes:
    return fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    return fernet().decrypt(bytes(token))


def encrypt_text(value: str) -> str:
    return PREFIX + fernet().encrypt(value.encode()).decode()


def decrypt_text(value: str) -> str:
    if not value.startswith(PREFIX):
        return value
    try:
        return fernet().decrypt(value[len(PREFIX) :].encode()).decode()
    except InvalidToken as error:
        raise ValueError("An encrypted value cannot be read with the configured keys.") from error


def rotate_text(value: str) -> str:
    if not value or not value.startswith(PREFIX):
        return value
    return PREFIX + fernet().rotate(value[len(PREFIX) :].encode()).decode()


class EncryptedTextField(models.TextField):
    """A text column stored as a Fernet token; reads give back the plain text.

    The database (and its backups) never see the plain text; so the column cannot be
    searched or sorted, which is why nothing sensitive is used for lookups.
    """

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt_text(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(value)
