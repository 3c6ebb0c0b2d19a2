"""Tell PostgreSQL's planner that a case manager's cases lie in her organisation (and a
team's cases in its organisation). Without these statistics it multiplies the two
selectivities, expects two rows instead of hundreds, and sorts all of a manager's cases
instead of reading the first page in index order. See docs/benchmarks.md."""

from django.db import migrations

CREATE = """
CREATE STATISTICS IF NOT EXISTS cases_case_manager_organisation (dependencies, ndistinct)
    ON assigned_to_id, organisation_id FROM cases_case;
CREATE STATISTICS IF NOT EXISTS cases_case_team_organisation (dependencies, ndistinct)
    ON team_id, organisation_id FROM cases_case;
"""

DROP = """
DROP STATISTICS IF EXISTS cases_case_manager_organisation;
DROP STATISTICS IF EXISTS cases_case_team_organisation;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_legal_domains")]

    operations = [migrations.RunPython(forwards, backwards)]
