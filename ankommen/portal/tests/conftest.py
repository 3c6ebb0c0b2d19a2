import io

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
