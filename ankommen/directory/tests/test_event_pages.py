"""Issue 16: events worth attending – a page per event, calendar files, a month view,
professionals' events apart, and a registration that names the event, can be cancelled
and is taken once."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from ankommen.core.models import Audience
from ankommen.core.tests.factories import LanguageFactory
from ankommen.directory.models import Registration
from ankommen.directory.tests.factories import EventFactory, OfferFactory, PlaceFactory

BASE = "/kreis-guetersloh/de/angebote/termine"


@pytest.fixture
def event(cast, public_region):
    place = PlaceFactory(area=cast.verl, name="Rathaus Verl", latitude=51.88, longitude=8.51)
    return EventFactory(
        organisation=cast.kreis_organisation,
        area=cast.verl,
        title="Infoabend für Neue",
        titles={"en": "Information evening"},
        place=place,
        online_url="",
        capacity=2,
    )


def _sign_up(client, event, email="ana@example.org", key=None, start=None):
    data = {"occurrence": (start or event.starts).isoformat(), "name": "Ana", "contact": email}
    if key:
        data["submission_key"] = key
    return client.post(f"{BASE}/{event.key}/anmelden/", data, follow=True)


def _link(message, part: str) -> str:
    return next(
        link for link in re.findall(r"http://testserver(/\S+)", message.body) if part in link
    )


def test_an_event_has_its_own_page_with_place_and_map_links(client, event):
    body = client.get(f"{BASE}/{event.key}/").content.decode()
    assert "Rathaus Verl" in body and "geo:51.88" in body and "openstreetmap.org/directions" in body


def test_the_event_of_an_unpublished_offer_has_no_page(client, cast, event):
    event.offer = OfferFactory(organisation=cast.kreis_organisation, is_published=False)
    event.save()
    assert client.get(f"{BASE}/{event.key}/").status_code == 404


def test_an_event_has_a_calendar_file_in_the_visitors_language(client, event):
    event.region.languages.add(LanguageFactory(code="en"))
    response = client.get(f"/kreis-guetersloh/en/angebote/termine/{event.key}/kalender.ics")
    [entry] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Information evening"


def test_the_list_calendar_can_hold_only_the_professionals_events(client, cast, event):
    staff = Audience.objects.get_or_create(slug="professionelle", defaults={"name": "Staff"})[0]
    offer = OfferFactory(organisation=cast.kreis_organisation)
    offer.audiences.set([staff])
    EventFactory(
        organisation=cast.kreis_organisation, area=cast.verl, title="Netzwerk", offer=offer
    )
    response = client.get(f"{BASE}/kalender.ics", {"fuer": "fach"})
    titles = [str(e["SUMMARY"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]
    assert titles == ["Netzwerk"]


def test_professionals_events_are_listed_apart(client, cast, event):
    staff = Audience.objects.get_or_create(slug="professionelle", defaults={"name": "Staff"})[0]
    offer = OfferFactory(organisation=cast.kreis_organisation)
    offer.audiences.set([staff])
    EventFactory(
        organisation=cast.kreis_organisation, area=cast.verl, title="Netzwerk", offer=offer
    )
    context = client.get(f"{BASE}/").context
    assert {e.title for _s, e in context["professionals"]} == {"Netzwerk"}


def test_the_month_view_lists_the_events_of_that_month(client, event):
    month = timezone.localtime(event.starts).strftime("%Y-%m")
    context = client.get(f"{BASE}/", {"monat": month}).context
    assert event in [e for _day, items in context["days"] for _s, e in items]


def test_a_contact_that_is_no_address_is_refused(client, event):
    response = _sign_up(client, event, email="xx")
    assert not Registration.objects.exists()
    assert "gültige E-Mail-Adresse" in response.content.decode()  # the page is German


def test_the_sign_up_message_names_the_event(client, event):
    response = _sign_up(client, event)
    assert "Infoabend für Neue" in response.content.decode()


def test_a_full_date_is_refused(client, event):
    _sign_up(client, event, "a@example.org")
    _sign_up(client, event, "b@example.org")
    response = _sign_up(client, event, "c@example.org")
    assert "ausgebucht" in response.content.decode()  # refused in the page's language


def test_a_past_date_is_refused(client, event):
    past = timezone.now() - dt.timedelta(days=1)
    event.starts = past.replace(microsecond=0, second=0)
    event.save()
    response = _sign_up(client, event, start=event.starts)
    assert "vorbei" in response.content.decode()  # refused in the page's language


def test_a_form_sent_twice_signs_up_once(client, event):
    key = "8a7f5cf2-4d8e-4a43-9a5c-0b8c2f1a2b3c"
    _sign_up(client, event, key=key)
    _sign_up(client, event, key=key)
    assert Registration.objects.count() == 1


def test_confirming_mails_a_cancellation_link_that_names_the_event(
    client, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client, event)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_link(mail.outbox[0], "/bestaetigen/"))
    assert "Infoabend für Neue" in mail.outbox[1].subject
    assert "/abmelden/" in mail.outbox[1].body


def test_the_cancellation_link_works_once(client, event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client, event)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_link(mail.outbox[0], "/bestaetigen/"))
    cancel = _link(mail.outbox[1], "/abmelden/")
    client.post(cancel)
    assert not Registration.objects.exists()
    assert client.post(cancel).status_code == 404


def test_the_cancellation_link_ends_with_the_event(
    client, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client, event)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_link(mail.outbox[0], "/bestaetigen/"))
    Registration.objects.update(occurrence=timezone.now() - dt.timedelta(hours=1))
    assert client.get(_link(mail.outbox[1], "/abmelden/")).status_code == 404


def test_the_event_page_states_what_is_stored_and_links_the_privacy_statement(client, event):
    body = client.get(f"{BASE}/{event.key}/").content.decode()
    assert "/kreis-guetersloh/de/datenschutz/" in body


def _month_links(html: str) -> dict[str, str]:
    return dict(re.findall(r'rel="(prev|next)">(.*?)</a>', html))


def test_the_month_arrows_point_the_way_an_arabic_page_reads(client, cast, event):
    cast.region.languages.add(LanguageFactory(code="ar", direction="rtl"))
    month = (timezone.localdate().replace(day=1) + dt.timedelta(days=40)).strftime("%Y-%m")
    arabic = _month_links(
        client.get("/kreis-guetersloh/ar/angebote/termine/", {"monat": month}).content.decode()
    )
    german = _month_links(client.get(f"{BASE}/", {"monat": month}).content.decode())
    # Left to right the earlier month lies left (←), right to left it lies right (→).
    assert german["prev"].startswith("←") and german["next"].endswith("→")
    assert arabic["prev"].startswith("→") and arabic["next"].endswith("←")


def test_the_month_view_names_months_and_days_in_the_readers_language(client, cast, event):
    cast.region.languages.add(LanguageFactory(code="ro"))
    month = timezone.localtime(event.starts)
    html = client.get(
        "/kreis-guetersloh/ro/angebote/termine/", {"monat": month.strftime("%Y-%m")}
    ).content.decode()
    names = "ianuarie februarie martie aprilie mai iunie iulie august septembrie octombrie "
    name = (names + "noiembrie decembrie").split()[month.month - 1]
    assert f"<h1>Evenimente în <bdi>{name} {month.year}</bdi></h1>" in html
    assert f" {month.day} {name} {month.year}</bdi></h3>" in html


def test_an_event_page_has_one_way_back(client, event):
    body = client.get(f"{BASE}/{event.key}/").content.decode()
    assert body.count('class="breadcrumbs"') == 1
