"""The public page about the pools: open to everybody, counts per language from the data,
never a mediator's name or address, linked from the region's start page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ankommen.core.models import Role
from ankommen.core.tests.factories import give_role
from ankommen.mediation.models import Evidence, Mediator, Setting, SettingPolicy, Tier
from ankommen.mediation.tests.factories import MediatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _public_in_german(cast):
    """The region offers its public pages in German."""
    cast.region.languages.add(cast.region.default_language)


def _url(cast, language=None):
    return reverse(
        "mediation_public:pools",
        kwargs={
            "region": cast.region.slug,
            "language": language or cast.region.default_language.code,
        },
    )


def _languages(response):
    return {
        row.language.code: (row.volunteers, row.professionals)
        for row in response.context["languages"]
    }


def test_an_anonymous_visitor_reads_the_page(cast, pool, client_for):
    assert client_for(None).get(_url(cast)).status_code == 200


def test_the_page_counts_active_mediators_per_language(cast, pool, client_for):
    MediatorFactory(region=cast.region, home_area=pool.rheda, speaks=["ro", "bg"])
    response = client_for(None).get(_url(cast))
    assert _languages(response) == {"bg": (5, 1), "ro": (1, 0)}


def test_a_paused_mediator_is_not_counted(cast, pool, client_for):
    Mediator.objects.filter(pk=pool.volunteers[0].pk).update(status=Mediator.Status.PAUSED)
    assert _languages(client_for(None).get(_url(cast)))["bg"] == (3, 1)


def test_a_mediator_with_an_expired_confidentiality_declaration_is_not_counted(
    cast, pool, client_for
):
    Evidence.objects.filter(mediator=pool.volunteers[0], kind=Evidence.Kind.CONFIDENTIALITY).update(
        valid_until=timezone.localdate() - dt.timedelta(days=1)
    )
    assert _languages(client_for(None).get(_url(cast)))["bg"] == (3, 1)


def test_the_page_names_no_mediator(cast, pool, client_for):
    page = client_for(None).get(_url(cast)).content.decode()
    mediators = [*pool.volunteers, pool.professional]
    assert not [m.name for m in mediators if m.name in page]
    assert not [m.email for m in mediators if m.email in page]
    assert not [m.phone for m in mediators if m.phone in page]


def test_the_page_shows_the_regions_lead_time(cast, pool, client_for):
    SettingPolicy.objects.create(
        region=cast.region,
        setting=Setting.EVERYDAY,
        tier=Tier.VOLUNTEER,
        allowed=True,
        lead_working_days=7,
    )
    rules = client_for(None).get(_url(cast)).context["rules"]
    everyday = next(volunteer for volunteer, _professional in rules)
    assert everyday.lead_working_days == 7


def test_the_page_names_the_coordinators_organisation_as_contact(cast, pool, client_for):
    ki = cast.kreis_organisation
    ki.email = "ki@example.org"
    ki.save()
    give_role(cast.ki_coordinator, Role.KI_COORDINATOR, cast.region, organisation=ki)
    assert "ki@example.org" in client_for(None).get(_url(cast)).content.decode()


def test_a_language_the_region_does_not_offer_is_404(cast, pool, client_for):
    assert client_for(None).get(_url(cast, "zz")).status_code == 404


def test_an_unknown_region_is_404(cast, client_for):
    url = reverse("mediation_public:pools", kwargs={"region": "nirgendwo", "language": "de"})
    assert client_for(None).get(url).status_code == 404


def test_posting_to_the_page_is_405(cast, pool, client_for):
    assert client_for(None).post(_url(cast)).status_code == 405


def test_the_regions_start_page_links_to_the_page(cast, pool, client_for):
    start = client_for(None).get(reverse("core:region", args=[cast.region.slug]))
    assert _url(cast) in start.content.decode()
