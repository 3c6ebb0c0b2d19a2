import csv
import itertools
import os
import resource
import statistics
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client

from ankommen.core.loader import load_platform
from ankommen.core.models import Area, Language, Region
from ankommen.monitoring.imports import _collector_paused, import_statistics
from ankommen.monitoring.models import ImportRun, Indicator, Unit, Value, ValueRevision
from ankommen.monitoring.statfiles import parse_statistics_file

BENCH_SLUG = "bench-monitoring"
BENCH_KEY = "97001"  # under the non-existent state key 97: never a real area
HEADER = [
    "statistics_code",
    "statistics_label",
    "time_code",
    "time_label",
    "time",
    "1_variable_code",
    "1_variable_label",
    "1_variable_attribute_code",
    "1_variable_attribute_label",
    "2_variable_code",
    "2_variable_label",
    "2_variable_attribute_code",
    "2_variable_attribute_label",
    "3_variable_code",
    "3_variable_label",
    "3_variable_attribute_code",
    "3_variable_attribute_label",
    "4_variable_code",
    "4_variable_label",
    "4_variable_attribute_code",
    "4_variable_attribute_label",
    "value",
    "value_unit",
    "value_variable_code",
    "value_variable_label",
]
SEXES = [("", "Insgesamt"), ("GESM", "männlich"), ("GESW", "weiblich")]
NATIONALITIES = [("", "Insgesamt"), ("NATD", "deutsch"), ("NATA", "ausländisch")]
AGES = [("", "Insgesamt")] + [
    (f"ALT{n:03d}B{n + 5:02d}", f"{n} bis unter {n + 5} Jahre") for n in range(0, 55, 5)
]


class Command(BaseCommand):
    help = (
        "Benchmark, not a test: writes a GENESIS flat file CSV of --rows values (500 areas × "
        "20 years × splits by sex, nationality and age) for a region of its own "
        f"(“{BENCH_SLUG}”, keys {BENCH_KEY}…, marked demo), times pandas reading the file, "
        "our parser, the full import and the re-import, then times the indicator page "
        "(--requests GETs through the Django test client) and prints p50/p95. Deletes its "
        "region afterwards unless --keep. Run it on PostgreSQL with DEBUG off."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=1_000_000)
        parser.add_argument("--areas", type=int, default=500)
        parser.add_argument("--years", type=int, default=20)
        parser.add_argument("--requests", type=int, default=200)
        parser.add_argument("--workdir", type=Path, default=None)
        parser.add_argument("--keep", action="store_true", help="keep the benchmark region")

    def handle(self, *args, rows, areas, years, requests, workdir, keep, **options):
        if settings.DEBUG:
            self.stdout.write("warning: DEBUG is on; queries are recorded and timings suffer")
        if not 2 <= areas <= 999:
            raise CommandError("--areas must be between 2 and 999")
        self.stdout.write(
            f"database: {connection.vendor}; rows {rows:,}; areas {areas}; years {years}"
        )
        region, indicator = self._setup(areas)
        directory = workdir or Path(tempfile.mkdtemp(prefix="ankommen-bench-"))
        path = directory / "bench_flat.csv"
        started = time.perf_counter()
        written = self._write_file(path, region, rows, years)
        self.stdout.write(
            f"file: {path} ({written:,} rows, {path.stat().st_size / 1e6:.0f} MB) "
            f"written in {time.perf_counter() - started:.1f} s"
        )
        try:
            import pandas

            started = time.perf_counter()
            frame = pandas.read_csv(path, sep=";", encoding="utf-8-sig", dtype=str)
            self.stdout.write(
                f"pandas.read_csv: {time.perf_counter() - started:.1f} s "
                f"({len(frame):,} rows, parsing only, pandas {pandas.__version__})"
            )
            del frame
        except ImportError:
            self.stdout.write("pandas.read_csv: skipped (pip install -e '.[bench]')")
        data = path.read_bytes()
        started = time.perf_counter()
        with _collector_paused():
            parsed = parse_statistics_file(data, path.name)
        self.stdout.write(
            f"our parser: {time.perf_counter() - started:.1f} s ({len(parsed.records):,} records)"
        )
        del parsed
        started, cpu = time.perf_counter(), self._cpu()
        result = import_statistics(region=region, data=data, file_name=path.name)
        self.stdout.write(
            f"import: {time.perf_counter() - started:.1f} s "
            f"({result.created:,} added, {result.updated:,} changed); {self._cpu_since(cpu)}"
        )
        started, cpu = time.perf_counter(), self._cpu()
        again = import_statistics(region=region, data=data, file_name=path.name)
        self.stdout.write(
            f"re-import: {time.perf_counter() - started:.1f} s "
            f"({again.created} added, {again.updated} changed, {again.unchanged:,} unchanged); "
            f"{self._cpu_since(cpu)}"
        )
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # What autovacuum does soon after such writes in production: without
                # statistics on the 500 new areas the planner takes them for one.
                cursor.execute(f"ANALYZE {Value._meta.db_table}, {Area._meta.db_table}")
        town = region.areas.filter(kind=Area.Kind.MUNICIPALITY).order_by("pk").first()
        base = f"/{region.slug}/de/monitoring/{indicator.slug}/"
        for label, url in (
            ("indicator page", base),
            ("with a town", f"{base}?area={town.official_key}"),
        ):
            self._time_page(label, url, requests)
        if not keep:
            self._teardown(region)
            self.stdout.write(f"removed region {BENCH_SLUG}")

    def _setup(self, areas: int) -> tuple[Region, Indicator]:
        existing = Region.objects.filter(slug=BENCH_SLUG).first()
        if existing is not None:
            self._teardown(existing)
        load_platform()
        german = Language.objects.get(code="de")
        with transaction.atomic():
            region = Region.objects.create(
                slug=BENCH_SLUG,
                name="Benchmark-Kreis",
                official_key=BENCH_KEY,
                default_language=german,
                is_demo=True,
            )
            region.languages.set([german])
            district = Area.objects.create(
                region=region,
                kind=Area.Kind.DISTRICT,
                name="Benchmark-Kreis",
                official_key=BENCH_KEY,
            )
            Area.objects.bulk_create(
                Area(
                    region=region,
                    parent=district,
                    kind=Area.Kind.MUNICIPALITY,
                    name=f"Gemeinde {n:03d}",
                    official_key=f"{BENCH_KEY}{n:03d}",
                )
                for n in range(1, areas)
            )
            indicator = Indicator.objects.create(
                region=region,
                slug="bevoelkerung",
                name="Bevölkerung",
                definition="Benchmark.",
                unit=Unit.COUNT,
                source="Benchmark",
                variable_code="BEVSTD",
                is_demo=True,
            )
        return region, indicator

    def _write_file(self, path: Path, region: Region, rows: int, years: int) -> int:
        keys = list(region.areas.order_by("official_key").values_list("official_key", "name"))
        splits = list(itertools.product(SEXES, NATIONALITIES, AGES))
        written = 0
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=";", lineterminator="\n")
            writer.writerow(HEADER)
            # Split by split, so that the totals of every area and year come first.
            for (sex, nat, age), year, (key, name) in itertools.product(
                splits, range(2024 - years + 1, 2025), keys
            ):
                if written >= rows:
                    break
                variable = "KREISE" if key == BENCH_KEY else "GEMEIN"
                writer.writerow(
                    [
                        "12411",
                        "Fortschreibung des Bevölkerungsstandes",
                        "STAG",
                        "Stichtag",
                        f"{year}-12-31",
                        variable,
                        "Gebiet",
                        key,
                        name,
                        "GES",
                        "Geschlecht",
                        sex[0],
                        sex[1],
                        "NAT",
                        "Nationalität",
                        nat[0],
                        nat[1],
                        "ALTX20",
                        "Altersgruppen",
                        age[0],
                        age[1],
                        str(1000 + written % 997),
                        "Anzahl",
                        "BEVSTD",
                        "Bevölkerungsstand",
                    ]
                )
                written += 1
        return written

    def _time_page(self, label: str, url: str, requests: int) -> None:
        client = Client()
        first = client.get(url)
        if first.status_code != 200:
            raise CommandError(f"{url} answered {first.status_code}")
        timings = []
        cpu = self._cpu()
        for _ in range(requests):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        self.stdout.write(
            f"{label}: {url} p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms "
            f"({requests} requests, {len(first.content) / 1000:.0f} kB); "
            f"{self._cpu_since(cpu, per=requests)}"
        )

    # On a shared machine wall-clock times mostly measure the neighbours; the CPU time this
    # process and its PostgreSQL backend spent is what the code itself costs.
    def _cpu(self) -> tuple[float, float | None]:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime, self._backend_cpu()

    def _backend_cpu(self) -> float | None:
        """CPU seconds of this connection's PostgreSQL backend, where the server runs on
        this machine and lets us read /proc; None elsewhere."""
        if connection.vendor != "postgresql":
            return None
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def _cpu_since(self, before: tuple[float, float | None], per: int = 0) -> str:
        own, backend = self._cpu()
        scale, unit = (1000 / per, "ms/request") if per else (1, "s")
        text = f"CPU: ours {(own - before[0]) * scale:.1f} {unit}"
        if backend is not None and before[1] is not None:
            text += f", PostgreSQL {(backend - before[1]) * scale:.1f} {unit}"
        return text

    def _teardown(self, region: Region) -> None:
        with transaction.atomic():
            ValueRevision.objects.filter(value_record__indicator__region=region).delete()
            Value.objects.filter(indicator__region=region).delete()
            ImportRun.objects.filter(region=region).delete()
            Indicator.objects.filter(region=region).delete()
            areas = Area.objects.filter(region=region)
            areas.filter(kind=Area.Kind.MUNICIPALITY).delete()
            areas.delete()
            region.delete()
