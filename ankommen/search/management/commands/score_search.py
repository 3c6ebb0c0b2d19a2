from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ankommen.core.models import Region
from ankommen.search.relevance import score


class Command(BaseCommand):
    help = (
        "Scores the one search (pages, offers, events, places, glossary) against its "
        "relevance set: MRR and recall@3 per language and in all, on the database it runs "
        "on, for a region with the demo data loaded (default kreis-guetersloh)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--region", default="kreis-guetersloh")
        parser.add_argument("--verbose-results", action="store_true")

    def handle(self, *args, region: str, verbose_results: bool, **options):
        region_obj = Region.objects.filter(slug=region).first()
        if region_obj is None:
            raise CommandError(f"no region {region}; run `ankommen load_demo` first")
        total, by_language, results = score(region_obj)
        for result in results:
            if verbose_results or not result.rank or result.rank > 3:
                self.stdout.write(
                    f"rank {result.rank}: [{result.language}] {result.query} → {result.top}"
                )
        for code, part in by_language.items():
            self.stdout.write(
                f"{code:8} {part.queries:4} queries: MRR {part.mrr:.3f}, recall@3 {part.recall:.3f}"
            )
        self.stdout.write(
            f"{total.queries} queries in {len(by_language)} languages on {connection.vendor}: "
            f"MRR {total.mrr:.3f}, recall@3 {total.recall:.3f}"
        )
