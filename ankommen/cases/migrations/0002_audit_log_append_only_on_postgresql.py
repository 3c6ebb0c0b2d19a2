"""The audit log refuses UPDATE and DELETE in the database itself (PostgreSQL), so not
even code that bypasses the model, or a person at the SQL prompt with the application's
role, can rewrite history. The model refuses them on every database."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION cases_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'cases_auditentry is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cases_auditentry_append_only
    BEFORE UPDATE OR DELETE ON cases_auditentry
    FOR EACH ROW EXECUTE FUNCTION cases_auditentry_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS cases_auditentry_append_only ON cases_auditentry;
DROP FUNCTION IF EXISTS cases_auditentry_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_clients_cases_consents_referrals_audit_log")]

    operations = [migrations.RunPython(forwards, backwards)]
