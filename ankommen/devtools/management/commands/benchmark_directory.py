"""Benchmark, not a test: a filtered full-text directory search (2 concurrent clients) and
the directory page, timed on the synthetic regions (2,000 offers each)."""

from __future__ import annotations

import io
import random
import statistics
import threading
import time

from django.core.management.base import BaseCommand
from django.db import connection, connections
from django.test import Client, override_settings

from ankommen.core.models import Area
from ankommen.devtools.synthetic import generate
from ankommen.devtools.synthetic.core import synthetic_regions
from ankommen.directory.models import Offer
from ankommen.directory.public_views import concepts_for
from ankommen.directory.search import search

QUERIES = [
    "Deutschkurs",
    "Migrationsberatung",
    "Mietführerschein",
    "Schuldnerberatug",
    "German course",
    "Sprachcafe",
    "homework help",
    "DRK",
]


ANALYZED = [
    "directory_offer",
    "directory_offertranslation",
    "directory_place",
    "directory_offer_places",
    "directory_offer_areas",
    "directory_offer_languages",
    "directory_offer_fields_of_action",
    "directory_offer_target_groups",
    "directory_offer_audiences",
    "directory_openinghours",
    "core_area",
]


def load() -> str:
    """The load average beside each figure: the benchmark machine may be shared."""
    try:
        with open("/proc/loadavg", encoding="ascii") as file:
            return "load " + " ".join(file.read().split()[:3])
    except OSError:
        return "load unknown"


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] * 1000


class Command(BaseCommand):
    help = (
        "Times the filtered full-text search (p95, 2 concurrent clients) and the directory "
        "page (p95) over N synthetic regions of 2,000 offers; creates missing regions and "
        "offers first (not the other modules' synthetic data)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--regions", type=int, default=400)
        parser.add_argument("--requests", type=int, default=200)

    def handle(self, *args, regions: int, requests: int, **options):
        started = time.perf_counter()
        # Only what a directory search reads: the regions (core) and their offers. The other
        # modules' synthetic data (`ankommen generate_synthetic`) plays no part here.
        generate(count=regions, stdout=io.StringIO(), only=("core", "directory"))
        if connection.vendor == "postgresql":
            # Bulk-created rows leave the planner's statistics behind until autovacuum
            # catches up; with stale counts it hashes whole tables for a 20-row prefetch.
            with connection.cursor() as cursor:
                for table in ANALYZED:
                    cursor.execute(f"ANALYZE {table}")
        total = Offer.objects.count()
        self.stdout.write(
            f"{regions} synthetic regions, {total} offers in all on {connection.vendor} "
            f"(setup {time.perf_counter() - started:.0f} s)"
        )
        slugs = list(synthetic_regions().order_by("slug").values_list("slug", flat=True))
        rng = random.Random(7)  # noqa: S311  (repeatable benchmark)
        cases = []
        for _ in range(requests):
            region = synthetic_regions().get(slug=rng.choice(slugs[:regions]))
            town = rng.choice(list(Area.objects.filter(region=region, kind="municipality")))
            cases.append((region, town, rng.choice(QUERIES)))

        samples: list[float] = []
        lock = threading.Lock()

        def client(part):
            try:
                for region, town, query in part:
                    begin = time.perf_counter()
                    found, _parsed = search(
                        Offer.objects.public()
                        .filter(region=region)
                        .filter(pk__in=Offer.objects.serving(town).values("pk")),
                        query,
                        concepts_for(region),
                        "de",
                    )
                    list(found[:20])
                    with lock:
                        samples.append(time.perf_counter() - begin)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=client, args=(cases[i::2],)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.stdout.write(
            f"filtered full-text search, 2 clients: p95 {p95(samples):.1f} ms, "
            f"median {statistics.median(samples) * 1000:.1f} ms ({len(samples)} searches, {load()})"
        )

        browser = Client()
        pages = []
        # One client sends every search: the per-address search limit would answer 429
        # after SEARCH_RATE_LIMIT_PER_MINUTE of them, so it is off here, as in bench-api.
        with override_settings(SEARCH_RATE_LIMIT_PER_MINUTE=0):
            for region, town, query in cases:
                begin = time.perf_counter()
                response = browser.get(
                    f"/{region.slug}/de/angebote/",
                    {"area": town.pk, "q": query},
                    HTTP_HOST="127.0.0.1",
                )
                pages.append(time.perf_counter() - begin)
                assert response.status_code == 200, response.status_code  # noqa: S101
        self.stdout.write(
            f"directory page (search + town filter, 20 results): p95 {p95(pages):.1f} ms, "
            f"median {statistics.median(pages) * 1000:.1f} ms ({len(pages)} pages, {load()})"
        )
