import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ankommen.core.models import Region
from ankommen.monitoring.imports import import_statistics
from ankommen.monitoring.models import Indicator
from ankommen.monitoring.statfiles import StatisticsFileError


class Command(BaseCommand):
    help = (
        "Imports official statistics files into the indicators of one region (--region): "
        "GENESIS flat file CSV (current English or older German header), classic "
        "“GENESIS-Tabelle” CSV (UTF-8 or latin-1) or a zip holding one of them. Each row's "
        "value variable picks the indicator (its value variable code or label), its official "
        "key picks the area among the region's areas and the comparison areas (OWL, NRW). "
        "Each file is imported all or nothing: the first problem is reported with its line "
        "and nothing of that file is written. Values already stored unchanged are left "
        "alone, so importing a file twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument(
            "--region", required=True, help="slug of the region, e.g. kreis-guetersloh"
        )
        parser.add_argument(
            "--indicator",
            help="slug of the indicator to import every value into (default: by value variable)",
        )
        parser.add_argument(
            "--skip-unknown-areas",
            action="store_true",
            help="leave out (and list) rows whose area key is not one of the region's areas or "
            "comparison areas, instead of refusing the file",
        )
        parser.add_argument(
            "--stand",
            help="the table's “Stand” as YYYY-MM-DD or YYYY-MM-DDTHH:MM, for flat files, which "
            "do not carry it",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, but write nothing"
        )

    def handle(self, *args, files, region, indicator, skip_unknown_areas, stand, dry_run, **o):
        region_obj = Region.objects.filter(slug=region).first()
        if region_obj is None:
            raise CommandError(f"unknown region “{region}”")
        indicator_obj = None
        if indicator:
            indicator_obj = Indicator.objects.filter(region=region_obj, slug=indicator).first()
            if indicator_obj is None:
                raise CommandError(f"{region}: unknown indicator “{indicator}”")
        stand_value = None
        if stand:
            try:
                stand_value = timezone.make_aware(datetime.datetime.fromisoformat(stand))
            except ValueError:
                raise CommandError(f"--stand {stand}: not a date or date and time") from None
        failed = False
        for path in files:
            try:
                data = path.read_bytes()
            except OSError as error:
                raise CommandError(f"{path}: {error.strerror}") from None
            try:
                result = import_statistics(
                    region=region_obj,
                    data=data,
                    file_name=path.name,
                    indicator=indicator_obj,
                    skip_unknown_areas=skip_unknown_areas,
                    stand=stand_value,
                    dry_run=dry_run,
                )
            except StatisticsFileError as error:
                self.stderr.write(f"{path}: {error} – nothing imported")
                failed = True
                continue
            prefix = "checked (dry run)" if dry_run else "imported"
            self.stdout.write(
                f"{path}: {prefix} {result.rows_read} rows: {result.created} added, "
                f"{result.updated} changed, {result.unchanged} unchanged, "
                f"{result.skipped} skipped"
            )
            for message in result.messages:
                self.stdout.write(f"{path}: {message}")
        if failed:
            raise CommandError("some files were not imported; see above")
