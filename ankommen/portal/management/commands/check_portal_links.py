from django.core.management.base import BaseCommand, CommandError

from ankommen.core.models import Region
from ankommen.portal.links import check_external_links


class Command(BaseCommand):
    help = (
        "Checks every external link in a region's portal pages over HTTP; broken ones are "
        "listed on the editors' translation boards."
    )

    def add_arguments(self, parser):
        parser.add_argument("region", help="the region's slug, e.g. kreis-guetersloh")
        parser.add_argument("--timeout", type=float, default=10.0)

    def handle(self, *args, region: str, timeout: float, **options):
        region_obj = Region.objects.filter(slug=region).first()
        if region_obj is None:
            raise CommandError(f"unknown region “{region}”")
        broken = check_external_links(region_obj, timeout=timeout, stdout=self.stdout)
        self.stdout.write(f"{broken} broken link(s)")
