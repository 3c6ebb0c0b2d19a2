"""A case conference is planned with organisations of the case's network, sends its
invitations with an iCalendar file through the outbox to a real local SMTP server, and
warns before it is pseudonymised for want of a consent."""

import datetime as dt

import pytest
from django.utils import timezone
from icalendar import Calendar

from ankommen.cases.models import Conference
from ankommen.cases.tests.conftest import url
from ankommen.cases.tests.factories import ConsentFactory
from ankommen.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(world):
    """The client consented to name her before the Jobcenter at case conferences."""
    world.jobcenter.email = "team@jobcenter.example"
    world.jobcenter.save()
    ConsentFactory(
        client=world.case.client,
        recipient=world.jobcenter,
        purpose="case_conference",
        categories=["identity"],
    )
    return world


@pytest.fixture
def without_conference_consent(world):
    """The Jobcenter is in the case's network (a consent for referrals), but the client
    gave no consent to be named at a case conference."""
    ConsentFactory(client=world.case.client, recipient=world.jobcenter, purpose="referral")
    return world


def plan(client, world, **changes):
    starts = timezone.localtime() + dt.timedelta(days=7)
    data = {
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": 60,
        "place": "AWO Verl, Raum 2",
        "participants": [world.awo.pk, world.jobcenter.pk],
        "agenda": "Arbeitsaufnahme, Sprachkurs",
        "send_invitations": "on",
        **changes,
    }
    return client.post(url("case_conference", world, pk=world.case.pk), data)


def test_only_the_cases_network_is_offered(network, verified_for):
    page = verified_for(network.awo_manager).get(url("detail", network, pk=network.case.pk))
    offered = set(page.context["forms"]["conference"].fields["participants"].queryset)
    assert offered == {network.awo, network.jobcenter}


def test_an_organisation_outside_the_network_cannot_be_invited(network, verified_for):
    response = plan(verified_for(network.awo_manager), network, participants=[network.caritas.pk])
    assert response.status_code == 400 and not Conference.objects.exists()


def test_the_invitation_reaches_the_mail_server_with_a_calendar_file(
    network, verified_for, smtp, django_capture_on_commit_callbacks
):
    smtp.start()
    with django_capture_on_commit_callbacks(execute=True):
        plan(verified_for(network.awo_manager), network)
    (message,) = smtp.messages
    assert message["X-Envelope-To"] == "team@jobcenter.example"
    (attachment,) = [part for part in message.iter_attachments()]
    assert attachment.get_content_type() == "text/calendar"
    event = Calendar.from_ical(attachment.get_content()).walk("VEVENT")[0]
    conference = Conference.objects.get()
    assert event.decoded("dtstart") == conference.starts_at


def test_the_invitation_names_no_client(
    network, verified_for, smtp, django_capture_on_commit_callbacks
):
    smtp.start()
    with django_capture_on_commit_callbacks(execute=True):
        plan(verified_for(network.awo_manager), network)
    raw = smtp.messages[0].as_string()
    assert network.case.client.last_name not in raw and network.case.reference in raw


def test_the_conference_records_when_it_invited(network, verified_for):
    plan(verified_for(network.awo_manager), network)
    conference = Conference.objects.get()
    assert conference.invitations_sent_at is not None and not conference.pseudonymised


def test_without_consent_the_form_warns_and_saves_nothing(without_conference_consent, verified_for):
    world = without_conference_consent
    response = plan(verified_for(world.awo_manager), world, send_invitations="")
    assert response.status_code == 400 and not Conference.objects.exists()
    assert (
        "No valid consent for case conferences covers Jobcenter Kreis Gütersloh"
        in response.content.decode()
    )


def test_the_refused_conference_form_keeps_what_was_typed(without_conference_consent, verified_for):
    world = without_conference_consent
    response = plan(verified_for(world.awo_manager), world, send_invitations="")
    assert "Arbeitsaufnahme, Sprachkurs" in response.content.decode()


def test_after_confirming_the_conference_is_pseudonymised(without_conference_consent, verified_for):
    world = without_conference_consent
    plan(verified_for(world.awo_manager), world, send_invitations="", confirm_pseudonymised="on")
    assert Conference.objects.get().pseudonymised


def test_a_case_manager_of_another_organisation_cannot_plan_one(network, verified_for):
    response = plan(verified_for(network.caritas_manager), network)
    assert response.status_code == 404 and not Conference.objects.exists()


def test_the_invitation_is_in_the_audit_log(network, verified_for):
    plan(verified_for(network.awo_manager), network)
    conference = Conference.objects.get()
    assert (
        AuditEntry.objects.filter(
            action=AuditEntry.Action.SHARE, model="Conference", object_id=str(conference.pk)
        ).count()
        == 2
    )
