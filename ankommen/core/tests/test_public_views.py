"""The installation's start page and a region's page."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from ankommen.core.demo import DEMO_DIR
from ankommen.core.loader import load_region
from ankommen.core.models import Language, Region
from ankommen.core.routing import resolve_region_language
from ankommen.core.tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_region() -> Region:
    return load_region(DEMO_DIR)


def test_start_page_lists_the_thirteen_towns(client, demo_region):
    content = client.get("/").content.decode()
    towns = demo_region.towns().values_list("name", flat=True)
    assert [town for town in towns if town not in content] == []


def test_start_page_is_german_by_default(client, demo_region):
    response = client.get("/")
    assert '<html lang="de"' in response.content.decode()


def test_start_page_speaks_german(client, demo_region):
    response = client.get("/")
    assert "Zum Inhalt springen" in response.content.decode()


def test_visitor_switches_the_interface_to_english(client, demo_region):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/")
    assert "Regions on this platform" in response.content.decode()


def test_start_page_refuses_post(client, demo_region):
    assert client.post("/").status_code == 405


def test_region_page_lists_its_towns(client, demo_region):
    content = client.get("/kreis-guetersloh/fachkraefte/").content.decode()
    assert "Schloß Holte-Stukenbrock" in content


def test_unknown_region_is_not_found(client, demo_region):
    assert client.get("/kreis-nirgendwo/").status_code == 404


def test_search_finds_a_region_by_a_town(client, demo_region):
    RegionFactory(name="Kreis Herford", slug="kreis-herford")
    content = client.get("/", {"q": "Versmold"}).content.decode()
    assert "Kreis Gütersloh" in content and "Kreis Herford" not in content


def test_start_page_paginates_many_regions(client, db):
    for _ in range(25):
        RegionFactory()
    response = client.get("/", {"page": 2})
    assert len(response.context["page"].object_list) == 5


def test_health_check_answers(client, db):
    assert client.get("/healthz").content == b"ok"


def test_arabic_content_is_laid_out_right_to_left(demo_region):
    _region, arabic = resolve_region_language("kreis-guetersloh", "ar")
    request = RequestFactory().get("/")
    html = render_to_string("base.html", {"content_language": arabic}, request=request)
    assert '<html lang="ar" dir="rtl">' in html


def test_leichte_sprache_is_announced_as_german(demo_region):
    _region, easy = resolve_region_language("kreis-guetersloh", "de-x-ls")
    request = RequestFactory().get("/")
    with translation.override("de"):
        html = render_to_string("base.html", {"content_language": easy}, request=request)
    assert '<html lang="de" dir="ltr">' in html


def test_language_the_region_does_not_offer_is_not_found(demo_region):
    Language.objects.create(
        code="sw", native_name="Kiswahili", name_de="Swahili", name_en="Swahili"
    )
    from django.http import Http404

    with pytest.raises(Http404):
        resolve_region_language("kreis-guetersloh", "sw")


def test_start_page_links_to_the_regions_modules(client, demo_region):
    content = client.get("/").content.decode()
    assert "/kreis-guetersloh/de/monitoring/" in content
