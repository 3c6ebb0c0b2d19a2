"""A real Celery worker (`ankommen worker`, a subprocess) on the real Redis of this machine,
against the test database; a machine translation server and a mail server on 127.0.0.1
that the worker talks to.

Each test run has its own Redis database (by xdist worker) and its own queue name, so runs
side by side do not take each other's messages.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from ankommen.devtools.testing.smtp import LocalSMTPServer
from ankommen.jobs import dispatch, engine
from ankommen.jobs.models import Job

REDIS_HOST = "127.0.0.1:6379"


@pytest.fixture(scope="session")
def broker(worker_id):
    """This run's broker URL and queue; the web side of the tests is pointed at them."""
    index = 0 if worker_id == "master" else int(worker_id.removeprefix("gw"))
    url = f"redis://{REDIS_HOST}/{10 + index % 6}"
    name = f"ankommen-test-{uuid.uuid4().hex[:12]}"
    old = (django_settings.ANKOMMEN_BROKER_URL, django_settings.ANKOMMEN_JOBS_QUEUE)
    django_settings.ANKOMMEN_BROKER_URL, django_settings.ANKOMMEN_JOBS_QUEUE = url, name
    _reconfigure()
    yield url, name
    django_settings.ANKOMMEN_BROKER_URL, django_settings.ANKOMMEN_JOBS_QUEUE = old
    _reconfigure()


def _reconfigure() -> None:
    engine.reset_connections()
    engine.configure()
    dispatch._failed_at = None


@dataclass
class TranslationServer:
    """Speaks LibreTranslate's protocol; `mode` "ok" answers, "down" answers 503,
    `delay` slows every answer down (seconds)."""

    mode: str = "ok"
    delay: float = 0
    requests: list[dict] = field(default_factory=list)
    url: str = ""


@pytest.fixture(scope="session")
def translation_server():
    server = TranslationServer()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
            server.requests.append(body)
            time.sleep(server.delay)
            if server.mode == "down":
                status, payload = 503, {"error": "Service Unavailable"}
            else:
                status, payload = (
                    200,
                    {"translatedText": [f"[{body['target']}] {t}" for t in body["q"]]},
                )
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    server.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield server
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def translation(translation_server, settings):
    """The translation server answering, and the web side configured for it too."""
    translation_server.mode, translation_server.delay = "ok", 0
    translation_server.requests.clear()
    settings.PORTAL_MACHINE_TRANSLATION = {
        "provider": "libretranslate",
        "url": translation_server.url,
        "api_key": "",
        "timeout": 5,
    }
    return translation_server


@pytest.fixture(scope="session")
def mail_server():
    server = LocalSMTPServer()
    server.start()
    yield server
    server.stop()


class Worker:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log = env, log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        start = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "ankommen", "worker", "--concurrency=1"],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if b" ready." in self.log.read_bytes()[start:]:
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise RuntimeError("the worker did not start:\n" + self.log.read_text()[-3000:])

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None


@pytest.fixture(scope="session")
def worker(broker, translation_server, mail_server, django_db_setup, django_db_blocker):
    """`ankommen worker` on this run's queue and the test database."""
    url, name = broker
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "ANKOMMEN_BROKER_URL": url,
        "ANKOMMEN_JOBS_QUEUE": name,
        "ANKOMMEN_JOBS_RETRY_SECONDS": "1",
        "ANKOMMEN_MT_PROVIDER": "libretranslate",
        "ANKOMMEN_MT_URL": translation_server.url,
        "ANKOMMEN_MT_TIMEOUT": "5",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(mail_server.port),
        "DEBUG": "true",
    }
    log = Path(tempfile.mkdtemp(prefix="ankommen-worker-")) / "worker.log"
    running = Worker(env, log)
    running.start()
    yield running
    running.stop()


def wait_for(job: Job, *statuses: str, seconds: float = 60) -> Job:
    """Wait until the worker brought the job to one of `statuses`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in statuses:
            return job
        time.sleep(0.1)
    raise AssertionError(
        f"{job} is {job.status} (attempt {job.attempts}), not {statuses}; {job.error}"
    )
