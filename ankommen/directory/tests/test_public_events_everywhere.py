"""What the public may see of events and places is decided once (`Event.objects.public()`,
`Place.objects.public()`), and every entry point gives the same answer: an event of an
unpublished offer, and a place where only such an event happens, are hidden from the events
page, the iCalendar feeds, registration, API v1 and the Integreat API v3 alike (issue 14:
API v1 hid them, the others showed them)."""

import pytest

from ankommen.core.loader import load_platform
from ankommen.core.models import Language
from ankommen.directory.tests.factories import EventFactory, OfferFactory, PlaceFactory

TITLE = "Geheimer Infoabend"
PLACE = "Hinterzimmer Sürenheide"


@pytest.fixture
def hidden_event(cast):
    load_platform()
    region = cast.region
    region.default_language = Language.objects.get(code="de")
    region.save()
    region.languages.add(Language.objects.get(code="de"))
    draft = OfferFactory(organisation=cast.verl_organisation, is_published=False)
    place = PlaceFactory(area=cast.verl, name=PLACE, latitude=51.88, longitude=8.51)
    return EventFactory(
        organisation=cast.verl_organisation,
        area=cast.verl,
        offer=draft,
        place=place,
        title=TITLE,
        registration=True,
    )


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/kreis-guetersloh/de/angebote/termine/",
        "/kreis-guetersloh/de/angebote/termine/kalender.ics",
        "/api/v1/regions/kreis-guetersloh/de/events/",
        "/api/v3/kreis-guetersloh/de/events/",
    ],
)
def test_an_event_of_an_unpublished_offer_is_hidden_from_every_entry_point(
    client, hidden_event, path
):
    assert TITLE not in _text(client.get(path))


def test_an_event_of_an_unpublished_offer_is_hidden_from_its_towns_feed(client, cast, hidden_event):
    path = f"/kreis-guetersloh/de/angebote/termine/ort/{cast.verl.pk}.ics"
    assert TITLE not in _text(client.get(path))


@pytest.mark.parametrize(
    "path",
    ["/api/v1/regions/kreis-guetersloh/places/", "/api/v3/kreis-guetersloh/de/locations/"],
)
def test_a_place_of_only_a_hidden_event_is_hidden_from_every_entry_point(
    client, hidden_event, path
):
    assert PLACE not in _text(client.get(path))


def test_nobody_signs_up_for_an_event_of_an_unpublished_offer(client, hidden_event):
    response = client.post(
        f"/kreis-guetersloh/de/angebote/termine/{hidden_event.key}/anmelden/",
        {"occurrence": hidden_event.starts.isoformat(), "name": "Ana", "contact": "a@b.de"},
    )
    assert (response.status_code, hidden_event.registrations.count()) == (404, 0)


def test_an_event_of_a_published_offer_is_shown_everywhere(client, cast, hidden_event):
    hidden_event.offer.is_published = True
    hidden_event.offer.save()
    for path in (
        "/kreis-guetersloh/de/angebote/termine/",
        "/kreis-guetersloh/de/angebote/termine/kalender.ics",
        "/api/v1/regions/kreis-guetersloh/de/events/",
        "/api/v3/kreis-guetersloh/de/events/",
    ):
        assert TITLE in _text(client.get(path)), path
