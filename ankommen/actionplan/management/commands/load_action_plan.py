from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ankommen.actionplan.demo import load_plan
from ankommen.core.loader import DataFileError
from ankommen.core.models import Region


class Command(BaseCommand):
    help = (
        "Creates or updates the action plan of one region from a directory holding plan.toml "
        "(adoption date, extra organisations, steering-group reports) and fields/*.toml (one "
        "file per field of action: challenges, recommendations, sub-steps, reports), in the "
        "format of ankommen/actionplan/demo/kreis_guetersloh/. Idempotent and all or nothing: "
        "an error names the file and line, and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("region", help="slug of the region, for example kreis-guetersloh")
        parser.add_argument("directory", type=Path)

    def handle(self, *args, region: str, directory: Path, **options):
        region_obj = Region.objects.filter(slug=region).first()
        if region_obj is None:
            raise CommandError(f"no region “{region}”")
        if not directory.is_dir():
            raise CommandError(f"{directory}: not a directory")
        try:
            counts = load_plan(region_obj, directory)
        except DataFileError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"actionplan: {counts['challenges']} challenges, {counts['recommendations']} "
            f"recommendations, {counts['steps']} sub-steps, {counts['reports']} reports "
            f"for {region_obj.name}"
        )
