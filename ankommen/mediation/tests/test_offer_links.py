"""Offer links expire: at most MEDIATION_OFFER_LINK_DAYS after they were sent, and once
the appointment is over. An expired link neither shows the request nor accepts it."""

import datetime as dt
import time

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from ankommen.mediation.models import Assignment, AssignmentOffer
from ankommen.mediation.services import offer_token
from ankommen.mediation.tests.factories import MediationRequestFactory

pytestmark = pytest.mark.django_db

THREE_YEARS = 3 * 365 * 24 * 3600


@pytest.fixture
def offer(cast, pool):
    request = MediationRequestFactory(
        region=cast.region,
        organisation=pool.school,
        language=pool.bulgarian,
        place_area=pool.rheda,
        requested_by=pool.teacher,
    )
    return AssignmentOffer.objects.create(request=request, mediator=pool.volunteers[0], rank=1)


def _signed_ago(offer, seconds: int, monkeypatch) -> str:
    """The offer's token as it was signed `seconds` ago (the signature carries its time)."""
    then = int(time.time()) - seconds
    with monkeypatch.context() as patch:
        patch.setattr(signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(then))
        return offer_token(offer)


def _url(cast, token):
    return reverse("mediation:offer", args=[cast.region.slug, token])


def test_an_offer_link_signed_three_years_ago_does_not_open(cast, offer, client_for, monkeypatch):
    response = client_for(None).get(_url(cast, _signed_ago(offer, THREE_YEARS, monkeypatch)))
    assert response.status_code == 410
    assert "has expired" in response.content.decode()
    assert offer.request.get_setting_display() not in response.content.decode()


def test_an_offer_link_signed_three_years_ago_does_not_accept(cast, offer, client_for, monkeypatch):
    token = _signed_ago(offer, THREE_YEARS, monkeypatch)
    response = client_for(None).post(_url(cast, token), {"answer": "accept"})
    assert response.status_code == 410
    assert not Assignment.objects.exists()
    assert AssignmentOffer.objects.get(pk=offer.pk).status == AssignmentOffer.Status.OPEN


def test_an_offer_link_expires_after_the_configured_days(
    cast, offer, client_for, monkeypatch, settings
):
    settings.MEDIATION_OFFER_LINK_DAYS = 10
    fresh = _signed_ago(offer, 9 * 24 * 3600, monkeypatch)
    stale = _signed_ago(offer, 11 * 24 * 3600, monkeypatch)
    assert client_for(None).get(_url(cast, fresh)).status_code == 200
    assert client_for(None).get(_url(cast, stale)).status_code == 410


def test_an_offer_link_expires_when_the_appointment_is_over(cast, offer, client_for):
    token = offer_token(offer)
    offer.request.starts_at = timezone.now() - dt.timedelta(hours=3)
    offer.request.save()
    response = client_for(None).post(_url(cast, token), {"answer": "accept"})
    assert response.status_code == 410
    assert not Assignment.objects.exists()


def test_the_expired_page_tells_the_mediator_in_german(cast, offer, client_for, monkeypatch):
    token = _signed_ago(offer, THREE_YEARS, monkeypatch)
    response = client_for(None).get(_url(cast, token), HTTP_ACCEPT_LANGUAGE="de")
    assert "abgelaufen" in response.content.decode()


def test_a_forged_offer_link_is_still_not_found(cast, offer, client_for):
    assert client_for(None).get(_url(cast, offer_token(offer) + "x")).status_code == 404
