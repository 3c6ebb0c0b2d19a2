"""The audit log as the case pages write it: one entry per read, logins without passwords,
and no entry can be changed or deleted (model and database)."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from ankommen.cases.models import AppendOnlyError, Case
from ankommen.cases.tests.conftest import url
from ankommen.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_opening_a_case_writes_one_read_entry(world, verified_for):
    verified_for(world.awo_manager).get(url("detail", world, pk=world.case.pk))
    entries = AuditEntry.objects.filter(action="view", case_id=world.case.pk)
    assert entries.count() == 1
    assert entries.get().user_id == world.awo_manager.pk and entries.get().ip == "127.0.0.1"


def test_audit_entries_cannot_be_changed_or_deleted_through_the_model(world):
    entry = AuditEntry.objects.create(action="view", username="x")
    entry.username = "y"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().update(username="z")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigger on PostgreSQL only")
def test_database_trigger_refuses_update_and_delete_of_audit_entries(world):
    entry = AuditEntry.objects.create(action="view", username="x")
    for sql in (
        "UPDATE core_auditentry SET username = 'y' WHERE id = %s",
        "DELETE FROM core_auditentry WHERE id = %s",
    ):
        with (
            pytest.raises(Exception, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).username == "x"


def test_logins_and_failed_logins_are_in_the_audit_log_without_passwords(world, client):
    client.post("/admin/login/", {"username": "amelie", "password": "wrong-password"})
    client.post("/admin/login/", {"username": "amelie", "password": "correct horse battery staple"})
    entries = AuditEntry.objects.filter(action="login")
    assert entries.filter(detail__result="failed", detail__attempted_username="amelie").exists()
    assert entries.filter(detail__result="login", user_id=world.awo_manager.pk).exists()
    assert "wrong-password" not in str(list(entries.values("detail")))


def test_the_nightly_anonymisation_is_audited_as_the_command_without_a_person(world):
    world.case.transition(Case.Status.CLOSED, reason="goals_achieved", on=date(2015, 1, 5))
    world.case.save()
    call_command("anonymise_closed_cases", stdout=StringIO())
    entry = AuditEntry.objects.get(action="anonymise", case_id=world.case.pk)
    assert (entry.user_id, entry.path) == (None, "anonymise_closed_cases")
