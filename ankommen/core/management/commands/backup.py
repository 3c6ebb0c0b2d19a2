"""`ankommen backup DIR [--key-ring-to FILE]`: database, uploaded files and a manifest into
a new directory; the key ring, when asked, into a file of its own elsewhere."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ankommen.core.backup import BackupError, backup, write_key_ring


class Command(BaseCommand):
    help = (
        "Backs up the PostgreSQL database (pg_dump, custom format), MEDIA_ROOT and a "
        "manifest with every table's row count into the new directory DIR. With "
        "--key-ring-to FILE also writes the key ring (ANKOMMEN_CASES_KEYS, "
        "ANKOMMEN_CASES_INDEX_KEY) to FILE, mode 0600, which must lie outside DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--key-ring-to", type=Path, dest="key_ring")

    def handle(self, *args, directory: Path, key_ring: Path | None, **options):
        try:
            if key_ring is not None:
                # Checked first: a refused key ring path must not leave half a backup.
                write_key_ring(key_ring, backup_dir=directory)
            manifest = backup(directory)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["tables"].values())
        self.stdout.write(f"database: {len(manifest['tables'])} tables, {rows} rows")
        self.stdout.write(f"backup: {directory}")
        if key_ring is not None:
            self.stdout.write(f"key ring: {key_ring} (keep it apart from the backup)")
