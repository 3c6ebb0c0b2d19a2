"""A breadth-first crawl of the site through Django's test client, as one person.

Used by `ankommen crawl_demo` (which CI runs on the fresh SQLite demo, see
`scripts/quickstart-check.sh`) to prove that no page a visitor or a demo account can reach
by following links answers with a server error. Everything is a GET: links, images,
frames, htmx fragments, redirects and the forms that are sent with GET (with their default
values, and a search word in their empty search fields).
"""

from __future__ import annotations

import json
import logging
import time
import traceback
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve

# Host names under which the site refers to itself (absolute links, API answers).
SAME_SITE_HOSTS = {"", "testserver", "127.0.0.1", "localhost"}
# Query parameters that page through a list: beyond the second page a list shows nothing new.
PAGE_PARAMETERS = {"page", "p"}
# Empty search fields of GET forms get this word, so that search code runs, not just lists.
SEARCH_TERM = "Deutschkurs"
SEARCH_FIELD_NAMES = {"q", "query", "search", "suche"}
NEVER_FOLLOW = ("logout", "abmelden")
# Placeholders of URL templates in pages (the admin's related-object widgets), not addresses.
URL_PLACEHOLDERS = ("__fk__", "__prefix__")


@dataclass
class Failure:
    role: str
    url: str
    status: int
    found_on: str
    exception: str = ""
    # The innermost line of ankommen's own code in the traceback: where to look first.
    where: str = ""
    traceback: str = ""

    @classmethod
    def of(cls, role: str, url: str, status: int, found_on: str, exc_info) -> Failure:
        if not exc_info:
            return cls(role, url, status, found_on, exception="(no exception was logged)")
        kind, error, trace = exc_info
        own = [
            frame
            for frame in traceback.extract_tb(trace)
            if "/ankommen/" in frame.filename and "site-packages" not in frame.filename
        ]
        return cls(
            role,
            url,
            status,
            found_on,
            exception=f"{kind.__name__}: {error}",
            where=f"{own[-1].filename}:{own[-1].lineno} in {own[-1].name}" if own else "",
            traceback="".join(traceback.format_exception(kind, error, trace)),
        )

    def headline(self) -> str:
        return f"{self.status} {self.url} (role {self.role}, linked from {self.found_on})"


@dataclass
class RoleReport:
    role: str
    visits: list[tuple[int, str]] = field(default_factory=list)  # (status, URL) in order
    statuses: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)
    patterns: set[str] = field(default_factory=set)
    # Patterns found in links but never visited: the role cap came first.
    unvisited_patterns: set[str] = field(default_factory=set)
    seconds: float = 0.0

    @property
    def pages(self) -> int:
        return sum(self.statuses.values())

    def status_classes(self) -> Counter:
        classes: Counter = Counter()
        for status, count in self.statuses.items():
            classes[f"{status // 100}xx"] += count
        return classes


class _ErrorRecords(logging.Handler):
    """Keeps the error records logged while a page is answered: the API v1 turns a crash
    into its own 500 answer and only logs the exception."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class _Links(HTMLParser):
    """The GET targets of an HTML page: links, images, frames, htmx fragments and GET forms."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._form: dict | None = None
        self._select: dict | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if attributes.get("hx-get"):
            self.urls.append(attributes["hx-get"])
        # Addresses for scripts (`data-geojson` of the directory's map); a POST-only one
        # answers 405, which is no failure.
        self.urls += [
            value
            for name, value in attributes.items()
            if name.startswith("data-") and value.startswith("/") and not value.startswith("//")
        ]
        if tag in {"a", "area", "link"} and attributes.get("href"):
            self.urls.append(attributes["href"])
        if tag in {"img", "iframe"} and attributes.get("src"):
            self.urls.append(attributes["src"])
        if tag == "form":
            method = attributes.get("method", "get").lower()
            self._form = {"action": attributes.get("action", ""), "fields": []}
            if method != "get":
                self._form["skip"] = True
        elif self._form is not None and tag == "input":
            self._input(attributes)
        elif self._form is not None and tag == "select" and attributes.get("name"):
            self._select = {"name": attributes["name"], "value": None, "first": None}
        elif self._select is not None and tag == "option":
            value = attributes.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attributes and self._select["value"] is None:
                self._select["value"] = value

    def _input(self, attributes: dict[str, str]) -> None:
        name, kind = attributes.get("name"), attributes.get("type", "text").lower()
        if not name or kind in {"submit", "button", "image", "reset", "file", "password"}:
            return
        if kind in {"checkbox", "radio"} and "checked" not in attributes:
            return
        value = attributes.get("value", "")
        if not value and (kind == "search" or name.lower() in SEARCH_FIELD_NAMES):
            value = SEARCH_TERM
        self._form["fields"].append((name, value))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select is not None and self._form is not None:
            chosen = self._select["value"]
            if chosen is None:
                chosen = self._select["first"] or ""
            self._form["fields"].append((self._select["name"], chosen))
            self._select = None
        elif tag == "form" and self._form is not None:
            if not self._form.get("skip"):
                action = self._form["action"]
                query = urlencode(self._form["fields"])
                self.urls.append(f"{action.split('?')[0]}?{query}" if query else action or "?")
            self._form = None


def _json_urls(value) -> Iterator[str]:
    """Same-site URLs in a JSON answer (API links such as `next`)."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _json_urls(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_urls(item)
    elif isinstance(value, str) and _looks_like_url(value):
        yield value


def _looks_like_url(value: str) -> bool:
    if len(value) > 500 or any(character in value for character in " {}\n"):
        return False  # prose, or a path template of the OpenAPI document
    return value.startswith(("http://", "https://")) or (
        value.startswith("/") and not value.startswith("//")
    )


def pattern_of(path: str) -> str:
    """The URL pattern a path resolves to (`<slug:region>/intern/faelle/<int:pk>/`), the
    unit of the per-pattern cap."""
    try:
        match = resolve(path)
    except Resolver404:
        return "(no pattern)"
    return match.route or match.view_name or path


class Crawler:
    """Crawls breadth first from start URLs as one person, at most `per_pattern` URLs of
    one URL pattern and `per_role` URLs in all; fails on nothing, reports everything."""

    def __init__(
        self,
        *,
        per_pattern: int = 60,
        per_role: int = 400,
        max_bytes: int = 1_000_000,
        log=None,
    ) -> None:
        self.per_pattern = per_pattern
        self.per_role = per_role
        self.max_bytes = max_bytes
        self.log = log or (lambda line: None)
        # Static files and uploads are served by WhiteNoise or the web server, not by views.
        # (An unset MEDIA_URL reads as "/", the whole site.)
        self._skip_prefixes = tuple(
            prefix
            for prefix in (settings.STATIC_URL, settings.MEDIA_URL)
            if prefix and prefix.startswith("/") and prefix != "/"
        )

    def crawl(
        self,
        role: str,
        client: Client,
        start_urls: Iterable[str],
        *,
        pattern_caps: dict[str, int] | None = None,
    ) -> RoleReport:
        """Visits URLs breadth first, taking turns between URL patterns (the pattern seen
        least so far goes next), so that the role cap cuts repetitions of one pattern (a
        page in eleven languages) before it cuts a pattern that was never visited.
        `pattern_caps` gives some patterns a cap of their own."""
        caps = pattern_caps or {}
        report = RoleReport(role=role)
        started = time.monotonic()
        queues: dict[str, deque[tuple[str, str]]] = {}
        seen: set[str] = set()
        queued: Counter = Counter()
        visited: Counter = Counter()

        def enqueue(raw: str, base: str, found_on: str) -> None:
            url = self.normalise(raw, base)
            if url is None or url in seen:
                return
            seen.add(url)
            reason = self._skip_reason(url)
            if reason:
                report.skipped[reason] += 1
                return
            pattern = pattern_of(urlsplit(url).path)
            if queued[pattern] >= caps.get(pattern, self.per_pattern):
                report.skipped["pattern cap"] += 1
                return
            queued[pattern] += 1
            queues.setdefault(pattern, deque()).append((url, found_on))

        for url in start_urls:
            enqueue(url, "/", "the start URLs")
        while visited.total() < self.per_role:
            waiting = [pattern for pattern, queue in queues.items() if queue]
            if not waiting:
                break
            pattern = min(waiting, key=lambda name: visited[name])
            url, found_on = queues[pattern].popleft()
            visited[pattern] += 1
            for link in self._visit(report, client, url, found_on):
                enqueue(link, url, url)
        if left := sum(len(queue) for queue in queues.values()):
            report.skipped["role cap"] += left
        report.patterns = set(visited)
        report.unvisited_patterns = set(queues) - report.patterns
        report.seconds = time.monotonic() - started
        return report

    @staticmethod
    def normalise(raw: str, base: str) -> str | None:
        raw = raw.strip()
        if not raw or raw.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
            return None
        parts = urlsplit(urljoin(f"http://testserver{base}", raw))
        if parts.scheme not in {"http", "https"} or parts.hostname not in SAME_SITE_HOSTS:
            return None
        query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
        return urlunsplit(("", "", parts.path or "/", query, ""))

    def _skip_reason(self, url: str) -> str:
        parts = urlsplit(url)
        if self._skip_prefixes and parts.path.startswith(self._skip_prefixes):
            return "static file"
        if any(word in parts.path.lower() for word in NEVER_FOLLOW):
            return "logout"
        if any(placeholder in url for placeholder in URL_PLACEHOLDERS):
            return "URL template"
        for name, value in parse_qsl(parts.query, keep_blank_values=True):
            if name in PAGE_PARAMETERS and value.isdigit() and int(value) > 2:
                return "pagination"
        return ""

    def _visit(self, report: RoleReport, client: Client, url: str, found_on: str) -> list[str]:
        errors = _ErrorRecords()
        root = logging.getLogger()
        root.addHandler(errors)
        response, body, crash = None, b"", None
        try:
            response = client.get(url)
            body = self._body(response, report)
        except Exception as error:  # a view that fails while its answer streams
            crash = error
        finally:
            root.removeHandler(errors)
        status = 500 if crash is not None else response.status_code
        report.statuses[status] += 1
        report.visits.append((status, url))
        self.log(f"{report.role}: {status} {url}")
        if status >= 500:
            exc_info = _exc_info(crash, response, errors.records)
            report.failures.append(Failure.of(report.role, url, status, found_on, exc_info))
            return []
        if 300 <= status < 400 and response.get("Location"):
            return [response["Location"]]
        if status != 200 or not body:
            return []
        return self._links(response.get("Content-Type", ""), body)

    def _body(self, response, report: RoleReport) -> bytes:
        """The answer's body for link extraction; empty for downloads over `max_bytes`
        (a streamed one is read only up to there)."""
        if not response.streaming:
            if len(response.content) <= self.max_bytes:
                return response.content
            report.skipped["large download"] += 1
            return b""
        chunks, size = [], 0
        for chunk in response.streaming_content:
            size += len(chunk)
            if size > self.max_bytes:
                report.skipped["large download"] += 1
                response.close()
                return b""
            chunks.append(chunk)
        return b"".join(chunks)

    @staticmethod
    def _links(content_type: str, body: bytes) -> list[str]:
        if content_type.startswith("text/html"):
            parser = _Links()
            parser.feed(body.decode("utf-8", errors="replace"))
            parser.close()
            return parser.urls
        if "json" in content_type:
            try:
                return list(_json_urls(json.loads(body)))
            except ValueError:
                return []
        return []


def _exc_info(crash: BaseException | None, response, records: list[logging.LogRecord]):
    """The exception behind a server error: raised while streaming, caught by Django's
    handler (the test client keeps it), or only logged (the API v1's own 500 answer)."""
    if crash is not None:
        return (type(crash), crash, crash.__traceback__)
    if response is not None and getattr(response, "exc_info", None):
        return response.exc_info
    return next((record.exc_info for record in records if record.exc_info), None)
