"""The GENESIS web service client against a real HTTP server on 127.0.0.1 that replays
recorded answers (fixtures/webservice, credentials masked as the offices' own logs do)."""

import io
import json
import threading
import zipfile
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from django.core.management import call_command
from django.utils import translation

from ankommen.monitoring.genesis import GenesisClient, GenesisConfig, GenesisError, NotFound
from ankommen.monitoring.models import Value

from .conftest import fixture_bytes
from .factories import population_indicator

ANSWERS = Path(__file__).parent / "fixtures" / "webservice"
SECRET = "s3cret-password"


def answer(name: str) -> tuple[str, bytes]:
    return "application/json", (ANSWERS / name).read_bytes()


def zipped_table() -> tuple[str, bytes]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "12411-01-01-4_1773175772751_de_flat.csv", fixture_bytes("12411-01-01-4_flat.csv")
        )
    return "application/zip", buffer.getvalue()


@dataclass
class Recorded:
    path: str
    headers: dict
    fields: dict


@dataclass
class Replay:
    """Answers by service path, in order; the last one repeats."""

    script: dict[str, list[tuple[str, bytes]]]
    requests: list[Recorded] = field(default_factory=list)


@pytest.fixture
def service():
    replay = Replay(script={})

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length).decode()
            fields = {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}
            replay.requests.append(
                Recorded(self.path, {k.lower(): v for k, v in self.headers.items()}, fields)
            )
            service_path = self.path.split("/rest/2020/", 1)[-1]
            answers = replay.script.get(service_path)
            if not answers:
                self.send_response(404)
                self.end_headers()
                return
            content_type, data = answers.pop(0) if len(answers) > 1 else answers[0]
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    replay.base_url = f"http://127.0.0.1:{server.server_port}/genesisws/rest/2020/"
    yield replay
    server.shutdown()
    server.server_close()


def client(service, auth="form") -> GenesisClient:
    config = GenesisConfig("regio", service.base_url, "ankommen-user", SECRET, auth)
    return GenesisClient(config, timeout=5, poll_interval=0, sleep=lambda _s: None)


def test_tablefile_is_unzipped_to_the_flat_file(service):
    service.script["data/tablefile"] = [zipped_table()]
    data = client(service).tablefile("12411-01-01-4")
    assert data == fixture_bytes("12411-01-01-4_flat.csv")


def test_credentials_are_never_in_the_url(service):
    service.script["data/tablefile"] = [zipped_table()]
    client(service).tablefile("12411-01-01-4")
    assert all(SECRET not in r.path and "ankommen-user" not in r.path for r in service.requests)


def test_form_databases_send_the_credentials_in_the_body(service):
    service.script["data/tablefile"] = [zipped_table()]
    client(service).tablefile("12411-01-01-4")
    assert service.requests[0].fields["password"] == SECRET


def test_landesdatenbank_sends_the_credentials_as_headers(service):
    service.script["data/tablefile"] = [zipped_table()]
    client(service, auth="header").tablefile("12411-01-01-4")
    request = service.requests[0]
    assert (request.headers["password"], "password" in request.fields) == (SECRET, False)


def test_request_is_a_form_post_with_the_table_parameters(service):
    service.script["data/tablefile"] = [zipped_table()]
    client(service).tablefile("12411-01-01-4", regionalkey="05754*")
    fields = service.requests[0].fields
    assert (fields["name"], fields["format"], fields["regionalkey"]) == (
        "12411-01-01-4",
        "ffcsv",
        "05754*",
    )


def test_large_table_is_fetched_through_a_job(service):
    service.script["data/tablefile"] = [
        answer("tablefile_too_large_98.json"),
        answer("tablefile_job_created_99.json"),
    ]
    service.script["catalogue/results"] = [
        answer("results_pending.json"),
        answer("results_done.json"),
    ]
    service.script["data/resultfile"] = [zipped_table()]
    data = client(service).tablefile("12411-01-01-4")
    assert data == fixture_bytes("12411-01-01-4_flat.csv")


def test_job_flow_asks_for_the_result_by_the_jobs_name(service):
    service.script["data/tablefile"] = [answer("tablefile_job_created_99.json")]
    service.script["catalogue/results"] = [answer("results_done.json")]
    service.script["data/resultfile"] = [zipped_table()]
    client(service).tablefile("12411-01-01-4")
    assert service.requests[-1].fields["name"] == "12411-01-01-4_175879554"


def test_job_that_never_finishes_gives_up(service):
    service.script["data/tablefile"] = [answer("tablefile_job_created_99.json")]
    service.script["catalogue/results"] = [answer("results_pending.json")]
    slow = client(service)
    slow.max_polls = 3
    with pytest.raises(GenesisError):
        slow.tablefile("12411-01-01-4")


def test_status_104_raises_not_found(service):
    service.script["metadata/table"] = [answer("not_found_104.json")]
    with pytest.raises(NotFound):
        client(service).table_metadata("99999-0000")


def test_status_22_is_a_success_with_a_warning(service):
    service.script["metadata/table"] = [answer("warning_22.json")]
    assert client(service).table_metadata("12411-01-01-4")["Code"] == "12411-01-01-4"


def test_metadata_gives_the_tables_update_time(service):
    service.script["metadata/table"] = [answer("metadata_table.json")]
    assert client(service).table_metadata("12411-01-01-4")["Updated"] == "31.03.2025 11:18:07h"


def test_error_status_is_raised_without_the_password(service):
    body = {"Status": {"Code": 15, "Content": f"Login fehlgeschlagen für {SECRET}"}}
    service.script["metadata/table"] = [("application/json", json.dumps(body).encode())]
    with pytest.raises(GenesisError) as error:
        client(service).table_metadata("12411-01-01-4")
    assert SECRET not in str(error.value)


def test_unreachable_service_raises_an_error(service):
    config = GenesisConfig("regio", "http://127.0.0.1:9/rest/2020/", "u", SECRET, "form")
    with pytest.raises(GenesisError):
        GenesisClient(config, timeout=2).logincheck()


def test_an_answer_larger_than_the_import_limit_is_refused_before_it_is_read_whole(
    service, settings
):
    settings.ANKOMMEN_IMPORT_MAX_BYTES = 1_000_000
    service.script["data/tablefile"] = [("text/csv", b"x" * 3_000_000)]
    with translation.override("en"), pytest.raises(GenesisError, match="larger than 1 MB"):
        client(service).tablefile("12411-01-01-4")


def test_http_error_is_raised(service):
    with pytest.raises(GenesisError):
        client(service).logincheck()


@pytest.mark.django_db
def test_fetch_command_imports_the_table_with_its_stand(service, cast, comparison, settings):
    population = population_indicator(cast.region)
    settings.ANKOMMEN_GENESIS = {
        "regio": {"url": service.base_url, "username": "u", "password": SECRET}
    }
    service.script["metadata/table"] = [answer("metadata_table.json")]
    service.script["data/tablefile"] = [zipped_table()]
    call_command(
        "fetch_statistics",
        database="regio",
        table="12411-01-01-4",
        region=cast.region.slug,
        stdout=StringIO(),
    )
    value = Value.objects.get(indicator=population, dimension_key="")
    assert (value.value, value.stand.year, value.import_run.source_database) == (
        363982,
        2025,
        "regio",
    )
