import io
from pathlib import Path

import pytest
from django.apps import apps
from django.db import transaction

from ankommen.core.loader import load_region
from ankommen.core.models import Region
from ankommen.directory.demo import load_demo_directory

CORE_DEMO = Path(apps.get_app_config("core").path) / "demo" / "kreis_guetersloh"


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """The Kreis Gütersloh region with the directory's demo data, loaded once per test
    module inside a transaction that is rolled back after the module's last test; each
    test runs in a savepoint within it."""
    with django_db_blocker.unblock(), transaction.atomic():
        region = load_region(CORE_DEMO)
        load_demo_directory(stdout=io.StringIO())
        yield region
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_once, db) -> Region:
    return Region.objects.get(pk=demo_once.pk)


@pytest.fixture(autouse=True)
def _english_messages():
    """Tests read messages in English, the source language of the code."""
    from django.utils import translation

    with translation.override("en"):
        yield
