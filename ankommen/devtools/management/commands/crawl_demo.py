import importlib.util
import logging
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.test import Client, override_settings

from ankommen.core.demo import DEMO_REGION_SLUG
from ankommen.core.models import Region
from ankommen.devtools.testing.crawl import Crawler, Failure, RoleReport, pattern_of
from ankommen.devtools.testing.public_pages import NARROWEST, PHONE, every_public_page
from ankommen.twofactor import mark_verified

# One demo account per kind of work (README.md, "Demo accounts"); None is the anonymous
# visitor. The labels are what the summary prints.
ROLES: tuple[tuple[str, str | None], ...] = (
    ("anonymous", None),
    ("admin", "admin"),
    ("KI coordinator", "ki.koordination"),
    ("town officer", "integration.verl"),
    ("organisation editor", "redaktion.caritas"),
    ("volunteer mediator", "sprachlotsin"),
    ("school requester", "schule.rheda"),
    ("case manager", "fallmanagement.awo"),
    ("team lead", "teamleitung.awo"),
    ("clearing", "clearing.rheda"),
    ("referral receiver", "jobcenter.verweisung"),
)


def start_urls(region: Region) -> list[str]:
    """The start page and every module's landing page (README.md, "Where things are"),
    for every role: what a role may not see answers 302, 403 or 404, never 5xx. Then the
    addresses that no page links to (see `unlinked_urls`)."""
    slug = region.slug
    v1 = f"/api/v1/regions/{slug}"
    return [
        "/",
        "/healthz",
        "/healthz/live",
        "/healthz/ready",
        "/metrics",
        f"/{slug}/",
        f"/{slug}/de/",
        f"/{slug}/ar/",
        f"/{slug}/de/angebote/",
        f"/{slug}/de/sprachmittlung/",
        f"/{slug}/de/monitoring/",
        f"/{slug}/de/aktionsplan/",
        f"/{slug}/intern/portal/",
        f"/{slug}/intern/angebote/pruefen/",
        f"/{slug}/intern/sprachmittlung/",
        f"/{slug}/intern/aktionsplan/",
        f"/{slug}/intern/faelle/",
        f"/{slug}/intern/faelle/zwei-faktor/",
        f"/{slug}/intern/monitoring/import/",
        "/admin/",
        "/api/v1/docs/",
        "/api/v1/openapi.json",
        "/api/v1/regions/",
        "/api/v1/languages/",
        f"{v1}/",
        f"{v1}/areas/",
        f"{v1}/languages/",
        f"{v1}/places/",
        *(
            f"{v1}/de/{answer}/"
            for answer in ("organisations", "pages", "offers", "events", "indicators")
        ),
        "/api/v3/regions/",
        f"/api/v3/regions/{slug}/",
        f"/api/v3/{slug}/languages/",
        f"/api/v3/{slug}/offers/",
        f"/api/v3/{slug}/android/is_chat_enabled/",
        *(
            f"/api/v3/{slug}/de/{answer}/"
            for answer in (
                "pages",
                "events",
                "locations",
                "location-categories",
                "disclaimer",
                "news",
                "fcm",
                "children",
            )
        ),
        f"/{slug}/de/wp-json/extensions/v3/pages/",
        f"/{slug}/de/sw.js",
        f"/{slug}/de/angebote/hsds/",
        *unlinked_urls(region),
        *(url for _code, _kind, url in every_public_page(region)),
    ]


def unlinked_urls(region: Region) -> list[str]:
    """Addresses of the demo's data that are used by apps, feeds and e-mails rather than
    linked from a page: API v1 and v3 details, an HSDS service, a town's event calendar,
    the answer link a mediator gets by mail."""
    from ankommen.directory.models import Offer
    from ankommen.mediation.models import AssignmentOffer
    from ankommen.mediation.services import offer_token
    from ankommen.monitoring.models import Indicator
    from ankommen.portal.models import Page

    slug, urls = region.slug, []
    v1 = f"/api/v1/regions/{slug}/de"
    page = Page.objects.published().tree().filter(region=region).order_by("pk").first()
    if page is not None:
        urls += [
            f"{v1}/pages/{page.slug}/",
            f"/api/v3/{slug}/de/page/?id={page.pk}",
            f"/api/v3/{slug}/de/parents/?id={page.pk}",
        ]
    offer = Offer.objects.public().filter(region=region).order_by("pk").first()
    if offer is not None:
        urls += [f"{v1}/offers/{offer.key}/", f"/{slug}/de/angebote/hsds/services/{offer.key}/"]
    indicator = Indicator.objects.published().filter(region=region).order_by("pk").first()
    if indicator is not None:
        urls += [f"{v1}/indicators/{indicator.slug}/", f"{v1}/indicators/{indicator.slug}/values/"]
    town = region.towns().order_by("pk").first()
    if town is not None:
        urls.append(f"/{slug}/de/angebote/termine/ort/{town.pk}.ics")
    # The newest offer's link: its answer page, or the expiry page (410) once the demo's
    # appointment has passed; a server error would fail the crawl either way.
    mail_offer = AssignmentOffer.objects.filter(request__region=region).order_by("-pk").first()
    if mail_offer is not None:
        urls.append(f"/{slug}/intern/sprachmittlung/angebot/{offer_token(mail_offer)}/")
    return urls


def staff_pages(report: RoleReport, region: Region) -> list[str]:
    """One address of every staff page type (URL pattern under /<region>/intern/) that
    answered the role's crawl with a page (not a file), in the order the crawl reached
    them."""
    prefix = f"/{region.slug}/intern/"
    seen: dict[str, str] = {}
    for status, url in report.visits:
        path = urlsplit(url).path
        # Pages end in "/"; files (CSV, PDF, XLSX, calendar) do not and are no pages.
        if status == 200 and path.startswith(prefix) and path.endswith("/"):
            seen.setdefault(pattern_of(path), url)
    return list(seen.values())


def _answered_patterns(report: RoleReport) -> set[str]:
    """The patterns that answered the anonymous visitor with a page (not a redirect to the
    login, not a 404): public pages."""
    return {pattern_of(urlsplit(url).path) for status, url in report.visits if status == 200}


@contextmanager
def _console_silenced():
    """Every 404 and 403 would be logged to the console; the summary says what matters, and
    the crawler keeps the exceptions of server errors itself (through the root logger)."""
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    removed = [
        (logger, handler)
        for logger in loggers
        for handler in list(logger.handlers)
        if isinstance(handler, logging.StreamHandler)
    ]
    for logger, handler in removed:
        logger.removeHandler(handler)
    try:
        yield
    finally:
        for logger, handler in removed:
            logger.addHandler(handler)


class Command(BaseCommand):
    help = (
        "Crawls the demo site as an anonymous visitor and as each demo account: follows "
        "every same-site link and GET form breadth first from the start page and the "
        "modules' landing pages through Django's test client, and fails if any page answers "
        "with a server error (5xx), naming the page, the role and the exception. Needs the "
        "demo (`ankommen load_demo`); writes sessions and audit entries, so run it on a "
        "demo database only (CI runs it on a fresh SQLite demo)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--per-pattern",
            type=int,
            default=40,
            help="At most this many URLs of one URL pattern per role (default 40).",
        )
        parser.add_argument(
            "--per-public-pattern",
            type=int,
            default=5,
            help="For signed-in roles, at most this many URLs of a pattern that the "
            "anonymous visitor's crawl has visited already (default 5): a few prove the "
            "role's own rendering of public pages; the rest of the role cap goes to the "
            "pages only the role sees.",
        )
        parser.add_argument(
            "--per-role",
            type=int,
            default=400,
            help="At most this many URLs per role (default 400).",
        )
        parser.add_argument(
            "--browser",
            choices=("auto", "on", "off"),
            default="auto",
            help="Also open every public page type in every language in headless Chromium "
            f"at {NARROWEST} CSS px, and every staff page type the crawl reached as each "
            f"signed-in role at {PHONE} CSS px, and fail on any page wider than that: 'auto' "
            "(default) when Playwright is installed, 'on' always (an error without it), "
            "'off' never.",
        )
        parser.add_argument(
            "--role",
            action="append",
            dest="roles",
            metavar="LABEL",
            help="Crawl only this role (its label in the summary; repeatable).",
        )

    def handle(
        self,
        *args,
        per_pattern: int,
        per_public_pattern: int,
        per_role: int,
        roles: list[str] | None,
        browser: str = "auto",
        **options,
    ):
        region = Region.objects.filter(slug=DEMO_REGION_SLUG).first()
        if region is None:
            raise CommandError("the demo region is missing: run `ankommen load_demo` first")
        chosen = [(label, username) for label, username in ROLES if not roles or label in roles]
        if roles and len(chosen) != len(set(roles)):
            known = ", ".join(label for label, _ in ROLES)
            raise CommandError(f"unknown role; the roles are: {known}")
        verbose = options["verbosity"] >= 2
        crawler = Crawler(
            per_pattern=per_pattern,
            per_role=per_role,
            log=self.stdout.write if verbose else None,
        )
        # The crawl is one client: the API v1's per-address limit would answer 429 instead
        # of the pages. The test client's host name is added to the allowed ones.
        with (
            override_settings(
                API_RATE_LIMIT_PER_MINUTE=0, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]
            ),
            _console_silenced(),
        ):
            urls = start_urls(region)
            reports, public, staff = [], {}, []
            for label, username in chosen:
                client = self._client(label, username)
                report = crawler.crawl(label, client, urls, pattern_caps=public)
                reports.append(report)
                if username is None:
                    public = dict.fromkeys(_answered_patterns(report), per_public_pattern)
                else:
                    staff.append((label, client, staff_pages(report, region)))
            wide = self._widths(region, browser, staff)
        self._summary(reports, verbose=verbose)
        failures = [failure for report in reports for failure in report.failures]
        problems = []
        if failures:
            problems.append(f"{len(failures)} page(s) answered with a server error (above)")
        if wide:
            problems.append(f"{len(wide)} page(s) wider than the screen (above)")
        if problems:
            raise CommandError("; ".join(problems))

    def _widths(self, region: Region, browser: str, staff: list) -> list:
        """Every public page type in every language of the region, at 320 CSS px; every
        staff page type each signed-in role reached (`staff`: label, client, addresses),
        as that role at 390 CSS px."""
        if browser == "off":
            return []
        from ankommen.devtools.testing.public_pages import CHROMIUM, too_wide

        if importlib.util.find_spec("playwright") is None or not Path(CHROMIUM).exists():
            # Playwright is a test dependency, Chromium a system package (system-deps.sh test).
            if browser == "on":
                raise CommandError(f"--browser on needs Playwright and {CHROMIUM}")
            self.stdout.write("crawl_demo: widths not checked (no Playwright or Chromium)")
            return []
        urls = [url for _code, _kind, url in every_public_page(region)]
        wide = too_wide(urls) if urls else []
        self.stdout.write(
            f"crawl_demo: {len(urls)} public pages opened in Chromium at {NARROWEST} px, "
            f"{len(wide)} wider"
        )
        for label, client, pages in staff:
            found = too_wide(pages, client, width=PHONE, role=label) if pages else []
            self.stdout.write(
                f"crawl_demo: {label}: {len(pages)} staff page types opened in Chromium at "
                f"{PHONE} px, {len(found)} wider"
            )
            wide += found
        for item in wide:
            self.stdout.write(f"  TOO WIDE {item.headline()}")
        return wide

    def _client(self, label: str, username: str | None) -> Client:
        client = Client(raise_request_exception=False)
        if username is None:
            return client
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"demo account {username} ({label}) is missing: run load_demo")
        client.force_login(user)
        # Case pages and, for case roles, the admin ask for the TOTP code first; the crawl
        # stands in for a person who has just confirmed it.
        session = client.session
        mark_verified(session, user)
        session.save()
        return client

    def _summary(self, reports: list[RoleReport], *, verbose: bool) -> None:
        for report in reports:
            classes = report.status_classes()
            statuses = " ".join(f"{key} {classes[key]}" for key in sorted(classes))
            skipped = ", ".join(f"{reason} {n}" for reason, n in sorted(report.skipped.items()))
            unreached = len(report.unvisited_patterns)
            self.stdout.write(
                f"crawl_demo: {report.role}: {report.pages} pages, {len(report.patterns)} "
                "URL patterns"
                + (f" ({unreached} more found but not reached)" if unreached else "")
                + f", {report.seconds:.1f} s; {statuses}"
                + (f"; skipped: {skipped}" if skipped else "")
            )
            self._failures(report.failures, verbose=verbose)
        total = sum(report.pages for report in reports)
        seconds = sum(report.seconds for report in reports)
        self.stdout.write(f"crawl_demo: {total} pages for {len(reports)} roles in {seconds:.0f} s")

    def _failures(self, failures: list[Failure], *, verbose: bool) -> None:
        """Each failure with its exception; the same error on more URLs of one pattern is
        counted, not repeated (all of them, with tracebacks, at --verbosity 2)."""
        groups: dict[tuple[str, str], list[Failure]] = {}
        for failure in failures:
            key = (pattern_of(urlsplit(failure.url).path), failure.exception)
            groups.setdefault(key, []).append(failure)
        for group in groups.values():
            for failure in group if verbose else group[:1]:
                self.stdout.write(f"  FAILED {failure.headline()}\n    {failure.exception}")
                if failure.where:
                    self.stdout.write(f"    at {failure.where}")
                if verbose:
                    self.stdout.write(failure.traceback)
            if len(group) > 1 and not verbose:
                self.stdout.write(
                    f"    and {len(group) - 1} more URL(s) of this pattern with this error, "
                    f"e.g. {group[1].url}"
                )
