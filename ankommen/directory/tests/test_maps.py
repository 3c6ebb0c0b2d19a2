"""The maps' settings and what the views give them (issue 16, "a map that helps"): the
installation's tile server, allowed in the CSP of map pages only; the towns' names for a
map without tiles; named places with their page and the listed offers; a place page and a
small map with the route links on offer pages."""

import json
import re

import pytest
from django.core.checks import run_checks

from ankommen.core.tests.factories import AreaFactory, LanguageFactory
from ankommen.directory import conf
from ankommen.directory.maps import town_labels
from ankommen.directory.models import OfferTranslation
from ankommen.directory.tests.factories import EventFactory, OfferFactory, PlaceFactory

TILES = "https://{s}.tiles.example.org/osm/{z}/{x}/{y}.png"


def directory(client, region, query=""):
    return client.get(f"/{region.slug}/de/angebote/{query}")


def map_settings_of(response) -> dict:
    return json.loads(response.context["map_config"])


def data_map(response) -> dict:
    """The first small map's settings, read from the page as the script reads them."""
    from html import unescape

    found = re.search(r'data-map="([^"]*)"', response.content.decode())
    assert found, "no map on the page"
    return json.loads(unescape(found.group(1)))


@pytest.fixture
def offer(cast, public_region):
    cast.verl.latitude, cast.verl.longitude = "51.88330", "8.51670"
    cast.verl.save()
    place = PlaceFactory(
        key="rathaus-verl",
        name="Rathaus Verl",
        area=cast.verl,
        latitude="51.88300",
        longitude="8.51500",
        name_translations={"uk": "Ратуша Верль"},
    )
    offer = OfferFactory(organisation=cast.kreis_organisation, title="Sprachcafé")
    offer.places.set([place])
    offer.areas.set([cast.verl])
    return offer


# --- The tile server ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "template",
    [
        "",
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        TILES,
        "http://127.0.0.1:8899/{z}/{x}/{y}.png",
    ],
)
def test_a_usable_tile_template_has_no_problem(template):
    assert conf.tile_url_problem(template) is None


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        ("tile.example.org/{z}/{x}/{y}.png", "not an http or https address"),
        ("ftp://tile.example.org/{z}/{x}/{y}.png", "not an http or https address"),
        ("https://tile.example.org/{z}/{x}.png", "lacks {y}"),
        ("https://tiles.{s}.example.org/{z}/{x}/{y}.png", "only {s}"),
        ("https://user:secret@tile.example.org/{z}/{x}/{y}.png", "user or password"),
    ],
)
def test_an_unusable_tile_template_is_named(template, problem):
    assert problem in conf.tile_url_problem(template)


def test_the_tiles_origin_turns_a_subdomain_placeholder_into_a_wildcard():
    assert conf.tile_origin(TILES) == "https://*.tiles.example.org"


def test_the_tiles_origin_keeps_a_port():
    assert conf.tile_origin("http://127.0.0.1:8899/{z}/{x}/{y}.png") == "http://127.0.0.1:8899"


def test_the_system_check_refuses_a_template_without_coordinates(settings):
    settings.ANKOMMEN_MAP_TILE_URL = "https://tile.example.org/map.png"
    ids = [message.id for message in run_checks()]
    assert "ankommen.directory.E001" in ids


def test_the_system_check_accepts_no_tiles(settings):
    settings.ANKOMMEN_MAP_TILE_URL = ""
    ids = [message.id for message in run_checks()]
    assert "ankommen.directory.E001" not in ids


def test_the_directory_page_allows_the_tile_server_in_its_csp(client, settings, offer):
    settings.ANKOMMEN_MAP_TILE_URL = TILES
    response = directory(client, offer.region)
    img_src = re.search(r"img-src ([^;]*)", response["Content-Security-Policy"]).group(1)
    assert "https://*.tiles.example.org" in img_src.split()


def test_a_page_without_a_map_keeps_its_images_to_the_site(client, settings, offer):
    settings.ANKOMMEN_MAP_TILE_URL = TILES
    response = client.get(f"/{offer.region.slug}/de/angebote/termine/")
    assert "tiles.example.org" not in response["Content-Security-Policy"]


def test_without_tiles_no_other_origin_is_allowed(client, settings, offer):
    settings.ANKOMMEN_MAP_TILE_URL = ""
    response = directory(client, offer.region)
    img_src = re.search(r"img-src ([^;]*)", response["Content-Security-Policy"]).group(1)
    assert img_src.split() == ["'self'", "data:"]


def test_the_map_gets_the_installations_tiles_and_attribution(client, settings, offer):
    settings.ANKOMMEN_MAP_TILE_URL = TILES
    settings.ANKOMMEN_MAP_TILE_ATTRIBUTION = "© Kreis Gütersloh, OpenStreetMap"
    settings.ANKOMMEN_MAP_TILE_ATTRIBUTION_URL = "https://example.org/copyright"
    settings.ANKOMMEN_MAP_TILE_MAX_ZOOM = 17
    shown = map_settings_of(directory(client, offer.region))
    assert (shown["tiles"], shown["attribution"], shown["attributionUrl"], shown["maxZoom"]) == (
        TILES,
        "© Kreis Gütersloh, OpenStreetMap",
        "https://example.org/copyright",
        17,
    )


def test_an_unusable_tile_template_draws_no_tiles(client, settings, offer):
    settings.ANKOMMEN_MAP_TILE_URL = "https://tile.example.org/map.png"
    assert map_settings_of(directory(client, offer.region))["tiles"] == ""


def test_the_maps_words_come_in_the_pages_language(client, offer):
    offer.region.languages.add(LanguageFactory(code="ro", native_name="Română"))
    response = client.get(f"/{offer.region.slug}/ro/angebote/")
    assert map_settings_of(response)["words"]["zoomIn"] == "Mărește"


# --- Orientation without tiles ------------------------------------------------------------


def test_a_town_with_a_centre_is_labelled_there(offer, cast):
    labels = {label["name"]: label for label in town_labels(cast.region)}
    assert (labels["Verl"]["lat"], labels["Verl"]["lon"]) == (51.8833, 8.5167)


def test_a_town_without_a_centre_is_labelled_at_its_places_mean(cast, public_region):
    for key, latitude in (("a", "52.00000"), ("b", "52.10000")):
        place = PlaceFactory(key=key, area=cast.versmold, latitude=latitude, longitude="8.10000")
        OfferFactory(organisation=cast.kreis_organisation).places.set([place])
    labels = {label["name"]: label for label in town_labels(cast.region)}
    assert (labels["Versmold"]["lat"], labels["Versmold"]["lon"]) == (52.05, 8.1)


def test_a_quarters_places_count_for_its_town(cast, public_region):
    place = PlaceFactory(area=cast.verl_quarter, latitude="51.90000", longitude="8.50000")
    OfferFactory(organisation=cast.kreis_organisation).places.set([place])
    labels = {label["name"]: label for label in town_labels(cast.region)}
    assert (labels["Verl"]["lat"], labels["Verl"]["lon"]) == (51.9, 8.5)


def test_a_hidden_offers_place_does_not_place_a_town(cast, public_region):
    place = PlaceFactory(area=cast.versmold, latitude="52.00000", longitude="8.10000")
    OfferFactory(organisation=cast.kreis_organisation, is_published=False).places.set([place])
    assert "Versmold" not in {label["name"] for label in town_labels(cast.region)}


def test_the_directory_map_knows_the_regions_towns(client, offer):
    names = [town["name"] for town in map_settings_of(directory(client, offer.region))["towns"]]
    assert names == ["Verl"]


# --- The places on the map ------------------------------------------------------------------


def features(client, region, language="de", query=""):
    response = client.get(f"/{region.slug}/{language}/angebote/karte.json{query}")
    return response.json()["features"]


def test_a_place_on_the_map_is_named_in_the_pages_language(client, offer):
    offer.region.languages.add(LanguageFactory(code="uk", native_name="Українська"))
    [feature] = features(client, offer.region, "uk")
    assert feature["properties"]["name"] == "Ратуша Верль"


def test_a_translated_place_name_on_the_map_is_marked_with_its_language(client, offer):
    offer.region.languages.add(LanguageFactory(code="uk", native_name="Українська"))
    [feature] = features(client, offer.region, "uk")
    assert feature["properties"]["nameLang"] == "uk"


def test_an_untranslated_place_name_on_the_map_is_marked_german(client, offer):
    offer.region.languages.add(LanguageFactory(code="ro", native_name="Română"))
    [feature] = features(client, offer.region, "ro")
    assert feature["properties"]["nameLang"] == "de"


def test_a_place_on_the_map_links_its_page(client, offer):
    [feature] = features(client, offer.region)
    assert feature["properties"]["url"] == f"/{offer.region.slug}/de/angebote/orte/rathaus-verl/"


def test_a_popup_lists_only_the_offers_the_filter_found(client, offer, cast):
    other = OfferFactory(organisation=cast.kreis_organisation, title="Hausaufgabenhilfe")
    other.places.set(offer.places.all())
    other.areas.set([cast.verl])
    [feature] = features(client, offer.region, query="?q=Hausaufgabenhilfe")
    assert [o["title"] for o in feature["properties"]["offers"]] == ["Hausaufgabenhilfe"]


def test_a_german_title_in_a_popup_says_it_is_german(client, offer):
    offer.region.languages.add(LanguageFactory(code="ro", native_name="Română"))
    [feature] = features(client, offer.region, "ro")
    assert feature["properties"]["offers"][0]["lang"] == "de"


def test_a_popup_title_in_the_pages_language_is_marked_so(client, offer):
    romanian = LanguageFactory(code="ro", native_name="Română")
    offer.region.languages.add(romanian)
    OfferTranslation.objects.create(offer=offer, language=romanian, title="Cafenea de limbă")
    [feature] = features(client, offer.region, "ro")
    assert feature["properties"]["offers"][0] | {"url": ""} == {
        "title": "Cafenea de limbă",
        "lang": "ro",
        "dir": "ltr",
        "url": "",
    }


# --- Offer, event and place pages ----------------------------------------------------------


def test_the_offer_page_has_a_small_map_of_its_place(client, offer):
    response = client.get(f"/{offer.region.slug}/de/angebote/{offer.key}/")
    assert data_map(response)["point"] | {"url": ""} == {
        "lat": 51.883,
        "lon": 8.515,
        "name": "Rathaus Verl",
        "nameLang": "de",
        "address": "Hauptstraße 1, 33415 Verl",
        "url": "",
    }


def test_the_offer_page_has_a_geo_link_to_its_place(client, offer):
    response = client.get(f"/{offer.region.slug}/de/angebote/{offer.key}/")
    assert 'href="geo:51.88300,8.51500?q=51.88300,8.51500(Rathaus%20Verl)"' in response.text


def test_the_offer_page_has_web_directions_to_its_place(client, offer):
    response = client.get(f"/{offer.region.slug}/de/angebote/{offer.key}/")
    assert "https://www.openstreetmap.org/directions?to=51.88300%2C8.51500" in response.text


def test_a_place_without_coordinates_is_routed_to_by_its_address(client, offer):
    offer.places.update(latitude=None, longitude=None)
    response = client.get(f"/{offer.region.slug}/de/angebote/{offer.key}/")
    assert 'href="geo:0,0?q=Hauptstra%C3%9Fe%201%2C%2033415%20Verl"' in response.text


def test_a_place_without_coordinates_has_no_small_map(client, offer):
    offer.places.update(latitude=None, longitude=None)
    response = client.get(f"/{offer.region.slug}/de/angebote/{offer.key}/")
    assert "data-map=" not in response.text


def test_the_offer_page_allows_the_tile_server_in_its_csp(client, settings, offer):
    settings.ANKOMMEN_MAP_TILE_URL = TILES
    response = client.get(f"/{offer.region.slug}/de/angebote/{offer.key}/")
    assert "https://*.tiles.example.org" in response["Content-Security-Policy"]


def test_the_place_page_names_the_place_in_the_pages_language(client, offer):
    offer.region.languages.add(LanguageFactory(code="uk", native_name="Українська"))
    response = client.get(f"/{offer.region.slug}/uk/angebote/orte/rathaus-verl/")
    assert response.context["name"] == "Ратуша Верль"


def test_the_place_page_lists_the_offers_there(client, offer):
    response = client.get(f"/{offer.region.slug}/de/angebote/orte/rathaus-verl/")
    assert [row["offer"] for row in response.context["rows"]] == [offer]


def test_the_place_page_has_its_small_map(client, offer):
    response = client.get(f"/{offer.region.slug}/de/angebote/orte/rathaus-verl/")
    assert data_map(response)["point"]["name"] == "Rathaus Verl"


def test_the_place_page_lists_the_next_dates_there(client, offer, cast):
    event = EventFactory(
        organisation=cast.kreis_organisation, area=cast.verl, place=offer.places.get()
    )
    response = client.get(f"/{offer.region.slug}/de/angebote/orte/rathaus-verl/")
    assert [e for _start, e in response.context["events"]] == [event]


def test_a_place_of_hidden_offers_only_has_no_page(client, offer):
    offer.is_published = False
    offer.save()
    response = client.get(f"/{offer.region.slug}/de/angebote/orte/rathaus-verl/")
    assert response.status_code == 404


def test_another_regions_place_has_no_page_here(client, offer, cast):
    town = AreaFactory(region=cast.other_organisation.region, name="Bünde")
    place = PlaceFactory(key="treffpunkt-buende", area=town)
    OfferFactory(organisation=cast.other_organisation).places.set([place])
    response = client.get(f"/{offer.region.slug}/de/angebote/orte/treffpunkt-buende/")
    assert response.status_code == 404


def test_the_place_page_answers_no_post(client, offer):
    response = client.post(f"/{offer.region.slug}/de/angebote/orte/rathaus-verl/")
    assert response.status_code == 405


def test_the_event_page_has_a_small_map_of_its_place(client, offer, cast):
    event = EventFactory(
        organisation=cast.kreis_organisation, area=cast.verl, place=offer.places.get()
    )
    response = client.get(f"/{offer.region.slug}/de/angebote/termine/{event.key}/")
    assert data_map(response)["point"]["name"] == "Rathaus Verl"
