"""Every request has an id: the proxy's X-Request-ID when sane, else a new one; it is
answered in the header and stands in every log line written while the request runs."""

import json
import logging
import os
import subprocess
import sys

import pytest

from ankommen.core.observability import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


def test_a_request_without_an_id_gets_a_new_one(client):
    assert len(client.get("/healthz/live")["X-Request-ID"]) == 32


def test_the_proxys_request_id_is_kept(client):
    response = client.get("/healthz/live", headers={"X-Request-ID": "9f1c2d3e4f5a6b7c"})
    assert response["X-Request-ID"] == "9f1c2d3e4f5a6b7c"


@pytest.mark.parametrize("forged", ["abc\nlevel=ERROR forged", "x" * 129, "short", "a b c d e f"])
def test_an_insane_request_id_is_replaced(client, forged):
    response = client.get("/healthz/live", headers={"X-Request-ID": forged})
    assert response["X-Request-ID"] != forged


@pytest.fixture
def json_lines():
    """The JSON lines Django's request logger writes, as the production console does."""
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Collect()
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield lines
    logger.removeHandler(handler)


def test_a_log_line_written_during_a_request_carries_its_id(client, json_lines):
    client.get("/no-such-region-anywhere/de/", headers={"X-Request-ID": "req-404-abcdef12"})
    assert json.loads(json_lines[-1])["request_id"] == "req-404-abcdef12"


def test_a_log_line_is_one_json_object_with_level_and_message(client, json_lines):
    client.get("/no-such-region-anywhere/de/")
    entry = json.loads(json_lines[-1])
    assert (entry["level"], entry["logger"], "Not Found" in entry["message"]) == (
        "WARNING",
        "django.request",
        True,
    )


def test_log_format_json_makes_the_console_write_json_lines():
    env = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
        "DEBUG": "true",
        "LOG_FORMAT": "json",
        "DJANGO_SETTINGS_MODULE": "ankommen.settings",
    }
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('ankommen.probe').warning('written as JSON')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(result.stderr.strip().splitlines()[-1])["message"] == "written as JSON"


def test_an_unknown_log_format_stops_the_start():
    env = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
        "DEBUG": "true",
        "LOG_FORMAT": "xml",
        "DJANGO_SETTINGS_MODULE": "ankommen.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "LOG_FORMAT='xml' is not one of text, json" in result.stderr
