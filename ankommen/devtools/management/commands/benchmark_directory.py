"""Benchmark, not a test: a filtered full-text directory search and the one search (pages,
offers, events, places, glossary; 2 concurrent clients each) and the directory page, timed on
the synthetic regions (2,000 offers each); with --demo, the one search on the demo region of
whatever database it runs on (the SQLite demo's target)."""

from __future__ import annotations

import io
import random
import statistics
import threading
import time
import tomllib

from django.core.management.base import BaseCommand
from django.db import connection, connections
from django.test import Client, override_settings

from ankommen.core.models import Area, Language, Region
from ankommen.devtools.synthetic import generate
from ankommen.devtools.synthetic.core import synthetic_regions
from ankommen.directory.filters import concepts_for
from ankommen.directory.models import Offer
from ankommen.directory.search import search
from ankommen.search.engine import one_search
from ankommen.search.relevance import QUERIES as RELEVANCE_QUERIES

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
        parser.add_argument(
            "--no-setup",
            action="store_true",
            help="Read the synthetic regions as they are: no generating, no ANALYZE (for a "
            "database that others keep).",
        )
        parser.add_argument(
            "--demo",
            default="",
            metavar="REGION",
            help="Instead: time the one search and its page on this demo region (for example "
            "kreis-guetersloh, after `ankommen load_demo`) with the relevance set's queries.",
        )

    def handle(self, *args, regions: int, requests: int, no_setup: bool, demo: str, **options):
        if demo:
            self.demo(demo, requests)
            return
        started = time.perf_counter()
        # Only what a directory search reads: the regions (core) and their offers. The other
        # modules' synthetic data (`ankommen generate_synthetic`) plays no part here.
        if not no_setup:
            generate(count=regions, stdout=io.StringIO(), only=("core", "directory"))
        if connection.vendor == "postgresql" and not no_setup:
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

        german = Language.objects.get(code="de")
        for label in ("first search in its region (corpus built)", "again (corpus in memory)"):
            timed = self.concurrently(
                [(region, query) for region, _town, query in cases],
                lambda region, query: one_search(region, german, query),
            )
            self.stdout.write(
                f"one search, {label}, 2 clients: p95 {p95(timed):.1f} ms, "
                f"median {statistics.median(timed) * 1000:.1f} ms ({len(timed)} searches, {load()})"
            )

        self.pages(cases)

    def concurrently(self, cases, run) -> list[float]:
        """Runs `run(*case)` for every case from 2 threads with their own connections."""
        samples: list[float] = []
        lock = threading.Lock()

        def client(part):
            try:
                for case in part:
                    begin = time.perf_counter()
                    run(*case)
                    with lock:
                        samples.append(time.perf_counter() - begin)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=client, args=(cases[i::2],)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return samples

    def demo(self, slug: str, rounds: int) -> None:
        """The one search on a demo region: every relevance-set query, one client (the
        embedded SQLite database serves one writer), the function and the page."""
        region = Region.objects.get(slug=slug)
        languages = {language.code: language for language in region.languages.all()}
        entries = tomllib.loads(RELEVANCE_QUERIES.read_text(encoding="utf-8"))["query"]
        cases = [(languages[e["lang"]], e["q"]) for e in entries]
        one_search(region, languages["de"], "warm")  # the corpus, as after the first visitor
        timed, cpu = [], []
        for _ in range(max(1, rounds // len(cases))):
            for language, query in cases:
                begin, begin_cpu = time.perf_counter(), time.thread_time()
                one_search(region, language, query)
                timed.append(time.perf_counter() - begin)
                cpu.append(time.thread_time() - begin_cpu)
        # CPU time of this thread beside the wall clock: on a shared machine the wall clock
        # measures the other processes too (SQLite runs inside this thread).
        self.stdout.write(
            f"one search on {slug} ({connection.vendor}): p95 {p95(timed):.1f} ms, median "
            f"{statistics.median(timed) * 1000:.1f} ms; CPU time p95 {p95(cpu):.1f} ms, "
            f"median {statistics.median(cpu) * 1000:.1f} ms ({len(timed)} searches, {load()})"
        )
        browser = Client()
        pages = []
        with override_settings(SEARCH_RATE_LIMIT_PER_MINUTE=0):
            for language, query in cases:
                begin = time.perf_counter()
                response = browser.get(
                    f"/{slug}/{language.code}/suche/", {"q": query}, HTTP_HOST="127.0.0.1"
                )
                pages.append(time.perf_counter() - begin)
                assert response.status_code == 200, response.status_code  # noqa: S101
        self.stdout.write(
            f"one search page on {slug} ({connection.vendor}): p95 {p95(pages):.1f} ms, median "
            f"{statistics.median(pages) * 1000:.1f} ms ({len(pages)} pages, {load()})"
        )

    def pages(self, cases) -> None:
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
