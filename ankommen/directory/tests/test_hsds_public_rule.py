"""Issue 13: the HSDS API served an offer whose validity had ended, which the directory
page no longer shows. Both now use `Offer.objects.public()`."""

import datetime as dt

import pytest
from django.utils import timezone

from ankommen.directory.tests.factories import OfferFactory


@pytest.fixture
def expired(cast, public_region):
    return OfferFactory(
        organisation=cast.kreis_organisation,
        valid_to=timezone.localdate() - dt.timedelta(days=1),
    )


def test_the_hsds_detail_of_an_expired_offer_is_not_found(client, expired):
    path = f"/{expired.region.slug}/de/angebote/hsds/services/{expired.key}/"
    assert client.get(path).status_code == 404


def test_the_hsds_list_leaves_out_an_expired_offer(client, expired):
    response = client.get(f"/{expired.region.slug}/de/angebote/hsds/services/")
    assert response.json()["total_items"] == 0


def test_the_directory_page_and_the_hsds_detail_agree_on_an_expired_offer(client, expired):
    page = client.get(f"/{expired.region.slug}/de/angebote/{expired.key}/")
    hsds = client.get(f"/{expired.region.slug}/de/angebote/hsds/services/{expired.key}/")
    assert page.status_code == hsds.status_code == 404


def test_a_modified_after_that_is_no_date_is_a_bad_request(client, public_region):
    response = client.get(
        f"/{public_region.slug}/de/angebote/hsds/services/", {"modified_after": "gestern"}
    )
    assert response.status_code == 400
    assert "modified_after" in response.json()["error"]


def test_modified_after_takes_a_date_and_time(client, expired, cast):
    fresh = OfferFactory(organisation=cast.kreis_organisation)
    response = client.get(
        f"/{fresh.region.slug}/de/angebote/hsds/services/",
        {"modified_after": "2000-01-01T00:00:00+01:00"},
    )
    assert response.json()["total_items"] == 1
