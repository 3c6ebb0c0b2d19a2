from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ankommen.core.models import Region
from ankommen.directory.relevance import score


class Command(BaseCommand):
    help = (
        "Scores the directory search against the relevance set (MRR, recall@3) on a region "
        "with the demo data loaded (default kreis-guetersloh)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--region", default="kreis-guetersloh")
        parser.add_argument("--verbose-results", action="store_true")

    def handle(self, *args, region: str, verbose_results: bool, **options):
        region_obj = Region.objects.filter(slug=region).first()
        if region_obj is None:
            raise CommandError(f"no region {region}; run `ankommen load_demo` first")
        mrr, recall, results = score(region_obj)
        languages = sorted({r.language for r in results})
        for result in results:
            if verbose_results or not result.rank or result.rank > 3:
                self.stdout.write(
                    f"rank {result.rank}: [{result.language}] {result.query} → {result.top}"
                )
        self.stdout.write(
            f"{len(results)} queries in {len(languages)} languages ({', '.join(languages)}) "
            f"on {connection.vendor}: MRR {mrr:.3f}, recall@3 {recall:.3f}"
        )
