"""Cached answers never outlive a published change: edit → the next GET shows it."""

from django.db import transaction

from ankommen.core.content_version import region_version
from ankommen.core.models import ContentVersion, Language
from ankommen.directory.models import OpeningHours
from ankommen.directory.tests.factories import OfferFactory, PlaceFactory
from ankommen.portal.models import Page, PageTranslation

R = "/api/v3/kreis-guetersloh"


def titles(client, path: str) -> list[str]:
    return [item["title"] for item in client.get(path).json()]


def test_a_second_get_is_answered_from_the_cache_without_building_the_answer(
    client, verl_region, django_assert_max_num_queries, settings
):
    # Counting the rate limit in the database is its own query (test_v3_bounded.py).
    settings.API_V3_RATE_LIMIT_PER_MINUTE = 0
    client.get(f"{R}/de/pages/")
    with django_assert_max_num_queries(1):  # only the content version is read
        assert client.get(f"{R}/de/pages/").status_code == 200


def test_an_edited_translation_shows_at_once(client, verl_region):
    client.get(f"{R}/de/pages/")
    text = PageTranslation.objects.get(page__slug="wohnen", language__code="de")
    text.title = "Wohnen im Kreis"
    text.save()
    assert titles(client, f"{R}/de/pages/")[0] == "Wohnen im Kreis"


def test_a_new_translation_shows_at_once_in_its_language(client, verl_region):
    client.get(f"{R}/ar/pages/")
    PageTranslation.objects.create(
        page=Page.objects.get(slug="wohnen"),
        language=Language.objects.get(code="ar"),
        title="السكن",
    )
    assert titles(client, f"{R}/ar/pages/") == ["السكن"]


def test_a_page_set_back_to_draft_disappears_at_once(client, verl_region):
    client.get(f"{R}/de/pages/")
    page = Page.objects.get(slug="mietvertrag")
    page.status = Page.Status.DRAFT
    page.save()
    assert titles(client, f"{R}/de/pages/") == ["Wohnen"]


def test_a_deleted_page_disappears_at_once(client, verl_region):
    client.get(f"{R}/de/pages/")
    Page.objects.get(slug="mietvertrag").delete()
    assert titles(client, f"{R}/de/pages/") == ["Wohnen"]


def test_a_page_published_later_shows_at_once(client, verl_region):
    draft = Page.objects.create(region=verl_region, slug="arbeit", position=20)
    PageTranslation.objects.create(
        page=draft, language=Language.objects.get(code="de"), title="Arbeit"
    )
    client.get(f"{R}/de/pages/")
    draft.status = Page.Status.PUBLISHED
    draft.save()
    assert titles(client, f"{R}/de/pages/")[-1] == "Arbeit"


def test_a_changed_opening_time_shows_at_once_in_the_locations(client, cast, verl_region):
    place = PlaceFactory(area=cast.verl, name="Rathaus Verl")
    OfferFactory(organisation=cast.verl_organisation).places.add(place)
    hours = OpeningHours.objects.create(place=place, weekday=0, opens="09:00", closes="12:00")
    client.get(f"{R}/de/locations/")
    hours.closes = "13:00"
    hours.save()
    monday = client.get(f"{R}/de/locations/").json()[0]["opening_hours"][0]
    assert monday["timeSlots"][0]["end"] == "13:00"


def test_a_place_added_to_an_offer_shows_at_once(client, cast, verl_region):
    offer = OfferFactory(organisation=cast.verl_organisation)
    client.get(f"{R}/de/locations/")
    offer.places.add(PlaceFactory(area=cast.verl, name="Rathaus Verl"))
    assert titles(client, f"{R}/de/locations/") == ["Rathaus Verl"]


def test_a_language_the_region_stops_offering_answers_404_at_once(client, verl_region):
    client.get(f"{R}/en/pages/")
    verl_region.languages.remove(Language.objects.get(code="en"))
    assert client.get(f"{R}/en/pages/").status_code == 404


def test_a_renamed_region_shows_at_once_in_the_regions_list(client, verl_region):
    client.get("/api/v3/regions/")
    verl_region.name = "Kreis Gütersloh (Ostwestfalen)"
    verl_region.save()
    names = [r["name"] for r in client.get("/api/v3/regions/").json()]
    assert "Kreis Gütersloh (Ostwestfalen)" in names


def test_a_change_in_another_region_leaves_this_regions_version_alone(client, cast, verl_region):
    before = region_version(verl_region.pk)
    cast.other_region.name = "Kreis Herford (neu)"
    cast.other_region.save()
    assert region_version(verl_region.pk) == before


def test_a_rolled_back_edit_does_not_raise_the_version(verl_region):
    before = region_version(verl_region.pk)
    text = PageTranslation.objects.get(page__slug="wohnen", language__code="de")
    try:
        with transaction.atomic():
            text.title = "Nie gespeichert"
            text.save()
            raise RuntimeError("the editor's request fails")
    except RuntimeError:
        pass
    assert ContentVersion.objects.get(region=verl_region).number == before


def test_a_page_moved_up_by_its_editor_moves_at_once(client_for, cast, verl_region):
    later = Page.objects.create(
        region=verl_region, slug="arbeit", position=20, status=Page.Status.PUBLISHED
    )
    PageTranslation.objects.create(
        page=later, language=Language.objects.get(code="de"), title="Arbeit"
    )
    visitor = client_for(None)
    visitor.get(f"{R}/de/children/")
    client_for(cast.ki_coordinator).post(
        f"/kreis-guetersloh/intern/portal/seite/{later.pk}/verschieben/", {"direction": "up"}
    )
    assert titles(visitor, f"{R}/de/children/") == ["Arbeit", "Wohnen"]
