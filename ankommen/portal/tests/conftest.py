import io
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache

from ankommen.core.loader import load_platform
from ankommen.core.models import Language
from ankommen.portal.demo import load_demo_pages


@pytest.fixture
def portal(cast):
    """The cast's Kreis Gütersloh with all eleven languages and the demo portal."""
    load_platform()
    region = cast.region
    region.languages.set(Language.objects.all())
    region.default_language = Language.objects.get(code="de")
    region.save()
    load_demo_pages(stdout=io.StringIO(), region=region)
    return region


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """The rendered-page cache lives in the process, across tests; each test starts empty."""
    cache.clear()
    yield
    cache.clear()


# --- A machine translation provider on 127.0.0.1 (DeepL or LibreTranslate protocol) ----


@dataclass
class FakeServer:
    """`mode` chooses the answer: ok, quota, slow, bad_language, short, garbage."""

    kind: str
    mode: str = "ok"
    requests: list[dict] = field(default_factory=list)
    url: str = ""


def _deepl_answer(server, body):
    if server.mode == "quota":
        return 456, {"message": "Quota exceeded"}
    if server.mode == "bad_language":
        return 400, {"message": "Value for 'target_lang' not supported."}
    texts = body["text"]
    if server.mode == "short":
        texts = texts[:1]
    return 200, {
        "translations": [
            {"detected_source_language": "DE", "text": f"[{body['target_lang']}] {t}"}
            for t in texts
        ]
    }


def _libre_answer(server, body):
    if server.mode == "quota":
        return 429, {"error": "Too many request limits violation"}
    if server.mode == "bad_language":
        return 400, {"error": f"{body['target']} is not supported"}
    texts = body["q"]
    if server.mode == "short":
        texts = texts[:1]
    return 200, {"translatedText": [f"[{body['target']}] {t}" for t in texts]}


@pytest.fixture(params=["deepl", "libretranslate"])
def provider_server(request, settings):
    server = FakeServer(kind=request.param)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            server.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
            if server.mode == "slow":
                time.sleep(1.5)
            if server.mode == "garbage":
                status, payload = 200, None
            elif server.kind == "deepl":
                status, payload = _deepl_answer(server, body)
            else:
                status, payload = _libre_answer(server, body)
            data = b"<html>oops" if payload is None else json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    settings.PORTAL_MACHINE_TRANSLATION = {
        "provider": server.kind,
        "url": server.url,
        "api_key": "test-key",
        "timeout": 0.5,
    }
    yield server
    httpd.shutdown()
    httpd.server_close()
