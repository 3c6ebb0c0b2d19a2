"""The test cast: two towns of one Kreis and the people who work there, plus a second
region whose data the first must never see. Built by factories, no magic ids."""

from dataclasses import dataclass

import pytest
from django.test import Client

from ankommen.core.models import Area, Organisation, Region, Role, User
from ankommen.core.tests.factories import (
    AreaFactory,
    LanguageFactory,
    OrganisationFactory,
    RegionFactory,
    TeamFactory,
    UserFactory,
    give_role,
)

# Tests run with DEBUG off, where case data needs its own keys (system check
# ankommen.cases.E001): a fixed test-only key, unless the run brings its own.
TEST_CASE_KEY = "dGVzdC1vbmx5LWNhc2Uta2V5LWZvci1weXRlc3QtMzI="  # base64 of 32 test bytes
TEST_INDEX_KEY = "test-only-key-of-the-client-search-index"


def pytest_configure(config):
    import os

    from django.conf import settings

    # The settings are read before this hook runs (pytest-django loads them first); the
    # variable is for the settings of the processes that tests start.
    os.environ.setdefault("ANKOMMEN_CASES_KEYS", TEST_CASE_KEY)
    os.environ.setdefault("ANKOMMEN_CASES_INDEX_KEY", TEST_INDEX_KEY)
    if not settings.CASES_ENCRYPTION_KEYS:
        settings.CASES_ENCRYPTION_KEYS = [TEST_CASE_KEY]
    if not settings.CASES_INDEX_KEY:
        settings.CASES_INDEX_KEY = TEST_INDEX_KEY


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher; tests need no brute-force resistance.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _public_address(settings):
    # Production must set ANKOMMEN_BASE_URL (check ankommen.E010); the tests run without
    # DEBUG, so they give links in mail the test client's host.
    settings.ANKOMMEN_BASE_URL = "http://testserver"


@dataclass
class Cast:
    region: Region
    verl: Area
    verl_quarter: Area
    versmold: Area
    verl_organisation: Organisation
    versmold_organisation: Organisation
    kreis_organisation: Organisation
    other_region: Region
    other_organisation: Organisation
    officer_verl: User
    officer_versmold: User
    ki_coordinator: User
    caritas_editor: User
    volunteer: User
    case_manager: User
    team_lead: User
    other_coordinator: User
    admin: User


@pytest.fixture
def cast(db) -> Cast:
    return build_cast()


def build_cast() -> Cast:
    """The cast's records, for fixtures that build them once per test module."""
    region = RegionFactory(slug="kreis-guetersloh", name="Kreis Gütersloh", official_key="05754")
    kreis = AreaFactory(
        region=region, kind=Area.Kind.DISTRICT, name="Kreis Gütersloh", official_key="05754"
    )
    verl = AreaFactory(region=region, parent=kreis, name="Verl", official_key="05754044")
    verl_quarter = AreaFactory(
        region=region, parent=verl, kind=Area.Kind.QUARTER, name="Sürenheide"
    )
    versmold = AreaFactory(region=region, parent=kreis, name="Versmold", official_key="05754048")
    verl_organisation = OrganisationFactory(
        region=region, name="Begegnungsstätte Verl", areas=[verl_quarter]
    )
    versmold_organisation = OrganisationFactory(
        region=region, name="Haus der Familie", areas=[versmold]
    )
    kreis_organisation = OrganisationFactory(
        region=region, name="Caritas im Kreis", areas=[verl, versmold]
    )
    other_region = RegionFactory(slug="kreis-herford", name="Kreis Herford", official_key="05758")
    other_town = AreaFactory(region=other_region, name="Bünde", official_key="05758004")
    other_organisation = OrganisationFactory(
        region=other_region, name="Treffpunkt Bünde", areas=[other_town]
    )
    team = TeamFactory(organisation=kreis_organisation, name="KIM Verl")

    def person(username: str, role: str | None = None, within: Region = region, **scope):
        user = UserFactory(username=username)
        if role:
            give_role(user, role, within, **scope)
        return user

    return Cast(
        region=region,
        verl=verl,
        verl_quarter=verl_quarter,
        versmold=versmold,
        verl_organisation=verl_organisation,
        versmold_organisation=versmold_organisation,
        kreis_organisation=kreis_organisation,
        other_region=other_region,
        other_organisation=other_organisation,
        officer_verl=person("vera", Role.MUNICIPAL_OFFICER, area=verl),
        officer_versmold=person("valentin", Role.MUNICIPAL_OFFICER, area=versmold),
        ki_coordinator=person("katrin", Role.KI_COORDINATOR),
        caritas_editor=person("carla", Role.ORGANISATION_EDITOR, organisation=kreis_organisation),
        volunteer=person("sara", Role.VOLUNTEER),
        case_manager=person("fatma", Role.CASE_MANAGER, organisation=kreis_organisation, team=team),
        team_lead=person("tobias", Role.TEAM_LEAD, organisation=kreis_organisation, team=team),
        other_coordinator=person("hanna", Role.KI_COORDINATOR, within=other_region),
        admin=UserFactory(username="ada", is_superuser=True, is_staff=True),
    )


@pytest.fixture
def public_region(cast) -> Region:
    """The cast's region with German as a content language, as its public pages need."""
    cast.region.languages.add(LanguageFactory(code="de"))
    return cast.region


@pytest.fixture
def client_for():
    """A test client signed in as the given person."""

    def make(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def smtp(settings):
    """A real SMTP server on 127.0.0.1 that Django's SMTP backend sends to; it is down
    until the test starts it."""
    from ankommen.devtools.testing.smtp import LocalSMTPServer

    server = LocalSMTPServer()
    server.configure(settings)
    yield server
    server.stop()


# --- Browser tests -----------------------------------------------------------------------
# Headless Debian Chromium driven by Playwright, against pytest-django's live server. The
# helpers beside these fixtures (signing in, axe-core) are in ankommen/devtools/testing.

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    import os

    from playwright.sync_api import sync_playwright

    # Playwright runs an event loop in this thread; the Django code under test runs in the
    # live server's thread, so the ORM calls made by tests here are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    """A fresh browser tab (desktop size, German) whose relative URLs go to the live server."""
    context = chromium.new_context(
        base_url=live_server.url, locale="de-DE", viewport={"width": 1280, "height": 900}
    )
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def phone(chromium, live_server):
    """A browser tab 360 px wide, like a small phone."""
    context = chromium.new_context(
        base_url=live_server.url,
        locale="de-DE",
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    tab = context.new_page()
    yield tab
    context.close()
