"""One audit log (issue 14): every entry of the case audit log moves to core.AuditEntry,
which already took the account events (core 0004), with its time, person, action, record,
case, client, path, address and detail unchanged. Backwards moves them back (and the
append-only trigger with them)."""

from django.db import migrations

ACCOUNT_ACTIONS = ("role_granted", "role_removed", "password_set", "enrolment_link")
COLUMNS = "at, user_id, username, action, model, object_id, case_id, client_id, path, ip, detail"

OLD_TRIGGER = """
CREATE OR REPLACE FUNCTION cases_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'cases_auditentry is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cases_auditentry_append_only
    BEFORE UPDATE OR DELETE ON cases_auditentry
    FOR EACH ROW EXECUTE FUNCTION cases_auditentry_append_only();
"""

DROP_OLD_TRIGGER = """
DROP TRIGGER IF EXISTS cases_auditentry_append_only ON cases_auditentry;
DROP FUNCTION IF EXISTS cases_auditentry_append_only();
"""


def move_entries_to_the_one_log(apps, schema_editor):
    schema_editor.execute(
        f"INSERT INTO core_auditentry ({COLUMNS}, subject_username, role) "
        f"SELECT {COLUMNS}, '', '' FROM cases_auditentry ORDER BY id",
        params=None,
    )


def move_entries_back(apps, schema_editor):
    accounts = ", ".join(f"'{action}'" for action in ACCOUNT_ACTIONS)
    schema_editor.execute(
        f"INSERT INTO cases_auditentry ({COLUMNS}) SELECT {COLUMNS} FROM core_auditentry "
        f"WHERE action NOT IN ({accounts}) ORDER BY id",
        params=None,
    )
    # Moved, not copied: the one log is append-only, so its trigger is held for this.
    postgresql = schema_editor.connection.vendor == "postgresql"
    if postgresql:
        schema_editor.execute(
            "ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only",
            params=None,
        )
    schema_editor.execute(
        f"DELETE FROM core_auditentry WHERE action NOT IN ({accounts})", params=None
    )
    if postgresql:
        schema_editor.execute(
            "ALTER TABLE core_auditentry ENABLE TRIGGER core_auditentry_append_only",
            params=None,
        )


def drop_old_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_OLD_TRIGGER, params=None)


def restore_old_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(OLD_TRIGGER, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0013_enrolment_nonce_of_the_authenticator"),
        ("core", "0005_one_audit_log"),
    ]

    operations = [
        migrations.RunPython(move_entries_to_the_one_log, move_entries_back),
        migrations.RunPython(drop_old_trigger, restore_old_trigger),
        migrations.DeleteModel(name="AuditEntry"),
    ]
