"""On PostgreSQL: the pg_trgm extension and a trigram GIN index on the offers' search
documents (substring LIKE and word_similarity both use it). Nothing on SQLite."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS directory_offer_search_trgm "
        "ON directory_offer USING gin (search_document gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS directory_offer_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_offers_places_events_search")]

    operations = [migrations.RunPython(forwards, backwards)]
