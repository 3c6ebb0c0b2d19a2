from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ankommen.core.inputs import InputRefused, max_bytes, too_large
from ankommen.core.models import Region
from ankommen.directory.importers import import_offers_csv


class Command(BaseCommand):
    help = (
        "Imports offers from a CSV spreadsheet (see ankommen/directory/importers.py for the "
        "columns). Lists every bad row with its line; imports nothing if any row is bad unless "
        "--skip-bad-rows; --dry-run only checks."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--region", required=True)
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--skip-bad-rows", action="store_true")

    def handle(self, *args, file: Path, region: str, dry_run, skip_bad_rows, **options):
        region_obj = Region.objects.filter(slug=region).first()
        if region_obj is None:
            raise CommandError(f"unknown region {region}")
        try:
            if file.stat().st_size > max_bytes():
                raise CommandError(f"{file}: {too_large()} Nothing imported.")
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{file}: {error}") from None
        try:
            report = import_offers_csv(
                region_obj, text, dry_run=dry_run, skip_bad_rows=skip_bad_rows
            )
        except InputRefused as error:
            raise CommandError(f"{file}: {error}; nothing imported") from None
        for line in report.lines():
            self.stdout.write(f"{file}: {line}")
        if report.written:
            self.stdout.write(
                f"directory: {report.created} offers created, {report.updated} updated, "
                f"{report.skipped} bad rows skipped"
            )
        elif dry_run:
            self.stdout.write(f"dry run: {report.rows} rows checked, {len(report.problems)} bad")
            if report.problems:
                # A script that checks a file before importing it must see the failure.
                raise CommandError(f"dry run: {len(report.problems)} bad rows")
        else:
            raise CommandError(
                f"{len(report.problems)} bad rows; nothing imported (use --skip-bad-rows)"
            )
