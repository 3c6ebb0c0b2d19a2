import datetime as dt
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.core.cache import cache
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
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """The Kreis Gütersloh demo region (portal pages in eleven languages, the directory's
    offers, places and events) plus an imprint page and an event in the coming weeks,
    loaded once per test module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        region = load_region(CORE_DEMO)
        region.languages.set(Language.objects.all())
        load_demo_directory(stdout=io.StringIO())
        load_demo_pages(stdout=io.StringIO(), region=region)
        imprint = Page.objects.create(
            region=region, slug="impressum", position=999, status=Page.Status.PUBLISHED
        )
        for code, title in (("de", "Impressum"), ("en", "Imprint")):
            PageTranslation.objects.create(
                page=imprint,
                language=Language.objects.get(code=code),
                title=title,
                body="<p>Kreis Gütersloh, Herzebrocker Straße 140, 33334 Gütersloh</p>",
            )
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
