import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ankommen.core.models import Region
from ankommen.monitoring.genesis import DATABASES, GenesisClient, GenesisError
from ankommen.monitoring.imports import import_statistics
from ankommen.monitoring.models import Indicator
from ankommen.monitoring.statfiles import StatisticsFileError


class Command(BaseCommand):
    help = (
        "Fetches one table as flat file CSV from a GENESIS web service (destatis, regio, "
        "ldbnrw, zensus) and imports it into the indicators of one region, exactly like "
        "import_statistics: all or nothing, unchanged values left alone. The table's "
        "“Updated” date becomes the Stand of its values. Credentials come from the settings "
        "(ANKOMMEN_GENESIS) or GENESIS_<DATABASE>_USERNAME/_PASSWORD; large tables are "
        "fetched as a job."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", required=True, choices=sorted(DATABASES))
        parser.add_argument("--table", required=True, help="table code, e.g. 12411-01-01-4")
        parser.add_argument("--region", required=True, help="slug of the region")
        parser.add_argument("--indicator", help="slug of the indicator to import into")
        parser.add_argument(
            "--regional-key",
            default="",
            help="official keys to fetch, comma-separated, * as wildcard (e.g. 05754*)",
        )
        parser.add_argument("--regional-variable", default="", help="e.g. KREISE or GEMEIN")
        parser.add_argument("--start-year", default="")
        parser.add_argument("--end-year", default="")
        parser.add_argument("--skip-unknown-areas", action="store_true")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        region = Region.objects.filter(slug=options["region"]).first()
        if region is None:
            raise CommandError(f"unknown region “{options['region']}”")
        indicator = None
        if options["indicator"]:
            indicator = Indicator.objects.filter(region=region, slug=options["indicator"]).first()
            if indicator is None:
                raise CommandError(f"unknown indicator “{options['indicator']}”")
        table = options["table"]
        client = GenesisClient.for_database(options["database"])
        try:
            metadata = client.table_metadata(table)
            data = client.tablefile(
                table,
                regionalkey=options["regional_key"],
                regionalvariable=options["regional_variable"],
                startyear=options["start_year"],
                endyear=options["end_year"],
            )
        except GenesisError as error:
            raise CommandError(f"{options['database']} {table}: {error}") from None
        self.stdout.write(f"{options['database']} {table}: fetched {len(data)} bytes")
        try:
            result = import_statistics(
                region=region,
                data=data,
                file_name=f"{table}_flat.csv",
                indicator=indicator,
                skip_unknown_areas=options["skip_unknown_areas"],
                stand=updated_of(metadata),
                source_database=options["database"],
                dry_run=options["dry_run"],
            )
        except StatisticsFileError as error:
            raise CommandError(f"{table}: {error} – nothing imported") from None
        self.stdout.write(
            f"{table}: {result.created} added, {result.updated} changed, "
            f"{result.unchanged} unchanged, {result.skipped} skipped"
        )
        for message in result.messages:
            self.stdout.write(f"{table}: {message}")


def updated_of(metadata: dict) -> datetime.datetime | None:
    """“31.03.2025 11:18:07h” → an aware datetime."""
    text = str(metadata.get("Updated", "")).rstrip("h").strip()
    for pattern in ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y"):
        try:
            return timezone.make_aware(datetime.datetime.strptime(text, pattern))
        except ValueError:
            continue
    return None
