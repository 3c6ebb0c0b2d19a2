"""The field history refuses UPDATE in the database itself (PostgreSQL), and DELETE too,
except inside a transaction that has announced an anonymisation with
`SET LOCAL ankommen.purging_history = 'on'` (FieldChangeQuerySet.purge_for_anonymisation):
old names are personal data and must go when the case is anonymised."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION cases_fieldchange_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND coalesce(current_setting('ankommen.purging_history', true), '') = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'cases_fieldchange is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cases_fieldchange_append_only
    BEFORE UPDATE OR DELETE ON cases_fieldchange
    FOR EACH ROW EXECUTE FUNCTION cases_fieldchange_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS cases_fieldchange_append_only ON cases_fieldchange;
DROP FUNCTION IF EXISTS cases_fieldchange_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_field_history")]

    operations = [migrations.RunPython(forwards, backwards)]
