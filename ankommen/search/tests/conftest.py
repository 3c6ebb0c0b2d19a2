import io
from pathlib import Path

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import transaction

from ankommen.core.loader import load_platform, load_region
from ankommen.core.models import Language, Region
from ankommen.directory.demo import load_demo_directory
from ankommen.portal.demo import load_demo_pages

CORE_DEMO = Path(apps.get_app_config("core").path) / "demo" / "kreis_guetersloh"


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """The Kreis Gütersloh demo region with its portal pages (eleven languages), glossary
    and directory, loaded once per test module inside a transaction rolled back after the
    module's last test; each test runs in a savepoint within it."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_platform()
        region = load_region(CORE_DEMO)
        region.languages.set(Language.objects.all())
        load_demo_directory(stdout=io.StringIO())
        load_demo_pages(stdout=io.StringIO(), region=region)
        yield region
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_once, db) -> Region:
    return Region.objects.get(pk=demo_once.pk)


@pytest.fixture(autouse=True)
def _empty_page_cache():
    cache.clear()
    yield
    cache.clear()
