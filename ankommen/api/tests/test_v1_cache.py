"""The v1 answer cache never outlives a committed change: edit → the next GET shows it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from ankommen.api.tests.v1_world import build_world
from ankommen.api.v1 import conf
from ankommen.core.content_version import total_version
from ankommen.core.models import TargetGroup
from ankommen.directory.models import OfferTranslation
from ankommen.monitoring.models import ImportRun, Value

BASE = "/api/v1/regions/kreis-guetersloh"


@pytest.fixture
def world(cast):
    return build_world(cast)


@pytest.fixture(autouse=True)
def _fresh_caches():
    conf.cache().clear()
    conf.answer_cache().clear()
    yield
    conf.cache().clear()
    conf.answer_cache().clear()


@pytest.fixture
def anonymous():
    return Client()


def offer_titles(client) -> list[str]:
    return [row["title"] for row in client.get(f"{BASE}/en/offers/").json()["results"]]


def test_a_second_get_is_answered_without_building_the_answer(
    world, anonymous, django_assert_max_num_queries
):
    anonymous.get(f"{BASE}/de/offers/")
    with django_assert_max_num_queries(1):  # only the content versions' sum
        assert anonymous.get(f"{BASE}/de/offers/").status_code == 200


def test_an_edited_offer_text_shows_at_once(world, anonymous):
    offer_titles(anonymous)
    text = OfferTranslation.objects.get(offer=world.counselling, language=world.english)
    text.title = "Counselling for newcomers in Verl"
    text.save()
    assert offer_titles(anonymous) == ["Counselling for newcomers in Verl"]


def test_a_target_group_added_to_an_offer_shows_at_once(world, cast, anonymous):
    anonymous.get(f"{BASE}/de/offers/")
    group = TargetGroup.objects.create(region=cast.region, slug="frauen", name="Frauen")
    world.counselling.target_groups.add(group)
    row = anonymous.get(f"{BASE}/de/offers/").json()["results"][0]
    assert row["target_groups"] == ["frauen"]


def test_a_corrected_indicator_value_shows_at_once(world, anonymous):
    path = f"{BASE}/de/indicators/bevoelkerung/values/"
    anonymous.get(path)
    value = Value.objects.get(indicator__slug="bevoelkerung", reference_date=dt.date(2023, 12, 31))
    value.value = Decimal("367000")
    value.save()
    rows = anonymous.get(path).json()["results"]
    assert rows[-1]["value"] == 367000.0


def test_a_statistics_import_raises_the_version_the_answers_are_kept_under(world, cast):
    before = total_version()
    ImportRun.objects.create(
        region=cast.region, file_name="12411-01-01-4.csv", sha256="0" * 64, format="ffcsv"
    )
    assert total_version() > before
