"""What /api/v1/ publishes: public data only, in the documented shapes."""

import pytest
from django.test import Client

from ankommen.api.tests.v1_world import build_world

BASE = "/api/v1/regions/kreis-guetersloh"


@pytest.fixture
def world(cast):
    return build_world(cast)


@pytest.fixture
def anonymous():
    return Client()


def keys(response) -> list[str]:
    return [row["key"] for row in response.json()["results"]]


def test_regions_list_names_both_regions(world, anonymous):
    response = anonymous.get("/api/v1/regions/")
    assert [r["slug"] for r in response.json()["results"]] == ["kreis-guetersloh", "kreis-herford"]


def test_region_detail_lists_its_content_languages(world, anonymous):
    response = anonymous.get(f"{BASE}/")
    assert response.json()["languages"] == ["de", "en"]


def test_areas_of_a_region_exclude_other_regions(world, cast, anonymous):
    names = {a["name"] for a in anonymous.get(f"{BASE}/areas/").json()["results"]}
    assert names == {"Kreis Gütersloh", "Verl", "Sürenheide", "Versmold"}


def test_published_page_appears_in_the_chosen_language(world, anonymous):
    rows = anonymous.get(f"{BASE}/en/pages/").json()["results"]
    assert [(r["slug"], r["title"], r["state"]) for r in rows] == [
        ("willkommen", "Welcome", "up_to_date")
    ]


def test_draft_page_never_appears(world, anonymous):
    response = anonymous.get(f"{BASE}/de/pages/entwurf/")
    assert response.status_code == 404


def test_page_lists_its_translations_with_their_states(world, anonymous):
    world.welcome.source_version = 2
    world.welcome.save()
    page = anonymous.get(f"{BASE}/de/pages/willkommen/").json()
    assert {t["language"]: t["state"] for t in page["translations"]} == {
        "de": "up_to_date",
        "en": "outdated",
    }


def test_page_detail_carries_the_text(world, anonymous):
    page = anonymous.get(f"{BASE}/en/pages/willkommen/").json()
    assert page["body"] == "<p>Hello</p>"


def test_offers_list_only_published_unexpired_offers(world, anonymous):
    response = anonymous.get(f"{BASE}/de/offers/")
    assert keys(response) == ["migrationsberatung-verl"]


def test_unpublished_offer_detail_is_not_found(world, anonymous):
    response = anonymous.get(f"{BASE}/de/offers/geheimes-angebot/")
    assert response.status_code == 404


def test_unpublished_offer_is_not_found_by_search(world, anonymous):
    response = anonymous.get(f"{BASE}/de/offers/", {"q": "Geheimes"})
    assert keys(response) == []


def test_search_finds_an_offer_in_english(world, anonymous):
    response = anonymous.get(f"{BASE}/de/offers/", {"q": "counselling"})
    assert keys(response) == ["migrationsberatung-verl"]


def test_offer_texts_come_in_the_chosen_language(world, anonymous):
    response = anonymous.get(f"{BASE}/en/offers/migrationsberatung-verl/")
    assert response.json()["title"] == "Migration counselling Verl"


def test_area_filter_uses_the_directory_logic(world, cast, anonymous):
    response = anonymous.get(f"{BASE}/de/offers/", {"area": cast.versmold.pk})
    assert keys(response) == []


def test_area_of_another_region_is_a_bad_parameter(world, cast, anonymous):
    other_area = cast.other_organisation.areas.get()
    response = anonymous.get(f"{BASE}/de/offers/", {"area": other_area.pk})
    assert response.json()["error"]["details"][0]["loc"] == ["query", "area"]


def test_distance_is_given_when_sorting_near_a_point(world, anonymous):
    response = anonymous.get(f"{BASE}/de/offers/", {"lat": 51.88, "lon": 8.51})
    assert response.json()["results"][0]["distance_km"] == 0.0


def test_places_leave_out_the_place_of_an_unpublished_offer(world, anonymous):
    response = anonymous.get(f"{BASE}/places/")
    assert keys(response) == ["buergerhaus-verl"]


def test_events_leave_out_those_of_unpublished_offers(world, anonymous):
    response = anonymous.get(f"{BASE}/de/events/")
    assert keys(response) == ["infoabend"]


def test_event_lists_its_next_dates(world, anonymous):
    event = anonymous.get(f"{BASE}/de/events/").json()["results"][0]
    assert len(event["next_dates"]) == 2  # weekly every six weeks, first in a week, 90 days


def test_indicators_leave_out_unpublished_ones(world, anonymous):
    rows = anonymous.get(f"{BASE}/de/indicators/").json()["results"]
    assert [r["slug"] for r in rows] == ["bevoelkerung"]


def test_unpublished_indicator_values_are_not_found(world, anonymous):
    response = anonymous.get(f"{BASE}/de/indicators/entwurf-indikator/values/")
    assert response.status_code == 404


def test_indicator_values_default_to_the_district(world, anonymous):
    rows = anonymous.get(f"{BASE}/de/indicators/bevoelkerung/values/").json()["results"]
    assert [(r["date"], r["value"]) for r in rows] == [
        ("2022-12-31", 364000.0),
        ("2023-12-31", 366000.0),
    ]


def test_indicator_values_of_another_regions_area_are_not_found(world, cast, anonymous):
    other_area = cast.other_organisation.areas.get()
    response = anonymous.get(f"{BASE}/de/indicators/bevoelkerung/values/", {"area": other_area.pk})
    assert response.status_code == 404


def test_organisations_of_another_region_do_not_appear(world, anonymous):
    response = anonymous.get(f"{BASE}/de/organisations/")
    assert "Treffpunkt Bünde" not in {o["name"] for o in response.json()["results"]}


def test_pagination_pages_are_disjoint_and_complete(world, cast, anonymous):
    seen = []
    url = f"{BASE}/areas/?page_size=3"
    while url:
        body = anonymous.get(url).json()
        seen += [a["id"] for a in body["results"]]
        url = body["next"]
    assert seen == sorted(set(seen)) and len(seen) == 4


# Every answer first reads the installation's content version, which keys the answer
# cache (ankommen/api/v1/http.py); the figures in these tests are what building each list costs.
VERSION_READ = 1


def test_offers_list_takes_a_constant_number_of_queries(
    world, cast, anonymous, django_assert_max_num_queries
):
    for n in range(30):
        offer = type(world.counselling).objects.get(pk=world.counselling.pk)
        offer.pk, offer.key = None, f"kopie-{n}"
        offer.save()
        offer.places.add(world.place)
        offer.areas.add(cast.verl)
    with django_assert_max_num_queries(7 + VERSION_READ):
        response = anonymous.get(f"{BASE}/de/offers/?page_size=100")
    assert response.json()["count"] == 31


@pytest.fixture
def crowd(world, cast):
    """Ten more of everything, so that a query per item would show in the counts."""
    from ankommen.core.models import FieldOfAction
    from ankommen.core.tests.factories import OrganisationFactory
    from ankommen.directory.models import OpeningHours
    from ankommen.directory.tests.factories import EventFactory, OfferFactory, PlaceFactory
    from ankommen.monitoring.tests.factories import IndicatorFactory
    from ankommen.portal.tests.factories import PageFactory, PageTranslationFactory

    field = FieldOfAction.objects.create(region=cast.region, slug="wohnen", name="Wohnen")
    for n in range(10):
        organisation = OrganisationFactory(
            region=cast.region, parent=cast.kreis_organisation, areas=[cast.verl]
        )
        place = PlaceFactory(area=cast.verl)
        OpeningHours.objects.create(place=place, weekday=1, opens="09:00", closes="12:00")
        world.counselling.places.add(place)
        EventFactory(organisation=organisation, area=cast.verl, place=place)
        page = PageFactory(region=cast.region, parent=world.welcome, position=n + 2)
        PageTranslationFactory(page=page, language=world.german)
        PageTranslationFactory(page=page, language=world.english)
        IndicatorFactory(region=cast.region, field_of_action=field)
        offer = OfferFactory(organisation=organisation)
        offer.places.add(place)
        offer.areas.add(cast.verl)
        offer.fields_of_action.add(field)


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("/api/v1/regions/", 4),
        (f"{BASE}/areas/", 3),
        ("/api/v1/languages/", 2),
        (f"{BASE}/languages/", 3),
        (f"{BASE}/de/organisations/", 5),
        (f"{BASE}/en/pages/", 5),
        # region, language, count, offers, translations, places, vocabularies
        (f"{BASE}/de/offers/", 7),
        # … and the places' opening hours and exceptions
        (f"{BASE}/de/offers/?open_now=true", 9),
        (f"{BASE}/places/", 4),
        (f"{BASE}/de/events/", 5),
        (f"{BASE}/de/indicators/", 4),
    ],
)
def test_list_takes_no_query_per_item(
    crowd, anonymous, path, queries, django_assert_max_num_queries
):
    with django_assert_max_num_queries(queries + VERSION_READ):
        response = anonymous.get(path, {"page_size": 100})
    # "Open now" depends on the clock; the offers are read (and their hours checked) anyway.
    assert response.json()["count"] >= (0 if "open_now" in path else 2)


def test_offer_names_its_vocabularies(world, cast, anonymous):
    from ankommen.core.models import FieldOfAction

    field = FieldOfAction.objects.create(region=cast.region, slug="wohnen", name="Wohnen")
    world.counselling.fields_of_action.add(field)
    world.counselling.languages.add(world.english, world.german)
    offer = anonymous.get(f"{BASE}/de/offers/").json()["results"][0]
    assert (offer["fields_of_action"], offer["languages"], offer["areas"]) == (
        ["wohnen"],
        ["de", "en"],
        [cast.verl.pk],
    )


def test_places_include_the_place_of_an_event_without_offer(world, cast, anonymous):
    from ankommen.directory.tests.factories import EventFactory, PlaceFactory

    hall = PlaceFactory(area=cast.versmold, key="stadthalle-versmold")
    EventFactory(organisation=cast.versmold_organisation, area=cast.versmold, place=hall)
    response = anonymous.get(f"{BASE}/places/")
    assert keys(response) == ["buergerhaus-verl", "stadthalle-versmold"]
