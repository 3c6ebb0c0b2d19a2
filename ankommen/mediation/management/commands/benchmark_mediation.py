"""Benchmark, not a test: how long matching takes in a large pool.

Builds a throw-away region with N mediators (languages, evidence, availability) and M past
assignments, then times `propose()` for random requests and prints p50/p95/max. Everything
runs in one transaction that is rolled back at the end, so the database is left as found —
unless `--keep` is given: then the region is committed and vacuumed (as a production
database's rows would be), and later runs with `--keep` time the kept region again without
rebuilding it (`--drop` removes it).
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ankommen.core.models import Area, Language, Organisation, Region
from ankommen.mediation.matching import propose
from ankommen.mediation.models import (
    Assignment,
    Evidence,
    MediationLanguage,
    MediationRequest,
    Mediator,
    MediatorLanguage,
    Mode,
    Setting,
    Tier,
    WeeklyAvailability,
)

REGION = "benchmark-mediation"
PROBE = "probe"


class Rollback(Exception):
    pass


def _delete_region(region: Region) -> None:
    """Remove a kept benchmark region with everything in it (children first)."""
    Assignment.objects.filter(mediator__region=region).delete()
    MediationRequest.objects.filter(region=region).delete()
    Mediator.objects.filter(region=region).delete()
    Organisation.objects.filter(region=region).delete()
    Area.objects.filter(region=region).delete()
    region.delete()


class Command(BaseCommand):
    help = "Times matching with a large synthetic pool (rolled back afterwards)."

    def add_arguments(self, parser):
        parser.add_argument("--mediators", type=int, default=10_000)
        parser.add_argument("--assignments", type=int, default=200_000)
        parser.add_argument("--languages", type=int, default=60)
        parser.add_argument("--runs", type=int, default=300)
        parser.add_argument(
            "--keep",
            action="store_true",
            help="commit the region and vacuum it; reuse a kept region instead of rebuilding",
        )
        parser.add_argument("--drop", action="store_true", help="remove a kept region and stop")

    def handle(self, *args, mediators, assignments, languages, runs, keep, drop, **options):
        self.stdout.write(f"database: {connection.vendor}")
        kept = Region.objects.filter(slug=REGION).first()
        if drop:
            if kept:
                with transaction.atomic():
                    _delete_region(kept)
                self.stdout.write("dropped the kept region")
            return
        if keep:
            self._time_kept(kept, mediators, assignments, languages, runs)
            return
        try:
            with transaction.atomic():
                started = time.perf_counter()
                _region, requests = self._build(mediators, assignments, languages, runs)
                self.stdout.write(
                    f"built {mediators} mediators, {assignments} assignments in "
                    f"{time.perf_counter() - started:.1f} s"
                )
                self._time(requests)
                raise Rollback
        except Rollback:
            self.stdout.write("rolled back: the database is as it was")

    def _time_kept(self, region, mediators, assignments, languages, runs) -> None:
        if region is None:
            started = time.perf_counter()
            with transaction.atomic():
                region, _requests = self._build(mediators, assignments, languages, runs)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE")
            self.stdout.write(
                f"built and kept {mediators} mediators, {assignments} assignments in "
                f"{time.perf_counter() - started:.1f} s"
            )
        else:
            self.stdout.write(
                f"timing the kept region: {Mediator.objects.filter(region=region).count()} "
                f"mediators, {Assignment.objects.filter(mediator__region=region).count()} "
                "assignments"
            )
        self._time(list(MediationRequest.objects.filter(region=region, topic=PROBE).order_by("pk")))

    def _time(self, requests) -> None:
        for request in requests[:10]:  # warm the caches
            propose(request)
        with CaptureQueriesContext(connection) as queries:
            propose(requests[0], limit=10)
        self.stdout.write(f"statements per proposal: {len(queries.captured_queries)}")
        durations, sizes, excluded = [], [], []
        for request in requests:
            started = time.perf_counter()
            proposal = propose(request, limit=10)  # as the pages and the offer wave ask
            durations.append((time.perf_counter() - started) * 1000)
            sizes.append(len(proposal.candidates))
            excluded.append(sum(proposal.excluded.values()))
        durations.sort()
        p95 = durations[int(0.95 * (len(durations) - 1))]
        self.stdout.write(
            f"matching over {len(durations)} requests: "
            f"p50 {statistics.median(durations):.1f} ms, p95 {p95:.1f} ms, "
            f"max {durations[-1]:.1f} ms; proposals returned: median "
            f"{statistics.median(sizes):.0f}; pool left out by the hard filters: median "
            f"{statistics.median(excluded):.0f}, max {max(excluded)}"
        )

    def _build(self, n_mediators, n_assignments, n_languages, runs):
        rng = random.Random(20)  # noqa: S311  (repeatable benchmark data)
        german, _ = Language.objects.get_or_create(
            code="de",
            defaults={"native_name": "Deutsch", "name_de": "Deutsch", "name_en": "German"},
        )
        region = Region.objects.create(
            slug=REGION,
            name="Benchmark",
            official_key="99999",
            default_language=german,
        )
        towns = [
            Area.objects.create(
                region=region,
                kind=Area.Kind.MUNICIPALITY,
                name=f"Ort {i}",
                latitude=Decimal("51.8") + Decimal(i % 10) / 20,
                longitude=Decimal("8.2") + Decimal(i // 10) / 20,
            )
            for i in range(40)
        ]
        organisation = Organisation.objects.create(
            region=region, key="bench", name="Bench", kind=Organisation.Kind.GO
        )
        langs = [
            MediationLanguage.objects.get_or_create(
                code=f"qa{chr(97 + i // 26)}{chr(97 + i % 26)}",
                defaults={"name_de": f"Sprache {i}", "name_en": f"Language {i}"},
            )[0]
            for i in range(n_languages)
        ]
        weights = [1 / (i + 1) for i in range(n_languages)]
        today = timezone.localdate()
        mediators = Mediator.objects.bulk_create(
            Mediator(
                region=region,
                key=f"m{i}",
                tier=Tier.VOLUNTEER if i % 8 else Tier.PROFESSIONAL,
                name=f"Mediator {i}",
                email=f"m{i}@example.org",
                german_level="C1",
                allowed_settings=["everyday", "school", "authorities"]
                + (["medical"] if i % 8 == 0 else []),
                home_area=rng.choice(towns),
                travel_radius_km=rng.choice([10, 20, 40]),
                monthly_hour_cap=rng.choice([None, 8, 12, 20]),
                status=Mediator.Status.PAUSED if i % 40 == 0 else Mediator.Status.ACTIVE,
            )
            for i in range(n_mediators)
        )
        spoken = []
        for mediator in mediators:
            for language in set(rng.choices(langs, weights, k=rng.choice([1, 2]))):
                spoken.append(MediatorLanguage(mediator=mediator, language=language, level="C2"))
        MediatorLanguage.objects.bulk_create(spoken, batch_size=5000)
        evidence = []
        for mediator in mediators:
            for kind in ("confidentiality", "good_conduct", "basic_training"):
                evidence.append(
                    Evidence(
                        mediator=mediator,
                        kind=kind,
                        valid_from=today - dt.timedelta(days=700),
                        valid_until=today + dt.timedelta(days=rng.randint(-100, 900)),
                    )
                )
        Evidence.objects.bulk_create(evidence, batch_size=5000)
        WeeklyAvailability.objects.bulk_create(
            (
                WeeklyAvailability(mediator=m, weekday=d, starts=dt.time(8), ends=dt.time(20))
                for m in mediators[::3]
                for d in range(5)
            ),
            batch_size=5000,
        )
        now = timezone.now().replace(minute=0, second=0, microsecond=0)
        batch = 20_000
        for offset in range(0, n_assignments, batch):
            count = min(batch, n_assignments - offset)
            requests = MediationRequest.objects.bulk_create(
                MediationRequest(
                    region=region,
                    organisation=organisation,
                    language=rng.choices(langs, weights)[0],
                    starts_at=now - dt.timedelta(hours=rng.randint(-24 * 30, 24 * 365)),
                    duration_minutes=60,
                    mode=Mode.IN_PERSON,
                    place_area=rng.choice(towns),
                    setting=Setting.SCHOOL,
                    topic="bench",
                    status=MediationRequest.Status.DONE,
                )
                for _ in range(count)
            )
            Assignment.objects.bulk_create(
                Assignment(
                    request=request,
                    mediator=rng.choice(mediators),
                    starts_at=request.starts_at,
                    ends_at=request.starts_at + dt.timedelta(minutes=60),
                )
                for request in requests
            )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        probes = [
            MediationRequest.objects.create(
                region=region,
                organisation=organisation,
                language=rng.choices(langs, weights)[0],
                starts_at=now + dt.timedelta(days=rng.randint(7, 40), hours=rng.randint(0, 8)),
                duration_minutes=rng.choice([60, 90]),
                mode=rng.choice([Mode.IN_PERSON, Mode.IN_PERSON, Mode.PHONE]),
                place_area=rng.choice(towns),
                setting=rng.choice([Setting.SCHOOL, Setting.AUTHORITIES]),
                topic=PROBE,
            )
            for _ in range(runs)
        ]
        return region, probes
