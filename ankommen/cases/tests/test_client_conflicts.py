"""Optimistic locking of the client's master data: a form opened before somebody else's
save cannot silently revert that save (the attack: the team lead's older form overwrote
the case manager's new phone number)."""

import re

import pytest

from ankommen.cases.models import Client
from ankommen.cases.tests.conftest import url

pytestmark = pytest.mark.django_db


def opened_version(http, world) -> str:
    """The version the client form on the case page carries, as a person opening it sees."""
    page = http.get(url("detail", world, pk=world.case.pk)).content.decode()
    found = re.search(r'name="client-expected_version" value="(\d+)"', page)
    assert found, "the client form carries no version"
    return found.group(1)


def save_client(http, world, version, **changes):
    client = Client.objects.get(pk=world.case.client_id)
    data = {
        "client-first_name": client.first_name,
        "client-last_name": client.last_name,
        "client-birth_year": str(client.birth_year),
        "client-phone": "",
        "client-email": "",
        "client-residence_status": client.residence_status,
        "client-expected_version": version,
        **changes,
    }
    return http.post(url("case_client", world, pk=world.case.pk), data)


def test_a_stale_client_form_does_not_overwrite_the_newer_phone_number(world, verified_for):
    manager, lead = verified_for(world.awo_manager), verified_for(world.awo_lead)
    managers_version, leads_version = opened_version(manager, world), opened_version(lead, world)
    save_client(manager, world, managers_version, **{"client-phone": "05246 12345"})
    response = save_client(lead, world, leads_version, **{"client-email": "neu@example.org"})
    client = Client.objects.get(pk=world.case.client_id)
    assert response.status_code == 400
    assert (client.phone, client.email) == ("05246 12345", "")


def test_the_refused_stale_form_says_why_and_keeps_what_was_typed(world, verified_for):
    manager, lead = verified_for(world.awo_manager), verified_for(world.awo_lead)
    managers_version, leads_version = opened_version(manager, world), opened_version(lead, world)
    save_client(manager, world, managers_version, **{"client-phone": "05246 12345"})
    page = save_client(lead, world, leads_version, **{"client-email": "neu@example.org"})
    text = page.content.decode()
    assert "Someone else changed the client&#x27;s data after you opened this form" in text
    assert 'value="neu@example.org"' in text


def test_a_client_form_opened_after_the_change_saves(world, verified_for):
    manager, lead = verified_for(world.awo_manager), verified_for(world.awo_lead)
    save_client(manager, world, opened_version(manager, world), **{"client-phone": "05246 12345"})
    response = save_client(
        lead,
        world,
        opened_version(lead, world),
        **{"client-phone": "05246 12345", "client-email": "neu@example.org"},
    )
    client = Client.objects.get(pk=world.case.client_id)
    assert response.status_code == 302
    assert (client.phone, client.email) == ("05246 12345", "neu@example.org")


def test_a_client_form_without_its_version_is_refused(world, verified_for):
    manager = verified_for(world.awo_manager)
    response = save_client(manager, world, "", **{"client-phone": "05246 12345"})
    assert response.status_code == 400
    assert Client.objects.get(pk=world.case.client_id).phone == ""
