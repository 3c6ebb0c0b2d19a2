import datetime as dt
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.core.cache import cache, caches
from django.db import transaction
from django.utils import timezone

from ankommen.core.loader import load_region
from ankommen.core.models import Language, Region
from ankommen.directory.demo import load_demo_directory
from ankommen.directory.models import Event, Place
from ankommen.portal.demo import load_demo_pages
from ankommen.portal.models import Page, PageTranslation

CORE_DEMO = Path(apps.get_app_config("core").path) / "demo" / "kreis_guetersloh"


@pytest.fixture(autouse=True)
def _empty_cache():
    # The local-memory cache outlives a test's rolled-back transaction; content versions
    # start again at the same numbers in the next test.
    for each in (cache, caches["api"]):
        each.clear()
    yield
    for each in (cache, caches["api"]):
        each.clear()


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """The Kreis Gütersloh demo region (portal pages and its legal pages, the imprint among
    them, in eleven languages, the directory's offers, places and events) plus an event in
    the coming weeks, loaded once per test module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        region = load_region(CORE_DEMO)
        region.languages.set(Language.objects.all())
        load_demo_directory(stdout=io.StringIO())
        load_demo_pages(stdout=io.StringIO(), region=region)
        place = Place.objects.filter(region=region).order_by("pk").first()
        first = Event.objects.filter(region=region).order_by("pk").first()
        Event.objects.create(
            region=region,
            key="sprachcafe-api",
            organisation=first.organisation,
            title="Sprachcafé",
            titles={"en": "Language café"},
            description="Deutsch sprechen bei Kaffee und Tee.",
            place=place,
            area=place.area,
            starts=timezone.now().replace(microsecond=0) + dt.timedelta(days=3),
            rrule="FREQ=WEEKLY;COUNT=5",
        )
        yield region
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_once, db) -> Region:
    return Region.objects.get(pk=demo_once.pk)


@pytest.fixture
def verl_region(cast) -> Region:
    """The cast's Kreis Gütersloh offering German, English and Arabic, with a small
    published page tree: Wohnen → Mietvertrag."""
    from ankommen.core.loader import load_platform

    load_platform()
    region = cast.region
    region.default_language = Language.objects.get(code="de")
    region.save()
    region.languages.set(Language.objects.filter(code__in=["de", "en", "ar"]))
    housing = Page.objects.create(
        region=region, slug="wohnen", position=10, status=Page.Status.PUBLISHED
    )
    lease = Page.objects.create(
        region=region, slug="mietvertrag", parent=housing, status=Page.Status.PUBLISHED
    )
    for page, de, en in (
        (housing, "Wohnen", "Housing"),
        (lease, "Der Mietvertrag", "The tenancy agreement"),
    ):
        PageTranslation.objects.create(
            page=page, language=Language.objects.get(code="de"), title=de, body=f"<p>{de}</p>"
        )
        PageTranslation.objects.create(
            page=page, language=Language.objects.get(code="en"), title=en, body=f"<p>{en}</p>"
        )
    return region
