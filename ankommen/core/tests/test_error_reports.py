"""A server error reaches the operators: as a mail with the traceback to ADMINS, or, with
SENTRY_DSN set, as an error report to Sentry or GlitchTip (here: a real HTTP server on
127.0.0.1 that receives the envelope as GlitchTip would)."""

import gzip
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ankommen.devtools.testing.smtp import LocalSMTPServer


@pytest.fixture
def smtp_server(settings):
    server = LocalSMTPServer()
    server.start()
    server.configure(settings)
    yield server
    server.stop()


@pytest.mark.django_db
@pytest.mark.urls("ankommen.core.tests.error_urls")
def test_a_server_error_is_mailed_to_the_admins(client, settings, smtp_server):
    settings.ADMINS = [("IT-Betrieb", "it-betrieb@kreis.example")]
    client.raise_request_exception = False
    client.get("/boom/")
    assert smtp_server.messages[0]["X-Envelope-To"] == "it-betrieb@kreis.example"


@pytest.mark.django_db
@pytest.mark.urls("ankommen.core.tests.error_urls")
def test_the_admins_mail_names_the_error(client, settings, smtp_server):
    settings.ADMINS = [("IT-Betrieb", "it-betrieb@kreis.example")]
    client.raise_request_exception = False
    client.get("/boom/")
    assert "a server error the operators must hear of" in smtp_server.texts()[0]


class Envelopes(BaseHTTPRequestHandler):
    """Sentry's ingestion endpoint, /api/<project>/envelope/, keeping what it receives."""

    received: list[tuple[str, bytes]]

    def do_POST(self):  # the name http.server calls
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        self.server.received.append((self.path, body))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def glitchtip():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Envelopes)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


FAILING_REQUEST = """
import django
django.setup()
import sentry_sdk
from django.test import Client, override_settings

with override_settings(ROOT_URLCONF="ankommen.core.tests.error_urls"):
    Client(raise_request_exception=False).get("/boom/", headers={"X-Request-ID": "report-0001"})
sentry_sdk.flush(timeout=10)
"""


def error_report_sent_to(server, tmp_path, **extra: str) -> dict:
    """Runs a failing request in a process started with SENTRY_DSN (the settings start the
    reports as in production) and returns the event the server received."""
    port = server.server_address[1]
    env = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
        "DJANGO_SETTINGS_MODULE": "ankommen.settings",
        "SECRET_KEY": "error-report-test-" + "k3y" * 20,
        "ALLOWED_HOSTS": "testserver",
        "HTTPS": "false",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "SENTRY_DSN": f"http://0123456789abcdef@127.0.0.1:{port}/7",
        **extra,
    }
    subprocess.run(
        [sys.executable, "-c", FAILING_REQUEST],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    for path, body in server.received:
        for line in body.splitlines():
            item = json.loads(line)
            if path == "/api/7/envelope/" and "exception" in item:
                return item
    raise AssertionError(f"no event among {len(server.received)} envelopes")


def test_with_a_dsn_the_error_is_reported_with_its_exception(glitchtip, tmp_path):
    event = error_report_sent_to(glitchtip, tmp_path)
    assert event["exception"]["values"][-1]["value"] == "a server error the operators must hear of"


def test_the_error_report_carries_the_request_id(glitchtip, tmp_path):
    event = error_report_sent_to(glitchtip, tmp_path)
    assert event["tags"]["request_id"] == "report-0001"


def test_with_a_dsn_the_admins_get_no_mail(glitchtip, smtp_server, tmp_path):
    error_report_sent_to(
        glitchtip,
        tmp_path,
        ADMINS="IT-Betrieb <it-betrieb@kreis.example>",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_server.port),
    )
    assert smtp_server.messages == []


def test_the_admins_are_read_as_names_and_addresses():
    env = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
        "DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "ankommen.settings",
        "ADMINS": "IT-Betrieb <it-betrieb@kreis.example>, ops@kreis.example",
    }
    code = "from django.conf import settings; print(settings.ADMINS)"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == str(
        [("IT-Betrieb", "it-betrieb@kreis.example"), ("ops@kreis.example", "ops@kreis.example")]
    )
