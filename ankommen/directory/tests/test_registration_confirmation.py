"""Issue 13: anyone could book every seat of an event with invented names in a second.
A sign-up now holds its seat until it is confirmed by the link mailed to the person, an
unconfirmed one frees the seat after the hold, and one address may sign up only a few
times an hour for one event."""

import datetime as dt
import io
import re
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from ankommen.directory import registrations
from ankommen.directory.models import Registration
from ankommen.directory.tests.factories import EventFactory
from ankommen.outbox.models import OutgoingMail


@pytest.fixture
def event(cast, public_region):
    return EventFactory(organisation=cast.kreis_organisation, area=cast.verl, capacity=2)


def _sign_up(client, event, name="Ana", email="ana@example.org", address="10.1.1.1", start=None):
    return client.post(
        f"/{event.region.slug}/de/angebote/termine/{event.key}/anmelden/",
        {"occurrence": (start or event.starts).isoformat(), "name": name, "contact": email},
        REMOTE_ADDR=address,
    )


def _link(message) -> str:
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def test_a_sign_up_holds_the_seat_and_mails_a_link_to_confirm(
    client, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client, event)
    registration = Registration.objects.get()
    assert registration.confirmed_at is None
    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    assert "/bestaetigen/" in _link(message)


def test_the_confirmation_link_starts_with_the_public_address_not_the_requests_host(
    client, event, settings, django_capture_on_commit_callbacks
):
    settings.ANKOMMEN_BASE_URL = "https://ankommen.kreis-guetersloh.de"
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client, event)
    assert "https://ankommen.kreis-guetersloh.de/" in mail.outbox[0].body


def test_a_sign_up_while_the_mail_server_is_down_keeps_its_seat_and_queues_the_mail(
    client, event, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    with django_capture_on_commit_callbacks(execute=True):
        response = _sign_up(client, event)
    assert (response.status_code, Registration.objects.count()) == (302, 1)
    assert OutgoingMail.objects.get().sent_at is None


def test_opening_the_link_shows_a_button_and_confirms_nothing(
    client, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client, event)
    assert client.get(_link(mail.outbox[0])).status_code == 200
    assert Registration.objects.get().confirmed_at is None


def test_the_button_confirms_the_sign_up(client, event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client, event)
    assert client.post(_link(mail.outbox[0])).status_code == 302
    assert Registration.objects.get().confirmed_at is not None


def test_a_forged_link_confirms_nothing(client, event):
    _sign_up(client, event)
    path = f"/{event.region.slug}/de/angebote/termine/bestaetigen/1:forged:token/"
    assert client.post(path).status_code == 404
    assert Registration.objects.get().confirmed_at is None


def test_a_link_after_the_hold_confirms_nothing(
    client, event, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client, event)
    settings.DIRECTORY_REGISTRATION_HOLD_MINUTES = 0
    assert client.post(_link(mail.outbox[0])).status_code == 404
    assert Registration.objects.get().confirmed_at is None


def test_an_unconfirmed_sign_up_frees_its_seat_after_the_hold(client, event):
    _sign_up(client, event, "Ana", address="10.1.1.1")
    _sign_up(client, event, "Bo", address="10.1.1.2")
    assert _sign_up(client, event, "Cem", address="10.1.1.3").status_code == 302
    assert not Registration.objects.filter(name="Cem").exists()  # fully booked while held
    Registration.objects.filter(name="Ana").update(
        created_at=timezone.now() - registrations.hold() - dt.timedelta(minutes=1)
    )
    _sign_up(client, event, "Cem", address="10.1.1.3")
    assert Registration.objects.filter(name="Cem").exists()


def test_a_confirmed_sign_up_keeps_its_seat_after_the_hold(client, event):
    _sign_up(client, event, "Ana", address="10.1.1.1")
    _sign_up(client, event, "Bo", address="10.1.1.2")
    Registration.objects.update(
        created_at=timezone.now() - dt.timedelta(days=1), confirmed_at=timezone.now()
    )
    _sign_up(client, event, "Cem", address="10.1.1.3")
    assert not Registration.objects.filter(name="Cem").exists()


def test_purge_deletes_unconfirmed_sign_ups_after_the_hold(client, event):
    _sign_up(client, event, "Ana")
    _sign_up(client, event, "Bo", address="10.1.1.2")
    Registration.objects.filter(name="Ana").update(
        created_at=timezone.now() - registrations.hold() - dt.timedelta(minutes=1)
    )
    call_command("purge_registrations", stdout=io.StringIO())
    assert list(Registration.objects.values_list("name", flat=True)) == ["Bo"]


def test_one_address_may_sign_up_only_five_times_an_hour_for_an_event(cast, public_region, client):
    event = EventFactory(organisation=cast.kreis_organisation, area=cast.verl, capacity=None)
    for n in range(7):
        _sign_up(client, event, f"Name {n}", f"n{n}@example.org", address="10.9.9.9")
    assert Registration.objects.count() == 5
    _sign_up(client, event, "Other", "o@example.org", address="10.9.9.10")
    assert Registration.objects.count() == 6


def test_the_address_itself_is_not_stored(client, event):
    _sign_up(client, event, address="10.9.9.9")
    assert "10.9.9.9" not in Registration.objects.get().client


def test_a_phone_number_instead_of_an_e_mail_is_refused_with_advice(client, event):
    response = _sign_up(client, event, email="05241 1234")
    assert not Registration.objects.exists()
    [notice] = list(response.wsgi_request._messages)
    assert "telefonisch" in str(notice)  # the page is German


def test_a_date_beyond_the_expansion_window_is_refused(cast, public_region, client):
    event = EventFactory(organisation=cast.kreis_organisation, area=cast.verl, rrule="FREQ=WEEKLY")
    _sign_up(client, event, start=event.starts + dt.timedelta(weeks=52 * 30))
    assert not Registration.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_of_twice_as_many_simultaneous_sign_ups_as_seats_exactly_as_many_hold_one(
    cast, public_region
):
    from django.test import Client

    assert connection.vendor == "postgresql"
    seats = 5
    event = EventFactory(organisation=cast.kreis_organisation, area=cast.verl, capacity=seats)
    barrier = threading.Barrier(2 * seats)

    def attempt(n):
        try:
            barrier.wait()
            _sign_up(Client(), event, f"Name {n}", f"n{n}@example.org", address=f"10.0.0.{n}")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(2 * seats)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Registration.objects.filter(event=event).count() == seats
