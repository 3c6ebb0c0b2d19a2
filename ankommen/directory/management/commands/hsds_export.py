import json
import sys

from django.core.management.base import BaseCommand, CommandError

from ankommen.core.models import Region
from ankommen.directory.hsds.export import export_region


class Command(BaseCommand):
    help = "Writes a region's directory as one HSDS 3.0 JSON document (ankommen profile)."

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True)

    def handle(self, *args, region: str, **options):
        region_obj = Region.objects.filter(slug=region).first()
        if region_obj is None:
            raise CommandError(f"unknown region {region}")
        json.dump(export_region(region_obj), sys.stdout, ensure_ascii=False, indent=1)
