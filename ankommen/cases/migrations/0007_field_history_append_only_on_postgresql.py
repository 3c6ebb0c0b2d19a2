"""The field history refuses UPDATE and DELETE in the database itself (PostgreSQL), with
two announced exceptions (SET LOCAL inside the transaction):

- `ankommen.purging_history = 'on'`: anonymisation deletes the history of what it
  anonymises (FieldChangeQuerySet.purge_for_anonymisation), since old names are personal
  data;
- `ankommen.rotating_keys = 'on'`: key rotation rewrites the two encrypted values and
  nothing else (FieldChangeQuerySet.reencrypt); every other column must stay as it was."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION cases_fieldchange_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND coalesce(current_setting('ankommen.purging_history', true), '') = 'on' THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE'
       AND coalesce(current_setting('ankommen.rotating_keys', true), '') = 'on'
       AND (NEW.id, NEW.at, NEW.user_id, NEW.username, NEW.model, NEW.object_id,
            NEW.case_id, NEW.client_id, NEW.field)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.at, OLD.user_id, OLD.username, OLD.model, OLD.object_id,
            OLD.case_id, OLD.client_id, OLD.field) THEN
        RETURN NEW;
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
