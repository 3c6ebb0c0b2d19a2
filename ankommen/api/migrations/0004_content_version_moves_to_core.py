"""The API's content versions are core's now (core 0004 copied its numbers)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0003_rate_counts_shared_by_workers"),
        ("core", "0004_one_content_version_per_region"),
    ]

    operations = [
        migrations.DeleteModel(name="ContentVersion"),
    ]
