"""The forms of case work: no residence status chosen in advance, the mediation pool's
languages, codes shown as words, an interpreter request that carries the case's language
and appointment over, and a refused answer that keeps what was typed."""

import datetime as dt

import pytest
from django.utils import timezone

from ankommen.cases.models import Appointment, Case, Client, Referral
from ankommen.cases.tests.conftest import url
from ankommen.cases.tests.factories import ConsentFactory
from ankommen.mediation.tests.factories import MediationLanguageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tigrinya(world):
    return MediationLanguageFactory(code="ti", name_de="Tigrinya", name_en="Tigrinya")


def new_case(client, world, **changes):
    data = {
        "kind": "kim",
        "town": world.verl.pk,
        "first_name": "Selam",
        "last_name": "Tesfaye",
        "date_of_birth": "1994-03-02",
        "residence_status": "asylum",
        **changes,
    }
    return client.post(url("new", world), data)


def test_no_residence_status_is_chosen_in_advance(world, verified_for):
    page = verified_for(world.awo_manager).get(url("new", world)).content.decode()
    assert 'value="" selected' in page or '<option value="">' in page
    assert 'value="german" selected' not in page


def test_a_case_without_residence_status_is_refused_keeping_the_name(world, verified_for):
    response = new_case(verified_for(world.awo_manager), world, residence_status="")
    assert response.status_code == 200 and 'value="Tesfaye"' in response.content.decode()
    assert not Client.objects.filter(pk__gt=world.case.client_id).exists()


def test_a_new_case_takes_a_language_of_the_mediation_pool(world, verified_for, tigrinya):
    new_case(verified_for(world.awo_manager), world, languages=[tigrinya.pk])
    client = Case.objects.exclude(pk=world.case.pk).get().client
    assert list(client.languages.all()) == [tigrinya]


def test_the_date_of_birth_gives_the_year_of_birth(world, verified_for):
    new_case(verified_for(world.awo_manager), world)
    client = Case.objects.exclude(pk=world.case.pk).get().client
    assert (client.date_of_birth, client.birth_year) == ("1994-03-02", 1994)


def test_consent_categories_are_shown_as_words(world, verified_for):
    ConsentFactory(client=world.case.client, recipient=world.jobcenter)
    page = verified_for(world.awo_manager).get(url("detail", world, pk=world.case.pk))
    text = page.content.decode()
    assert "identity (name, year of birth), languages and interpreter need" in text


@pytest.fixture
def appointment(world):
    return Appointment.objects.create(
        case=world.case,
        at=timezone.now() + dt.timedelta(days=14),
        purpose="Jobcenter",
    )


def test_the_interpreter_form_carries_the_clients_language_over(
    world, verified_for, tigrinya, appointment
):
    world.case.client.languages.set([tigrinya])
    page = verified_for(world.awo_manager).get(url("detail", world, pk=world.case.pk))
    form = page.context["forms"]["interpreter"]
    assert form["language"].value() == "ti"


def test_the_interpreter_form_carries_the_chosen_appointment_over(
    world, verified_for, tigrinya, appointment
):
    later = Appointment.objects.create(
        case=world.case, at=timezone.now() + dt.timedelta(days=30), purpose="Schule"
    )
    page = verified_for(world.awo_manager).get(
        url("detail", world, pk=world.case.pk), {"dolmetschen": later.pk}
    )
    assert page.context["forms"]["interpreter"]["appointment"].value() == later.pk


def test_an_appointment_of_another_case_is_not_carried_over(world, verified_for, appointment):
    from ankommen.cases.tests.factories import CaseFactory

    other = CaseFactory(
        region=world.cast.region,
        organisation=world.caritas,
        town=world.rietberg,
        assigned_to=world.caritas_manager,
    )
    foreign = Appointment.objects.create(
        case=other, at=timezone.now() + dt.timedelta(days=3), purpose="fremd"
    )
    page = verified_for(world.awo_manager).get(
        url("detail", world, pk=world.case.pk), {"dolmetschen": foreign.pk}
    )
    assert page.context["forms"]["interpreter"]["appointment"].value() == appointment.pk


def test_a_refused_rejection_keeps_the_typed_feedback(world, verified_for):
    ConsentFactory(client=world.case.client, recipient=world.jobcenter)
    from ankommen.cases import services
    from ankommen.core.actor import Actor

    referral = services.send_referral(
        Actor(user=world.awo_manager),
        world.case,
        recipient=world.jobcenter,
        categories=["identity"],
        purpose="Arbeitsvermittlung",
    )
    response = verified_for(world.jobcenter_staff).post(
        url("referral_answer", world, pk=referral.pk),
        {"to": "rejected", "reason": "", "feedback": "Bitte erst Sprachkurs B1"},
    )
    assert response.status_code == 400
    assert "Bitte erst Sprachkurs B1" in response.content.decode()
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.SENT
