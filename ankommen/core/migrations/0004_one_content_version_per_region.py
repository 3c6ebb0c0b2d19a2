"""One content version per region in core, filled from the two counters it replaces
(`portal.ContentVersion` by region id, `api.ContentVersion` by region slug): each region
keeps the higher of its two numbers, so no cache key of either ever comes round again.
The old tables are dropped by portal 0003 and api 0004."""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone


def copy_the_higher_of_both_counters(apps, schema_editor):
    Region = apps.get_model("core", "Region")
    ContentVersion = apps.get_model("core", "ContentVersion")
    PortalVersion = apps.get_model("portal", "ContentVersion")
    ApiVersion = apps.get_model("api", "ContentVersion")
    now = timezone.now()
    portal = dict(PortalVersion.objects.values_list("region_id", "number"))
    api = {row.key: row for row in ApiVersion.objects.exclude(key="")}
    rows = []
    for region_id, slug in Region.objects.values_list("pk", "slug"):
        api_row = api.get(slug)
        numbers = [portal.get(region_id, 0), api_row.version if api_row else 0]
        if not any(numbers):
            continue
        rows.append(
            ContentVersion(
                region_id=region_id,
                number=max(numbers),
                changed_at=api_row.changed_at if api_row else now,
            )
        )
    # Counters of deleted regions, kept by the portal (no cascade): the sum of all numbers
    # must not go back.
    known = {row.region_id for row in rows}
    rows.extend(
        ContentVersion(region_id=region_id, number=number, changed_at=now)
        for region_id, number in portal.items()
        if region_id not in known and number
    )
    ContentVersion.objects.bulk_create(rows)


def copy_back_to_both_counters(apps, schema_editor):
    Region = apps.get_model("core", "Region")
    ContentVersion = apps.get_model("core", "ContentVersion")
    PortalVersion = apps.get_model("portal", "ContentVersion")
    ApiVersion = apps.get_model("api", "ContentVersion")
    slugs = dict(Region.objects.values_list("pk", "slug"))
    rows = list(ContentVersion.objects.all())
    PortalVersion.objects.bulk_create(
        PortalVersion(region_id=row.region_id, number=row.number) for row in rows
    )
    ApiVersion.objects.bulk_create(
        ApiVersion(key=slugs[row.region_id], version=row.number, changed_at=row.changed_at)
        for row in rows
        if row.region_id in slugs
    )
    # The installation's version moved with every region's: their sum never goes back.
    ApiVersion.objects.create(
        key="",
        version=sum(row.number for row in rows) or 1,
        changed_at=max((row.changed_at for row in rows), default=timezone.now()),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_throttle_counts_in_the_database"),
        ("portal", "0002_content_version_per_region"),
        ("api", "0003_rate_counts_shared_by_workers"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                (
                    "region",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="core.region",
                        verbose_name="region",
                    ),
                ),
                ("number", models.PositiveBigIntegerField(default=0, verbose_name="number")),
                ("changed_at", models.DateTimeField(verbose_name="changed")),
            ],
            options={
                "verbose_name": "content version",
                "verbose_name_plural": "content versions",
            },
        ),
        migrations.RunPython(copy_the_higher_of_both_counters, copy_back_to_both_counters),
    ]
