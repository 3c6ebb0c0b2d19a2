"""Events on the staff pages: who edits an event's German title and description (in the
rich-text editor), what the public page then shows, and what happens to translations."""

import pytest

from ankommen.core.tests.factories import LanguageFactory
from ankommen.core.text_translations import bookkeeping_of
from ankommen.core.translation import TranslationState
from ankommen.directory.models import Event
from ankommen.directory.tests.factories import EventFactory

pytestmark = pytest.mark.django_db

BASE = "/kreis-guetersloh/intern/angebote/termine/"


@pytest.fixture
def event(cast):
    return EventFactory(
        organisation=cast.verl_organisation,
        area=cast.verl,
        title="Infoabend Deutschkurse",
        description="Alles zu den Kursen.",
    )


def texts(event, **changes):
    data = {
        "title": event.title,
        "description": event.description,
        "expected_version": event.version,
    }
    data.update(changes)
    return data


def test_the_verl_officer_writes_the_description_in_the_editor(cast, event, client_for):
    response = client_for(cast.officer_verl).post(
        f"{BASE}{event.pk}/",
        texts(
            event,
            description="<p>Kurse <strong>mit</strong> Kinderbetreuung</p><script>x()</script>",
        ),
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.description == "<p>Kurse <strong>mit</strong> Kinderbetreuung</p>"
    assert event.version == 2


def test_the_public_event_page_shows_the_formatting(cast, event, client, public_region):
    Event.objects.filter(pk=event.pk).update(
        description="<p>Kurse <strong>mit</strong> Kinderbetreuung</p>"
    )
    page = client.get(f"/kreis-guetersloh/de/angebote/termine/{event.key}/")
    assert "<p>Kurse <strong>mit</strong> Kinderbetreuung</p>" in page.content.decode()


def test_another_towns_officer_finds_no_such_event(cast, event, client_for):
    client = client_for(cast.officer_versmold)
    assert client.get(f"{BASE}{event.pk}/").status_code == 404
    response = client.post(f"{BASE}{event.pk}/", texts(event, title="Anders"))
    assert response.status_code == 404
    event.refresh_from_db()
    assert event.title == "Infoabend Deutschkurse"


def test_a_stale_form_is_refused_and_keeps_what_she_typed(cast, event, client_for):
    client = client_for(cast.officer_verl)
    stale = texts(event, title="Mein Titel")
    Event.objects.filter(pk=event.pk).update(version=event.version + 1)
    response = client.post(f"{BASE}{event.pk}/", stale)
    assert response.status_code == 409
    assert response.context["form"]["title"].value() == "Mein Titel"
    event.refresh_from_db()
    assert event.title == "Infoabend Deutschkurse"


def test_a_changed_german_text_makes_the_translation_outdated(cast, event, client_for):
    event.titles = {"ro": "Seară informativă"}
    event.save()
    assert bookkeeping_of(event).state(event, "ro") == TranslationState.UP_TO_DATE
    client_for(cast.officer_verl).post(
        f"{BASE}{event.pk}/", texts(event, description="<p>Neue Zeiten</p>")
    )
    event.refresh_from_db()
    assert bookkeeping_of(event).state(event, "ro") == TranslationState.OUTDATED


def test_the_list_shows_only_the_events_she_may_edit(cast, event, client_for):
    other = EventFactory(organisation=cast.versmold_organisation, area=cast.versmold)
    page = client_for(cast.officer_verl).get(BASE)
    shown = list(page.context["page"].object_list)
    assert event in shown and other not in shown


def test_a_translation_written_in_the_editor_is_kept_to_the_allow_list(cast, event, client_for):
    cast.region.languages.add(LanguageFactory(code="ro"))
    client = client_for(cast.officer_verl)
    url = f"/kreis-guetersloh/intern/portal/inhalte/termin/{event.pk}/ro/"
    form = client.get(url).context["form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    data.update(
        title="Seară informativă", description="<p>Cursuri <em>noi</em></p><script>x()</script>"
    )
    assert client.post(url, data).status_code == 302
    event.refresh_from_db()
    assert event.descriptions["ro"] == "<p>Cursuri <em>noi</em></p>"
