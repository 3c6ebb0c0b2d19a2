"""On PostgreSQL: the trigram index covers (region, search document) instead of the
document alone, through btree_gin (created by 0003).

With hundreds of regions, a common word ("deutschkurs") has tens of thousands of trigram
postings across all regions; a region-scoped index finds one region's matches without
reading them, and typo matching (`%>`) stays within the region too."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS directory_offer_region_trgm "
        "ON directory_offer USING gin (region_id, search_document gin_trgm_ops)"
    )
    schema_editor.execute("DROP INDEX IF EXISTS directory_offer_search_trgm")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS directory_offer_search_trgm "
        "ON directory_offer USING gin (search_document gin_trgm_ops)"
    )
    schema_editor.execute("DROP INDEX IF EXISTS directory_offer_region_trgm")


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_offer_full_text_per_language")]

    operations = [migrations.RunPython(forwards, backwards)]
