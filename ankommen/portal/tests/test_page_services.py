"""Issue 16: portal pages that know their services – shown for the visitor's town, through
the directory's public rules, with a helpful empty state; editors attach them, officers
only for their own towns."""

import pytest

from ankommen.core.town_choice import COOKIE
from ankommen.directory.tests.factories import OfferFactory, PlaceFactory
from ankommen.portal.models import Page, PageService


@pytest.fixture
def page(portal):
    return Page.objects.get(region=portal, slug="ankommen-und-anmelden")


@pytest.fixture
def buergerbuero_verl(cast, page):
    place = PlaceFactory(area=cast.verl, name="Bürgerbüro Verl", latitude=51.88, longitude=8.51)
    offer = OfferFactory(organisation=cast.verl_organisation, title="Bürgerbüro Verl")
    offer.phone = "+49 5246 000001"
    offer.save()
    offer.places.set([place])
    offer.areas.set([cast.verl])
    return PageService.objects.create(page=page, kind="offer", offer=offer, town=cast.verl)


def _page(client, town=None, path="/kreis-guetersloh/de/ankommen-und-anmelden/"):
    if town is not None:
        client.cookies[COOKIE] = str(town)
    return client.get(path).content.decode()


def test_a_visitor_from_verl_sees_verls_office_with_a_phone_to_tap(client, cast, buergerbuero_verl):
    body = _page(client, cast.verl.pk)
    assert "Bürgerbüro Verl" in body and 'href="tel:+495246000001"' in body


def test_a_visitor_from_a_quarter_of_verl_sees_verls_office(client, cast, buergerbuero_verl):
    assert "Bürgerbüro Verl" in _page(client, cast.verl_quarter.pk)


def test_a_visitor_from_versmold_does_not_see_verls_office(client, cast, buergerbuero_verl):
    assert "Bürgerbüro Verl" not in _page(client, cast.versmold.pk)


def test_without_a_town_the_page_asks_for_one(client, cast, buergerbuero_verl):
    body = _page(client)
    assert "Bürgerbüro Verl" not in body and 'id="services-town"' in body


def test_a_forged_town_gives_the_region_wide_page(client, cast, buergerbuero_verl):
    body = _page(client, "424242")
    assert "Bürgerbüro Verl" not in body and 'id="services-town"' in body


def test_an_unpublished_offer_on_a_page_is_hidden(client, cast, buergerbuero_verl):
    buergerbuero_verl.offer.is_published = False
    buergerbuero_verl.offer.save()
    assert "Bürgerbüro Verl" not in _page(client, cast.verl.pk)


def test_each_town_gets_its_own_cached_copy_of_a_page(client, cast, buergerbuero_verl):
    _page(client, cast.versmold.pk)
    assert "Bürgerbüro Verl" in _page(client, cast.verl.pk)


def test_a_saved_filter_that_matches_nothing_shows_a_helpful_empty_state(client, cast, page):
    PageService.objects.create(
        page=page, kind="filter", filter_query="kind=housing", heading="Wohnberatung"
    )
    body = _page(client, cast.verl.pk)
    assert 'class="empty-state"' in body and "Verl" in body.split('class="empty-state"')[1]


def test_a_saved_filter_lists_the_towns_offers(client, cast, page):
    offer = OfferFactory(
        organisation=cast.verl_organisation, kind="language_course", title="Deutsch mit Kind"
    )
    offer.areas.set([cast.verl])
    PageService.objects.create(page=page, kind="filter", filter_query="kind=language_course")
    assert "Deutsch mit Kind" in _page(client, cast.verl.pk)


# --- Editing ------------------------------------------------------------------------------


def _add(client, page, **data):
    return client.post(f"/kreis-guetersloh/intern/portal/seite/{page.pk}/dienste/", data)


def test_an_officer_adds_a_contact_card_for_her_town(client_for, cast, page):
    _add(
        client_for(cast.officer_verl), page, kind="contact", town=cast.verl.pk, contact_name="Info"
    )
    assert PageService.objects.filter(page=page, town=cast.verl).exists()


def test_an_officer_cannot_add_an_entry_for_another_town(client_for, cast, page):
    response = _add(
        client_for(cast.officer_verl), page, kind="contact", town=cast.versmold.pk, contact_name="X"
    )
    assert response.status_code == 400 and not page.services.exists()


def test_an_entry_without_what_its_kind_needs_is_refused(client_for, cast, page):
    response = _add(client_for(cast.ki_coordinator), page, kind="offer")
    assert response.status_code == 400 and not page.services.exists()


def test_an_officer_cannot_remove_another_towns_entry(client_for, cast, buergerbuero_verl):
    response = client_for(cast.officer_versmold).post(
        f"/kreis-guetersloh/intern/portal/dienst/{buergerbuero_verl.pk}/entfernen/"
    )
    assert (
        response.status_code == 403 and PageService.objects.filter(pk=buergerbuero_verl.pk).exists()
    )


def test_removing_an_entry_by_get_is_refused(client_for, cast, buergerbuero_verl):
    response = client_for(cast.ki_coordinator).get(
        f"/kreis-guetersloh/intern/portal/dienst/{buergerbuero_verl.pk}/entfernen/"
    )
    assert response.status_code == 405


def test_the_coordinator_removes_an_entry(client_for, cast, buergerbuero_verl):
    client_for(cast.ki_coordinator).post(
        f"/kreis-guetersloh/intern/portal/dienst/{buergerbuero_verl.pk}/entfernen/"
    )
    assert not PageService.objects.filter(pk=buergerbuero_verl.pk).exists()


def test_another_regions_coordinator_cannot_see_the_services_page(client_for, cast, page):
    response = client_for(cast.other_coordinator).get(
        f"/kreis-guetersloh/intern/portal/seite/{page.pk}/dienste/"
    )
    assert response.status_code == 404
