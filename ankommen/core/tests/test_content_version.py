"""One content version per region: a single change raises the one number that the
portal's page cache and the API's answer caches both read, once."""

import pytest
from django.core.cache import cache, caches

from ankommen.core.content_version import region_version, total_version
from ankommen.core.loader import load_platform
from ankommen.core.models import Audience, ContentVersion, Language
from ankommen.directory.tests.factories import OfferFactory, PlaceFactory
from ankommen.portal.models import Page, PageTranslation

PAGE = "/kreis-guetersloh/de/wohnen/"
API_PAGES = "/api/v3/kreis-guetersloh/de/pages/"


@pytest.fixture(autouse=True)
def _empty_caches():
    for each in (cache, caches["api"]):
        each.clear()
    yield
    for each in (cache, caches["api"]):
        each.clear()


@pytest.fixture
def housing(cast) -> PageTranslation:
    """The cast's Kreis Gütersloh in German with one published page, Wohnen."""
    load_platform()
    german = Language.objects.get(code="de")
    cast.region.default_language = german
    cast.region.save()
    cast.region.languages.set([german])
    page = Page.objects.create(
        region=cast.region, slug="wohnen", position=10, status=Page.Status.PUBLISHED
    )
    return PageTranslation.objects.create(page=page, language=german, title="Wohnen")


def api_titles(client) -> list[str]:
    return [item["title"] for item in client.get(API_PAGES).json()]


def test_one_edit_raises_the_one_number_and_both_caches_show_it(client, cast, housing):
    client.get(PAGE)
    client.get(API_PAGES)
    before = region_version(cast.region.pk)
    housing.title = "Wohnen im Kreis"
    housing.save()
    seen = (
        region_version(cast.region.pk) - before,
        "Wohnen im Kreis" in client.get(PAGE).content.decode(),
        api_titles(client),
    )
    assert seen == (1, True, ["Wohnen im Kreis"])


def test_a_change_shared_by_every_region_raises_every_regions_number(cast, housing):
    before = {r.pk: region_version(r.pk) for r in (cast.region, cast.other_region)}
    Audience.objects.create(slug="test-publikum", name="Testpublikum")
    after = {r.pk: region_version(r.pk) for r in (cast.region, cast.other_region)}
    assert all(after[pk] > before[pk] for pk in before)


def test_a_place_linked_to_an_offer_raises_its_regions_number(cast, housing):
    offer = OfferFactory(organisation=cast.verl_organisation)
    place = PlaceFactory(area=cast.verl)
    before = region_version(cast.region.pk)
    offer.places.add(place)
    assert region_version(cast.region.pk) > before


def test_a_language_cleared_from_its_regions_raises_their_numbers(cast, housing):
    before = region_version(cast.region.pk)
    Language.objects.get(code="de").regions.clear()
    assert region_version(cast.region.pk) > before


def test_the_number_answers_across_regions_are_kept_under_is_the_sum(cast, housing):
    assert total_version() == sum(ContentVersion.objects.values_list("number", flat=True))
