"""What the v3 endpoints answer, beyond their shape: only public data, Integreat's
parameters, feedback stored whole or not at all."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from ankommen.api.models import Feedback
from ankommen.api.v1 import conf
from ankommen.core.models import Language
from ankommen.directory.models import Event
from ankommen.directory.tests.factories import EventFactory, OfferFactory, PlaceFactory
from ankommen.portal.models import Page, PageTranslation

R = "/api/v3/kreis-guetersloh"


def titles(response) -> list[str]:
    return [item["title"] for item in response.json()]


def test_pages_lists_the_published_tree_in_order(client, verl_region):
    assert titles(client.get(f"{R}/de/pages/")) == ["Wohnen", "Der Mietvertrag"]


def test_a_draft_page_is_not_listed(client, verl_region):
    draft = Page.objects.create(region=verl_region, slug="entwurf", status=Page.Status.DRAFT)
    PageTranslation.objects.create(
        page=draft, language=Language.objects.get(code="de"), title="Entwurf"
    )
    assert "Entwurf" not in titles(client.get(f"{R}/de/pages/"))


def test_a_page_below_an_archived_page_is_not_listed(client, verl_region):
    Page.objects.filter(slug="wohnen").update(status=Page.Status.ARCHIVED)
    assert titles(client.get(f"{R}/de/pages/")) == []


def test_a_page_without_text_in_the_language_is_not_listed_in_it(client, verl_region):
    assert titles(client.get(f"{R}/ar/pages/")) == []


def test_other_languages_are_offered_with_their_translation_ids(client, verl_region):
    english = PageTranslation.objects.get(page__slug="wohnen", language__code="en")
    first = client.get(f"{R}/de/pages/").json()[0]
    assert first["available_languages"] == {
        "en": {
            "id": english.pk,
            "url": "http://127.0.0.1:8000/kreis-guetersloh/en/wohnen/",
            "path": "/kreis-guetersloh/en/wohnen/",
        }
    }


def test_the_other_regions_pages_never_appear(client, verl_region, cast):
    other = Page.objects.create(
        region=cast.other_region, slug="herford", status=Page.Status.PUBLISHED
    )
    PageTranslation.objects.create(
        page=other, language=Language.objects.get(code="de"), title="Herford"
    )
    assert "Herford" not in titles(client.get(f"{R}/de/pages/"))


def test_page_by_url_answers_that_page(client, verl_region):
    response = client.get(f"{R}/en/page/", {"url": "/kreis-guetersloh/en/mietvertrag/"})
    assert response.json()["title"] == "The tenancy agreement"


def test_page_by_url_of_another_region_is_not_found(client, verl_region):
    response = client.get(f"{R}/de/page/", {"url": "/kreis-herford/de/mietvertrag/"})
    assert response.status_code == 404


def test_page_without_id_or_url_is_a_bad_request_in_the_users_language(client, verl_region):
    with translation.override("de"):
        response = client.get(f"{R}/de/page/", HTTP_ACCEPT_LANGUAGE="de")
    assert (response.status_code, response.json()["error"]) == (
        400,
        "Geben Sie die ID oder die Adresse der Seite an.",
    )


def test_children_of_a_page_start_with_the_page_itself(client, verl_region):
    response = client.get(f"{R}/de/children/", {"url": "/kreis-guetersloh/de/wohnen/"})
    assert titles(response) == ["Wohnen", "Der Mietvertrag"]


def test_children_of_the_root_with_depth_1_are_the_top_level_pages(client, verl_region):
    assert titles(client.get(f"{R}/de/children/", {"depth": "1"})) == ["Wohnen"]


def test_children_with_a_depth_that_is_no_number_is_a_bad_request(client, verl_region):
    assert client.get(f"{R}/de/children/", {"depth": "zwei"}).status_code == 400


def test_parents_lists_the_ancestors(client, verl_region):
    response = client.get(f"{R}/de/parents/", {"url": "/kreis-guetersloh/de/mietvertrag/"})
    assert titles(response) == ["Wohnen"]


def test_events_list_each_coming_occurrence(client, cast, verl_region):
    EventFactory(organisation=cast.verl_organisation, area=cast.verl, rrule="FREQ=WEEKLY;COUNT=3")
    assert len(client.get(f"{R}/de/events/").json()) == 3


def test_combine_recurring_lists_a_recurring_event_once(client, cast, verl_region):
    event = EventFactory(
        organisation=cast.verl_organisation, area=cast.verl, rrule="FREQ=WEEKLY;COUNT=3"
    )
    items = client.get(f"{R}/de/events/?combine_recurring").json()
    assert [(i["id"], i["event"]["recurrence_id"]) for i in items] == [(event.pk, event.pk)]


def test_an_events_description_is_its_content_in_paragraphs_and_lines(client, cast, verl_region):
    # The app renders `content` as HTML: the lines of a plain-text description ran together.
    EventFactory(
        organisation=cast.verl_organisation,
        area=cast.verl,
        rrule="",
        description="Bitte anmelden.\n\nMit <Dolmetscher>\nund Kinderbetreuung.",
    )
    assert client.get(f"{R}/de/events/").json()[0]["content"] == (
        "<p>Bitte anmelden.</p>\n\n<p>Mit &lt;Dolmetscher&gt;<br>und Kinderbetreuung.</p>"
    )


def test_an_events_content_is_its_description_in_the_language_asked(client, cast, verl_region):
    EventFactory(
        organisation=cast.verl_organisation,
        area=cast.verl,
        rrule="",
        description="Auf Deutsch.",
        descriptions={"ar": "بالعربية."},
    )
    contents = [client.get(f"{R}/{code}/events/").json()[0]["content"] for code in ("ar", "de")]
    assert contents == ["<p>بالعربية.</p>", "<p>Auf Deutsch.</p>"]


def test_past_events_are_not_listed(client, cast, verl_region):
    EventFactory(
        organisation=cast.verl_organisation,
        area=cast.verl,
        rrule="",
        starts=timezone.now() - dt.timedelta(days=2),
    )
    assert client.get(f"{R}/de/events/").json() == []


def test_locations_are_the_places_of_published_offers(client, cast, verl_region):
    shown = PlaceFactory(area=cast.verl, name="Begegnungsstätte Sürenheide")
    hidden = PlaceFactory(area=cast.verl, name="Altes Rathaus")
    OfferFactory(organisation=cast.verl_organisation).places.add(shown)
    OfferFactory(organisation=cast.verl_organisation, is_published=False).places.add(hidden)
    assert titles(client.get(f"{R}/de/locations/")) == ["Begegnungsstätte Sürenheide"]


def test_on_map_leaves_out_places_without_coordinates(client, cast, verl_region):
    mapped = PlaceFactory(area=cast.verl, name="Rathaus Verl", latitude=51.88, longitude=8.51)
    unmapped = PlaceFactory(area=cast.verl, name="Hinterhof")
    offer = OfferFactory(organisation=cast.verl_organisation)
    offer.places.add(mapped, unmapped)
    assert titles(client.get(f"{R}/de/locations/?on_map=1")) == ["Rathaus Verl"]


def test_disclaimer_without_imprint_page_is_not_found(client, verl_region):
    assert client.get(f"{R}/de/disclaimer/").status_code == 404


def test_feedback_is_stored_with_what_it_is_about(client, verl_region):
    client.post(
        f"{R}/ar/feedback/page/",
        {
            "rating": "down",
            "comment": "Bitte mehr Adressen",
            "permalink": "/kreis-guetersloh/ar/wohnen/",
        },
    )
    feedback = Feedback.objects.get()
    assert (feedback.kind, feedback.language.code, feedback.rating, feedback.reference) == (
        "page",
        "ar",
        False,
        "/kreis-guetersloh/ar/wohnen/",
    )


def test_feedback_as_json_is_stored(client, verl_region):
    client.post(
        f"{R}/de/feedback/search/",
        {"rating": "up", "query": "Mietvertrag"},
        content_type="application/json",
    )
    assert Feedback.objects.get().query == "Mietvertrag"


@pytest.mark.parametrize(
    "body",
    [{"rating": "maybe"}, {"comment": "x" * 2001, "rating": "up"}, {}],
    ids=["unknown rating", "comment too long", "neither rating nor comment"],
)
def test_bad_feedback_is_refused_and_nothing_stored(client, verl_region, body):
    response = client.post(f"{R}/de/feedback/page/", body)
    assert (response.status_code, Feedback.objects.count()) == (400, 0)


def test_feedback_for_the_other_region_in_a_language_it_lacks_is_not_found(
    client, cast, verl_region
):
    response = client.post("/api/v3/kreis-herford/ar/feedback/page/", {"rating": "up"})
    assert (response.status_code, Feedback.objects.count()) == (404, 0)


def test_feedback_beyond_the_limit_per_address_is_refused_and_not_stored(
    client, settings, verl_region
):
    settings.API_FEEDBACK_RATE_LIMIT_PER_MINUTE = 2
    conf.cache().clear()
    url = f"{R}/de/feedback/page/"
    for _ in range(2):
        client.post(url, {"rating": "up"}, REMOTE_ADDR="203.0.113.7")

    refused = client.post(url, {"rating": "up"}, REMOTE_ADDR="203.0.113.7")
    other_address = client.post(url, {"rating": "up"}, REMOTE_ADDR="203.0.113.8")

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "error" in refused.json()
    assert other_address.status_code == 201
    assert Feedback.objects.count() == 3


def test_feedback_cannot_be_read_with_get(client, verl_region):
    assert client.get(f"{R}/de/feedback/page/").status_code == 405


def test_events_of_a_deleted_offer_are_gone(client, cast, verl_region):
    offer = OfferFactory(organisation=cast.verl_organisation)
    EventFactory(organisation=cast.verl_organisation, area=cast.verl, offer=offer)
    offer.delete()
    assert (Event.objects.count(), client.get(f"{R}/de/events/").json()) == (0, [])


def test_an_events_path_leads_to_its_offers_page(client, cast, verl_region):
    offer = OfferFactory(organisation=cast.verl_organisation)
    EventFactory(organisation=cast.verl_organisation, area=cast.verl, offer=offer)
    item = client.get(f"{R}/de/events/").json()[0]

    response = client.get(item["path"], follow=True)

    assert "$" in item["path"]  # a single date of a recurring event
    assert response.redirect_chain[0] == (f"/kreis-guetersloh/de/angebote/{offer.key}/", 301)
    assert response.status_code == 200


def test_an_event_without_a_public_offer_leads_to_the_event_list_of_its_town(
    client, cast, verl_region
):
    offer = OfferFactory(organisation=cast.verl_organisation, is_published=False)
    event = EventFactory(organisation=cast.verl_organisation, area=cast.verl, offer=offer)

    response = client.get(f"/kreis-guetersloh/de/events/{event.key}/")

    assert response.status_code == 301
    assert response["Location"] == f"/kreis-guetersloh/de/angebote/termine/?town={cast.verl.pk}"


def test_a_locations_path_leads_to_the_offers_of_its_town(client, cast, verl_region):
    place = PlaceFactory(area=cast.verl, name="Rathaus Verl")
    OfferFactory(organisation=cast.verl_organisation).places.add(place)
    item = client.get(f"{R}/de/locations/").json()[0]

    response = client.get(item["path"], follow=True)

    assert response.redirect_chain[0] == (
        f"/kreis-guetersloh/de/angebote/?area={cast.verl.pk}",
        301,
    )
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["events/unbekannt/", "locations/unbekannt/"])
def test_an_unknown_event_or_location_path_is_not_found(client, verl_region, path):
    assert client.get(f"/kreis-guetersloh/de/{path}").status_code == 404
