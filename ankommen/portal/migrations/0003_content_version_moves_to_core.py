"""The portal's content version is core's now (core 0004 copied its numbers)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_content_version_per_region"),
        ("core", "0004_one_content_version_per_region"),
    ]

    operations = [
        migrations.DeleteModel(name="ContentVersion"),
    ]
