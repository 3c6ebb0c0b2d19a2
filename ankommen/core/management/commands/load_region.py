from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ankommen.core.loader import DataFileError, load_region


class Command(BaseCommand):
    help = (
        "Creates or updates one region from a directory holding region.toml (the region, its "
        "areas and vocabularies) and optionally organisations.toml, in the format of "
        "ankommen/core/demo/kreis_guetersloh/. Idempotent and all or nothing: an error names "
        "the file and line, and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options):
        if not directory.is_dir():
            raise CommandError(f"{directory}: not a directory")
        try:
            region = load_region(directory)
        except DataFileError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"region {region.slug}: {region.areas.count()} areas, "
            f"{region.organisations.count()} organisations"
        )
