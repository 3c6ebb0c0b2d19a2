"""The Sprachlotsen pool keeps its own records; the KI's volunteer record of a Sprachlotsin
links to her place in the pool, and deleting the one leaves the other."""

import pytest
from django.urls import reverse

from ankommen.mediation.models import Mediator
from ankommen.mediation.tests.factories import MediatorFactory
from ankommen.volunteering.tests.conftest import volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(cast, ehrenamt):
    mediator = MediatorFactory(region=cast.region, user=ehrenamt.marlene_user)
    record = volunteer(
        ehrenamt.ki, "Marlene Hoffmann", user=ehrenamt.marlene_user, mediator=mediator
    )
    return mediator, record


def test_her_page_leads_to_her_sprachlotsen_assignments(client_for, ehrenamt, linked):
    page = client_for(ehrenamt.marlene_user).get(
        reverse("volunteering:mine", args=[ehrenamt.ki.region.slug])
    )

    assert (
        reverse("mediation:my_assignments", args=[ehrenamt.ki.region.slug]) in page.content.decode()
    )


def test_the_pool_reaches_the_volunteer_record(linked):
    mediator, record = linked

    assert Mediator.objects.get(pk=mediator.pk).volunteer == record


def test_deleting_the_volunteer_record_keeps_the_pool_record(client_for, ehrenamt, linked):
    mediator, record = linked

    client_for(ehrenamt.marlene_user).post(
        reverse("volunteering:mine_erase", args=[ehrenamt.ki.region.slug, record.pk]),
        {"confirm": "yes"},
    )

    assert Mediator.objects.filter(pk=mediator.pk).exists()
