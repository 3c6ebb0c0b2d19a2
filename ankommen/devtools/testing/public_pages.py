"""One address of every public page type of a region, in each of its languages, and the
check that each fits a 320 CSS px wide screen in headless Chromium (WCAG 1.4.10, reflow).

Used by `ankommen crawl_demo` and the browser tests (bidirectional order, axe-core). The
browser is served by Django's test client through Playwright's request routing: no server
runs, static files come from the staticfiles finders, nothing leaves the machine.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.contrib.staticfiles import finders
from django.test import Client, override_settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
NARROWEST = 320
# Staff work on a phone: the pages of the signed-in roles must fit a 390 CSS px screen.
PHONE = 390
HOST = "http://testserver"


def page_types(region, language_code: str) -> dict[str, str]:
    """{page type: address} of the region's public pages in one language, with the first
    record of each kind from the region's data (types without data are left out)."""
    from ankommen.core.models import FieldOfAction
    from ankommen.directory.models import Offer, Place
    from ankommen.monitoring.models import Indicator
    from ankommen.participation.models import Consultation, Survey
    from ankommen.portal.models import Page

    base = f"/{region.slug}/{language_code}/"
    urls = {
        "portal": base,
        "search": f"{base}suche/?q=Deutsch",
        "kiosk": f"{base}kiosk/",
        "directory": f"{base}angebote/",
        "events": f"{base}angebote/termine/",
        "interpreting": f"{base}sprachmittlung/",
        "monitoring": f"{base}monitoring/",
        "action plan": f"{base}aktionsplan/",
        "not found": f"{base}angebote/nothing/here/",
    }
    page = Page.objects.published().filter(region=region).order_by("pk").first()
    if page is not None:
        urls["portal page"] = f"{base}{page.slug}/"
        urls["kiosk page"] = f"{base}kiosk/{page.slug}/"
    offer = (
        Offer.objects.public()
        .filter(region=region, places__hours__isnull=False)
        .exclude(phone="")
        .order_by("pk")
        .first()
    ) or Offer.objects.public().filter(region=region).order_by("pk").first()
    if offer is not None:
        urls["offer"] = f"{base}angebote/{offer.key}/"
        urls["offer print view"] = f"{base}angebote/{offer.key}/drucken/"
    place = (
        Place.objects.public().filter(region=region, latitude__isnull=False).order_by("pk").first()
    )
    if place is not None:
        urls["place"] = f"{base}angebote/orte/{place.key}/"
    indicator = Indicator.objects.published().filter(region=region).order_by("pk").first()
    if indicator is not None:
        urls["indicator"] = f"{base}monitoring/{indicator.slug}/"
    town = region.towns().order_by("name").first()
    if town is not None:
        urls["town profile"] = f"{base}monitoring/area/{town.official_key}/"
    field = FieldOfAction.objects.filter(region=region).order_by("sort_order", "pk").first()
    if field is not None:
        urls["action plan field"] = f"{base}aktionsplan/{field.slug}/"
    urls["participation"] = f"{base}beteiligung/"
    urls["missing offer"] = f"{base}beteiligung/fehlt-ein-angebot/"
    consultation = Consultation.objects.public().filter(region=region).order_by("pk").first()
    if consultation is not None:
        urls["consultation"] = f"{base}beteiligung/konsultation/{consultation.slug}/"
    survey = Survey.objects.filter(region=region).order_by("-closes_at", "pk").first()
    if survey is not None:
        urls["survey"] = f"{base}beteiligung/umfrage/{survey.slug}/"
    return urls


def every_public_page(region, codes: list[str] | None = None) -> Iterator[tuple[str, str, str]]:
    """(language code, page type, address) for each language of the region."""
    languages = region.languages.order_by("sort_order", "code")
    for code in codes or [language.code for language in languages]:
        for kind, url in page_types(region, code).items():
            yield code, kind, url


def route_through(client: Client, worker: ThreadPoolExecutor):
    """A Playwright route handler that answers the page and everything it loads through
    Django's test client (static files from the finders); other hosts are refused. The
    client runs in `worker`, a thread of its own: Playwright's event loop runs in this one,
    where Django refuses database access."""

    def answer(method: str, path: str, body: bytes):
        if method == "GET":
            return client.get(path)
        return client.generic(method, path, body)

    def handle(route, request) -> None:
        parts = urlsplit(request.url)
        if f"{parts.scheme}://{parts.netloc}" != HOST:
            route.abort()
            return
        if parts.path.startswith("/static/"):
            found = finders.find(parts.path.removeprefix("/static/"))
            if not found:
                route.fulfill(status=404, body="")
                return
            with open(found, "rb") as handle_:
                body = handle_.read()
            kind = mimetypes.guess_type(found)[0] or "application/octet-stream"
            route.fulfill(status=200, body=body, headers={"Content-Type": kind})
            return
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        response = worker.submit(
            answer, request.method, path, request.post_data_buffer or b""
        ).result()
        headers = dict(response.items())
        body = b"".join(response.streaming_content) if response.streaming else response.content
        route.fulfill(status=response.status_code, body=body, headers=headers)

    return handle


@dataclass
class TooWide:
    url: str
    width: int
    widest: str
    viewport: int = NARROWEST
    role: str = ""

    def headline(self) -> str:
        who = f" as {self.role}" if self.role else ""
        return (
            f"{self.url}{who} is {self.width} px wide at {self.viewport} px (widest: {self.widest})"
        )


WIDEST_ELEMENT = """() => {
  const limit = document.documentElement.clientWidth;
  let worst = null, right = limit;
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > right) { right = r.right; worst = el; }
  }
  if (!worst) return '';
  const classes = typeof worst.className === 'string' ? worst.className.trim() : '';
  return worst.tagName.toLowerCase() + (worst.id ? '#' + worst.id : '') +
    (classes ? '.' + classes.split(/\\s+/).join('.') : '');
}"""


def too_wide(
    urls: list[str], client: Client | None = None, *, width: int = NARROWEST, role: str = ""
) -> list[TooWide]:
    """The HTML pages among `urls` that are wider than `width` CSS px (320 unless told) in
    headless Chromium, as the client's person sees them (the anonymous visitor unless a
    signed-in client is given; with DEBUG off: the real error pages, not Django's debug
    pages)."""
    with override_settings(DEBUG=False):
        return _too_wide(urls, client, width, role)


def _too_wide(urls: list[str], client: Client | None, viewport: int, role: str) -> list[TooWide]:
    from playwright.sync_api import sync_playwright

    client = client or Client(raise_request_exception=False)
    found = []
    with ThreadPoolExecutor(max_workers=1) as worker, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": viewport, "height": 640})
        context.route("**/*", route_through(client, worker))
        page = context.new_page()
        # A loaded CI machine (or the first request of each template) can be slow.
        page.set_default_timeout(120_000)
        try:
            for url in urls:
                response = page.goto(HOST + url)
                if response is None or "html" not in response.headers.get("content-type", ""):
                    continue
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > viewport:
                    found.append(TooWide(url, width, page.evaluate(WIDEST_ELEMENT), viewport, role))
        finally:
            browser.close()
    return found
