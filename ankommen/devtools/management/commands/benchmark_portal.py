"""Benchmark, not a test: a public portal page under load, served by gunicorn."""

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings


class Command(BaseCommand):
    help = (
        "Starts gunicorn (2 workers, DEBUG off) on the configured database and measures one "
        "public portal page with wrk (2 connections): requests/s and latency percentiles."
    )

    def add_arguments(self, parser):
        parser.add_argument("--path", default="/kreis-guetersloh/ar/notfall/")
        parser.add_argument("--duration", type=int, default=20, help="seconds")
        parser.add_argument("--port", type=int, default=8765)

    def handle(self, *args, path: str, duration: int, port: int, **options):
        wrk = shutil.which("wrk")
        if wrk is None:
            raise CommandError("wrk is missing: run scripts/system-deps.sh bench")
        if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
            self.stderr.write("note: measuring on SQLite; set DATABASE_URL for PostgreSQL")
        cold, warm = self._queries(path)
        self.stdout.write(
            f"queries per request (in-process, anonymous): first {cold}, repeated {warm}"
        )
        env = {
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or "benchmark-only-secret-key",
            "ALLOWED_HOSTS": "127.0.0.1",
            "HTTPS": "false",
            "LOG_LEVEL": "WARNING",
        }
        server = subprocess.Popen(  # noqa: S603 (our own interpreter and gunicorn)
            [
                sys.executable,
                "-m",
                "gunicorn",
                "ankommen.wsgi",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            env=env,
        )
        url = f"http://127.0.0.1:{port}{path}"
        try:
            for _ in range(100):
                try:
                    with urllib.request.urlopen(url, timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    time.sleep(0.2)
            else:
                raise CommandError(f"gunicorn did not answer 200 at {url}")
            subprocess.run(  # noqa: S603  warm-up
                [wrk, "-t2", "-c2", "-d3s", url], check=True, capture_output=True
            )
            result = subprocess.run(  # noqa: S603
                [wrk, "-t2", "-c2", f"-d{duration}s", "--latency", url],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        finally:
            server.terminate()
            server.wait(timeout=10)
        self.stdout.write(result)
        rate = re.search(r"Requests/sec:\s+([\d.]+)", result)
        p99 = re.search(r"99%\s+([\d.]+\w+)", result)
        p90 = re.search(r"90%\s+([\d.]+\w+)", result)
        self.stdout.write(
            f"portal page {path}: {rate.group(1) if rate else '?'} req/s, "
            f"p90 {p90.group(1) if p90 else '?'}, p99 {p99.group(1) if p99 else '?'} "
            "(wrk reports p90/p99; p95 lies between them); "
            f"queries first {cold}, repeated {warm}; load average {_load()}"
        )

    def _queries(self, path: str) -> tuple[int, int]:
        """The queries of the page's first and of a repeated anonymous request."""
        counts = []

        def count(execute, sql, params, many, context):
            counts[-1] += 1
            return execute(sql, params, many, context)

        with override_settings(ALLOWED_HOSTS=["testserver"]):
            client = Client()
            for _ in range(2):
                counts.append(0)
                with connection.execute_wrapper(count):
                    status = client.get(path).status_code
                if status != 200:
                    raise CommandError(f"{path} answered {status}")
        return counts[0], counts[1]


def _load() -> str:
    try:
        with open("/proc/loadavg", encoding="ascii") as loadavg:
            return " ".join(loadavg.read().split()[:3])
    except OSError:
        return "?"
