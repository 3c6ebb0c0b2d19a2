"""Names and notes are encrypted at rest, and old keys still decrypt after a rotation."""

import pytest
from django.db import connection

from ankommen.cases.models import (
    Note,
)

pytestmark = pytest.mark.django_db


def test_names_and_notes_are_encrypted_in_the_database(world):
    Note.objects.create(case=world.case, text="streng vertraulich")
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_name FROM cases_client WHERE id = %s", [world.case.client_id])
        (stored_name,) = cursor.fetchone()
        cursor.execute("SELECT text FROM cases_note WHERE case_id = %s", [world.case.pk])
        (stored_note,) = cursor.fetchone()
    assert stored_name.startswith("enc1:") and world.case.client.last_name not in stored_name
    assert "vertraulich" not in stored_note


def test_old_key_still_decrypts_after_rotation(world, settings):
    from cryptography.fernet import Fernet

    from ankommen.core.crypto import _keys

    derived = _keys()[0].decode()  # what the world's client was encrypted with
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.CASES_ENCRYPTION_KEYS = [old, derived]
    note = Note.objects.create(case=world.case, text="alt")
    settings.CASES_ENCRYPTION_KEYS = [new, old, derived]
    from django.core.management import call_command

    call_command("rotate_case_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.CASES_ENCRYPTION_KEYS = [new]
    assert Note.objects.get(pk=note.pk).text == "alt"
    assert world.case.client.__class__.objects.get(pk=world.case.client_id).first_name == "Amina"
