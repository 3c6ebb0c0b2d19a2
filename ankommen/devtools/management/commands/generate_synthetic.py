from django.core.management.base import BaseCommand, CommandError

from ankommen.devtools.synthetic import generate


class Command(BaseCommand):
    help = (
        "Creates synthetic regions of realistic size for benchmarks: synth-0001 … synth-NNNN, "
        "each a Kreis with 10-14 towns, 3-8 quarters per town and about 60 organisations, "
        "then each module's synthetic data for them. Regions that exist already are kept, so "
        "running it again only adds what is missing. Never touches real regions."
    )

    def add_arguments(self, parser):
        parser.add_argument("--regions", type=int, required=True, help="number of regions")

    def handle(self, *args, regions: int, **options):
        if not 1 <= regions <= 999:
            raise CommandError("--regions must be between 1 and 999")
        generate(count=regions, stdout=self.stdout)
