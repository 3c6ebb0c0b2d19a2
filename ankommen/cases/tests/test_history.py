"""Field-level history: every change of a tracked case or client field is recorded (who,
when, field, old → new), encrypted values stay encrypted, only those who may see the case
read it, and nobody rewrites it."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from ankommen.cases.models import AppendOnlyError, Case, Client, FieldChange
from ankommen.cases.services import anonymise_case
from ankommen.cases.tests.conftest import url
from ankommen.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def change_residence(client, world, **extra):
    return client.post(
        url("case_client", world, pk=world.case.pk),
        {
            "client-first_name": "Amina",
            "client-last_name": world.case.client.last_name,
            "client-birth_year": "1990",
            "client-residence_status": "settlement",
            # The version the form was opened with (optimistic locking of master data).
            "client-expected_version": Client.objects.get(pk=world.case.client_id).version,
            **extra,
        },
    )


def test_closing_a_case_records_who_changed_the_status_from_what_to_what(world, verified_for):
    verified_for(world.awo_manager).post(
        url("case_status", world, pk=world.case.pk),
        {"to": "closed", "reason": "moved_away"},
    )
    change = FieldChange.objects.get(model="Case", object_id=world.case.pk, field="status")
    assert (change.username, change.old_value, change.new_value) == ("amelie", "active", "closed")


def test_a_change_of_the_clients_residence_status_is_recorded_with_the_case_manager(
    world, verified_for
):
    change_residence(verified_for(world.awo_manager), world)
    change = FieldChange.objects.get(model="Client", field="residence_status")
    assert (change.user_id, change.old_value, change.new_value) == (
        world.awo_manager.pk,
        "other",
        "settlement",
    )


def test_an_unchanged_field_leaves_no_history(world, verified_for):
    change_residence(verified_for(world.awo_manager), world)
    assert not FieldChange.objects.filter(field="first_name").exists()


def test_a_changed_name_is_stored_encrypted_in_the_history(world, verified_for):
    change_residence(verified_for(world.awo_manager), world, **{"client-first_name": "Amira"})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT old_value, new_value FROM cases_fieldchange WHERE field = 'first_name'"
        )
        old, new = cursor.fetchone()
    assert old.startswith("enc1:") and new.startswith("enc1:") and "Amira" not in new


def test_the_history_page_shows_old_and_new_value_to_the_case_manager(world, verified_for):
    client = verified_for(world.awo_manager)
    change_residence(client, world, **{"client-first_name": "Amira"})
    response = client.get(url("history", world, pk=world.case.pk))
    assert response.status_code == 200
    assert "Amina" in response.text and "Amira" in response.text


def test_the_history_page_is_hidden_from_a_case_manager_of_another_organisation(
    world, verified_for
):
    response = verified_for(world.caritas_manager).get(url("history", world, pk=world.case.pk))
    assert response.status_code == 404


def test_a_refused_look_at_the_history_is_in_the_audit_log(world, verified_for):
    verified_for(world.caritas_manager).get(url("history", world, pk=world.case.pk))
    assert AuditEntry.objects.filter(
        action="denied", case_id=world.case.pk, username="cornelia"
    ).exists()


def test_the_history_page_is_hidden_from_the_ki_coordinator(world, verified_for):
    response = verified_for(world.cast.ki_coordinator).get(url("history", world, pk=world.case.pk))
    assert response.status_code == 404


def test_the_history_page_answers_post_with_405(world, verified_for):
    response = verified_for(world.awo_manager).post(url("history", world, pk=world.case.pk))
    assert response.status_code == 405


def test_a_client_change_with_a_bad_value_changes_nothing(world, verified_for):
    response = change_residence(
        verified_for(world.awo_manager), world, **{"client-residence_status": "invented"}
    )
    world.case.client.refresh_from_db()
    assert response.status_code == 400 and world.case.client.residence_status == "other"


def test_a_history_entry_cannot_be_changed_through_the_model(world):
    world.case.legal_hold = True
    world.case.save()
    change = FieldChange.objects.get(field="legal_hold")
    change.new_value = "0"
    with pytest.raises(AppendOnlyError):
        change.save()


def test_the_history_cannot_be_deleted_through_a_queryset(world):
    world.case.legal_hold = True
    world.case.save()
    with pytest.raises(AppendOnlyError):
        FieldChange.objects.all().delete()


def test_the_database_refuses_to_rewrite_the_history(world):
    world.case.legal_hold = True
    world.case.save()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE cases_fieldchange SET new_value = ''")


def test_the_database_refuses_to_delete_the_history_outside_an_anonymisation(world):
    world.case.legal_hold = True
    world.case.save()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_fieldchange")


def test_anonymisation_removes_the_history_of_the_case_and_its_client(world):
    world.case.client.first_name = "Amira"
    world.case.client.save()
    world.case.transition(Case.Status.CLOSED, reason="moved_away")
    world.case.save()
    anonymise_case(world.case, reason="retention")
    assert not FieldChange.objects.exists()


def test_key_rotation_re_encrypts_the_history_with_the_new_key(world, settings):
    from cryptography.fernet import Fernet
    from django.core.management import call_command

    from ankommen.core.crypto import _keys

    derived = _keys()[0].decode()
    new = Fernet.generate_key().decode()
    world.case.client.first_name = "Amira"
    world.case.client.save()
    settings.CASES_ENCRYPTION_KEYS = [new, derived]
    call_command("rotate_case_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.CASES_ENCRYPTION_KEYS = [new]
    change = FieldChange.objects.get(field="first_name")
    assert (change.old_value, change.new_value) == ("Amina", "Amira")


def test_key_rotation_cannot_be_used_to_rewrite_who_changed_a_field(world):
    world.case.legal_hold = True
    world.case.save()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL ankommen.rotating_keys = 'on'")
        cursor.execute("UPDATE cases_fieldchange SET username = 'someone else'")


def test_a_changed_set_of_legal_domains_is_recorded_as_before_and_after(world, verified_for):
    from ankommen.cases.history import acting_as
    from ankommen.cases.models import LegalDomain

    LegalDomain.objects.ensure_standard()
    world.case.legal_domains.set(LegalDomain.objects.filter(code="SGB II"))
    with acting_as(world.awo_manager):
        world.case.legal_domains.add(LegalDomain.objects.get(code="AufenthG"))
    change = FieldChange.objects.filter(field="legal_domains").first()
    assert (change.username, change.old_value, change.new_value) == (
        "amelie",
        "SGB II",
        "AufenthG, SGB II",
    )


def test_a_client_language_added_on_the_case_page_is_recorded(world, verified_for):
    from ankommen.mediation.tests.factories import MediationLanguageFactory

    arabic = MediationLanguageFactory(code="ar", name_de="Arabisch", name_en="Arabic")
    change_residence(verified_for(world.awo_manager), world, **{"client-languages": [arabic.pk]})
    change = FieldChange.objects.get(field="languages")
    assert (change.old_value, change.new_value) == ("", str(arabic))


def test_the_art_15_export_contains_the_history_of_the_client(world, verified_for):
    from ankommen.cases.services import client_export

    change_residence(verified_for(world.awo_manager), world)
    history = client_export(world.case.client)["history"]
    assert [(h["old"], h["new"], h["by"]) for h in history] == [
        ("other or unknown", "settlement permit", "amelie")
    ]


def test_a_case_manager_of_another_organisation_cannot_change_the_client(world, verified_for):
    response = change_residence(verified_for(world.caritas_manager), world)
    world.case.client.refresh_from_db()
    assert (response.status_code, world.case.client.residence_status) == (404, "other")


def test_the_client_of_an_anonymised_case_cannot_be_changed(world, verified_for):
    world.case.transition(Case.Status.CLOSED, reason="moved_away")
    world.case.save()
    anonymise_case(world.case, reason="retention")
    change_residence(verified_for(world.awo_manager), world)
    world.case.client.refresh_from_db()
    assert world.case.client.residence_status == "other"


def test_changing_the_client_answers_get_with_405(world, verified_for):
    response = verified_for(world.awo_manager).get(url("case_client", world, pk=world.case.pk))
    assert response.status_code == 405
