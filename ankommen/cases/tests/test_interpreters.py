"""A case manager requests a language mediator for an appointment of the case through the
mediation pool: the pool's rules apply, the client's personal data stays in the case, and
the case shows the request's status."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ankommen.cases.models import Appointment, InterpreterRequest
from ankommen.cases.services import interpreter_request
from ankommen.cases.tests.conftest import url
from ankommen.core.actor import Actor
from ankommen.core.models import AuditEntry
from ankommen.mediation.models import MediationRequest, Mode
from ankommen.mediation.tests.factories import MediationLanguageFactory, MediatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def appointment(world):
    return Appointment.objects.create(
        case=world.case,
        at=(timezone.now() + dt.timedelta(days=21)).replace(second=0, microsecond=0),
        purpose="Termin bei der Ausländerbehörde",
        place="Wohnung der Klientin, Hauptstraße 5",
    )


@pytest.fixture
def bulgarian(world):
    return MediationLanguageFactory(code="bg", name_de="Bulgarisch", name_en="Bulgarian")


def ask(client, world, appointment, **changes):
    data = {
        "appointment": appointment.pk,
        "language": "bg",
        "tier": "volunteer",
        "setting": "authorities",
        "mode": Mode.PHONE,
        "duration_minutes": 60,
        "topic": "Aufenthaltstitel, Frau A. B.",
        "names_nobody": "on",
        **changes,
    }
    return client.post(url("case_interpreter", world, pk=world.case.pk), data)


def test_the_request_reaches_the_pool_for_the_appointments_time(
    world, verified_for, appointment, bulgarian
):
    ask(verified_for(world.awo_manager), world, appointment)
    request = InterpreterRequest.objects.get(case=world.case).mediation_request
    assert (request.organisation, request.starts_at) == (world.awo, appointment.at)


def test_the_pool_gets_neither_the_clients_name_nor_the_place_of_the_appointment(
    world, verified_for, appointment, bulgarian
):
    ask(verified_for(world.awo_manager), world, appointment)
    request = MediationRequest.objects.get()
    pool_text = " ".join([request.topic, request.place, request.variety, request.cost_centre])
    assert world.case.client.last_name not in pool_text and "Hauptstraße" not in pool_text


def test_a_topic_naming_the_client_is_refused_and_nothing_requested(
    world, verified_for, appointment, bulgarian
):
    response = ask(
        verified_for(world.awo_manager),
        world,
        appointment,
        topic=f"Termin mit {world.case.client.last_name}",
    )
    assert response.status_code == 400 and not MediationRequest.objects.exists()


def test_a_topic_with_a_date_of_birth_is_refused_by_the_pools_rule(
    world, verified_for, appointment, bulgarian
):
    response = ask(
        verified_for(world.awo_manager), world, appointment, topic="A. B., geb. 01.02.1990"
    )
    assert response.status_code == 400 and not InterpreterRequest.objects.exists()


def test_the_pools_lead_time_applies(world, verified_for, bulgarian):
    soon = Appointment.objects.create(
        case=world.case, at=timezone.now() + dt.timedelta(days=1), purpose="Jobcenter"
    )
    response = ask(verified_for(world.awo_manager), world, soon)
    assert response.status_code == 400 and not MediationRequest.objects.exists()


def test_a_fitting_volunteer_gets_the_offer_by_mail(
    world, verified_for, appointment, bulgarian, django_capture_on_commit_callbacks
):
    mediator = MediatorFactory(region=world.cast.region, home_area=world.verl, speaks=["bg"])
    with django_capture_on_commit_callbacks(execute=True):
        ask(verified_for(world.awo_manager), world, appointment)
    assert [m.to for m in mail.outbox] == [[mediator.email]]


def test_the_case_shows_the_status_of_the_request(world, verified_for, appointment, bulgarian):
    MediatorFactory(region=world.cast.region, home_area=world.verl, speaks=["bg"])
    client = verified_for(world.awo_manager)
    ask(client, world, appointment)
    page = client.get(url("detail", world, pk=world.case.pk)).text
    assert MediationRequest.objects.get().status == "offered" and "offered" in page


def test_the_offer_mail_does_not_name_the_client(
    world, verified_for, appointment, bulgarian, django_capture_on_commit_callbacks
):
    MediatorFactory(region=world.cast.region, home_area=world.verl, speaks=["bg"])
    with django_capture_on_commit_callbacks(execute=True):
        ask(verified_for(world.awo_manager), world, appointment)
    assert world.case.client.last_name not in mail.outbox[0].body


def test_the_request_is_in_the_case_audit_log(world, verified_for, appointment, bulgarian):
    ask(verified_for(world.awo_manager), world, appointment)
    assert AuditEntry.objects.filter(
        action="create", model="InterpreterRequest", case_id=world.case.pk, username="amelie"
    ).exists()


def test_a_case_manager_of_another_organisation_cannot_request_for_the_case(
    world, verified_for, appointment, bulgarian
):
    response = ask(verified_for(world.caritas_manager), world, appointment)
    assert response.status_code == 404 and not MediationRequest.objects.exists()


def test_an_appointment_of_another_case_cannot_be_used(world, verified_for, bulgarian):
    from ankommen.cases.tests.factories import CaseFactory

    other = CaseFactory(
        region=world.cast.region,
        organisation=world.awo,
        town=world.verl,
        assigned_to=world.awo_manager,
    )
    foreign = Appointment.objects.create(
        case=other, at=timezone.now() + dt.timedelta(days=21), purpose="Schule"
    )
    response = ask(verified_for(world.awo_manager), world, foreign)
    assert response.status_code == 400 and not MediationRequest.objects.exists()


def test_someone_who_is_no_requester_of_the_cases_organisation_is_refused(
    world, appointment, bulgarian
):
    with pytest.raises(PermissionDenied):
        interpreter_request(
            Actor(user=world.cast.ki_coordinator),
            world.case,
            appointment=appointment,
            data={
                "language": bulgarian,
                "tier": "volunteer",
                "setting": "authorities",
                "mode": Mode.PHONE,
                "duration_minutes": 60,
                "topic": "A. B.",
            },
        )


def test_the_request_action_answers_get_with_405(world, verified_for):
    response = verified_for(world.awo_manager).get(url("case_interpreter", world, pk=world.case.pk))
    assert response.status_code == 405


def test_the_art_15_export_lists_the_interpreter_request(
    world, verified_for, appointment, bulgarian
):
    from ankommen.cases.services import client_export

    ask(verified_for(world.awo_manager), world, appointment)
    (entry,) = client_export(world.case.client)["cases"][0]["interpreter_requests"]
    assert (entry["language"], entry["status"]) == ("Bulgarian", "not served")


def test_a_request_without_the_confirmation_that_the_topic_names_nobody_is_refused(
    world, verified_for, appointment, bulgarian
):
    response = ask(verified_for(world.awo_manager), world, appointment, names_nobody="")
    assert response.status_code == 400 and not MediationRequest.objects.exists()
