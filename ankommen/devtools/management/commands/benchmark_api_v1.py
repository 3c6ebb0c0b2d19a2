"""Benchmark, not a test: times every v1 list endpoint in-process."""

from __future__ import annotations

import statistics
import time

from django.core import signals
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections, connection
from django.test import Client
from django.test.utils import override_settings

from ankommen.core.models import Area, Region
from ankommen.directory.models import Offer


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = (
        "Benchmark, not a test: requests every /api/v1/ list endpoint of one region "
        "--requests times through Django's test client (in-process, no HTTP server, rate "
        "limit off) and prints status, size, queries, p50 and p99 in ms. Load regions first, "
        "e.g. `ankommen generate_synthetic --regions 400`. The HTTP figures at 16 "
        "connections come from the wrk harness."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", default="synth-0001", help="Region slug.")
        parser.add_argument("--requests", type=int, default=200)

    def handle(self, *args, region: str, requests: int, **options) -> None:
        found = Region.objects.filter(slug=region).first()
        if found is None:
            raise CommandError(f"There is no region {region!r}; load it first.")
        base = f"/api/v1/regions/{found.slug}"
        code = found.default_language.code
        town = Area.objects.filter(region=found, kind=Area.Kind.MUNICIPALITY).first()
        paths = [
            "/api/v1/regions/",
            f"{base}/areas/",
            "/api/v1/languages/",
            f"{base}/languages/",
            f"{base}/{code}/organisations/",
            f"{base}/{code}/pages/",
            f"{base}/{code}/offers/",
            f"{base}/{code}/offers/?page=50",
            f"{base}/{code}/offers/?q=beratung",
            f"{base}/{code}/offers/?q=sprachkurs&page_size=100",
            f"{base}/places/",
            f"{base}/{code}/events/",
            f"{base}/{code}/indicators/",
        ]
        if town is not None:
            paths.insert(8, f"{base}/{code}/offers/?area={town.pk}")
        self.stdout.write(
            f"{found.slug}: {Offer.objects.filter(region=found).count()} offers; "
            f"{Region.objects.count()} regions, {Offer.objects.count()} offers installed"
        )
        self.stdout.write(f"{'path':70} status   bytes queries   p50 ms   p99 ms")
        client = Client()
        # As under gunicorn with persistent connections (DATABASE_CONN_MAX_AGE), not a new
        # database connection per request.
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        with override_settings(API_RATE_LIMIT_PER_MINUTE=0, ALLOWED_HOSTS=["testserver"]):
            for path in paths:
                for _ in range(5):
                    client.get(path)
                queries: list[str] = []

                def count(execute, sql, params, many, context, queries=queries):
                    queries.append(sql)
                    return execute(sql, params, many, context)

                with connection.execute_wrapper(count):
                    response = client.get(path)
                samples = []
                for _ in range(requests):
                    start = time.perf_counter()
                    client.get(path)
                    samples.append((time.perf_counter() - start) * 1000)
                self.stdout.write(
                    f"{path.removeprefix(base):70} {response.status_code:6} "
                    f"{len(response.content):7} {len(queries):7} "
                    f"{statistics.median(samples):8.1f} {_percentile(samples, 0.99):8.1f}"
                )
