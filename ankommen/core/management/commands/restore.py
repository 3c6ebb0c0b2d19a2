"""`ankommen restore DIR`: a backup of `ankommen backup` into a fresh database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ankommen.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restores the backup in DIR into the configured database, which must be empty "
        "(createdb a fresh one), and into an empty MEDIA_ROOT. Put the key ring saved with "
        "the backup into ANKOMMEN_CASES_KEYS and ANKOMMEN_CASES_INDEX_KEY first. Then "
        "proves the restore: every table's row count as saved, encrypted case data readable."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options):
        try:
            restored = restore(directory)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"restored: {restored.tables} tables, {restored.rows} rows, as in the backup"
        )
        self.stdout.write(f"decrypted: {restored.decrypted} encrypted values read back")
