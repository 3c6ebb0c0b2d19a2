from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ankommen.core.inputs import InputRefused, load_json, max_bytes, too_large
from ankommen.core.models import Region
from ankommen.directory.hsds.importer import HSDSImportError, import_document


class Command(BaseCommand):
    help = "Imports an HSDS 3.0 JSON document into a region; validated first, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--region", required=True)

    def handle(self, *args, file: Path, region: str, **options):
        region_obj = Region.objects.filter(slug=region).first()
        if region_obj is None:
            raise CommandError(f"unknown region {region}")
        try:
            if file.stat().st_size > max_bytes():
                raise InputRefused(too_large())
            document = load_json(file.read_text(encoding="utf-8"))
            created, updated = import_document(region_obj, document)
        except (OSError, ValueError, InputRefused) as error:
            raise CommandError(f"{file}: {error}; nothing imported") from None
        except HSDSImportError as error:
            raise CommandError(
                "\n".join(f"{file}: {problem}" for problem in error.problems) + "\nnothing imported"
            ) from None
        self.stdout.write(f"directory: {created} offers created, {updated} updated")
