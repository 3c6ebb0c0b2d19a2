"""Networks and bodies: the KI invites a network (a real SMTP server receives the
invitations with their calendar file), minutes record a decision whose task links to an
action-plan step and shows on the step's page; members see their bodies, others do not;
double submissions are stored once; minutes edited by two people do not overwrite each
other; an invitation to a deleted meeting answers with a clear page."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from ankommen.networks.models import Body, Decision, Invitation, Meeting, Membership, Minutes, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(cast):
    """The Netzwerk der Beratungsdienste of the cast's region: the KI chairs it, the
    Caritas editor is a member with an account, the Jobcenter takes part as an
    organisation and an external counsellor by e-mail."""
    body = Body.objects.create(
        region=cast.region,
        slug="beratungsdienste",
        name="Netzwerk der Beratungsdienste",
        kind="network",
        level="district",
        is_public=True,
    )
    cast.ki_coordinator.email = "ki@kreis.example"
    cast.ki_coordinator.save()
    cast.caritas_editor.email = "carla@caritas.example"
    cast.caritas_editor.save()
    cast.verl_organisation.email = "integration@verl.example"
    cast.verl_organisation.save()
    Membership.objects.create(body=body, user=cast.ki_coordinator, role="chair")
    Membership.objects.create(body=body, user=cast.caritas_editor, role="member")
    Membership.objects.create(body=body, organisation=cast.verl_organisation)
    Membership.objects.create(body=body, name="Migrationsberatung", email="mbe@example.org")
    return body


@pytest.fixture
def meeting(network):
    return Meeting.objects.create(
        body=network,
        title="Frühjahrssitzung",
        place="Kreishaus",
        starts_at=timezone.now().replace(microsecond=0) + dt.timedelta(days=14),
        agenda="Begrüßung\nWartezeiten",
    )


def staff(name, cast, **kwargs):
    return reverse(f"networks_staff:{name}", kwargs={"region": cast.region.slug, **kwargs})


def test_members_get_the_invitation_with_a_calendar_file(
    cast, meeting, client_for, smtp, django_capture_on_commit_callbacks
):
    smtp.start()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.ki_coordinator).post(staff("invite", cast, pk=meeting.pk))
    assert response.status_code == 302
    received = {m["X-Envelope-To"] for m in smtp.messages}
    assert received == {
        "ki@kreis.example",
        "carla@caritas.example",
        "integration@verl.example",
        "mbe@example.org",
    }
    (attachment,) = list(smtp.messages[0].iter_attachments())
    event = Calendar.from_ical(attachment.get_content()).walk("VEVENT")[0]
    assert event.decoded("dtstart") == meeting.starts_at


def test_a_decision_creates_a_task_linked_to_a_step_shown_on_the_steps_page(
    cast,
    meeting,
    plan,
    client_for,
):
    ki = client_for(cast.ki_coordinator)
    owner = meeting.body.memberships.get(user=cast.caritas_editor)
    ki.post(
        staff("decision", cast, pk=meeting.pk),
        {
            "decision-text": "Die Caritas bindet Multiplikatorinnen ein.",
            "decision-step": plan.caritas_step.pk,
            "decision-task_text": "Multiplikatorinnen ansprechen",
            "decision-task_owner": owner.pk,
            "decision-task_due": "2030-01-31",
            "decision-submission_key": str(uuid.uuid4()),
        },
    )
    page = ki.get(reverse("actionplan_staff:step", args=[cast.region.slug, plan.caritas_step.pk]))
    assert "Multiplikatorinnen ansprechen" in page.content.decode()


def test_a_decision_sent_twice_is_stored_once(cast, meeting, client_for):
    ki = client_for(cast.ki_coordinator)
    data = {"decision-text": "Beschluss", "decision-submission_key": str(uuid.uuid4())}
    ki.post(staff("decision", cast, pk=meeting.pk), data)
    ki.post(staff("decision", cast, pk=meeting.pk), data)
    assert Decision.objects.count() == 1


def test_new_minutes_sent_twice_are_stored_once(cast, meeting, client_for):
    ki = client_for(cast.ki_coordinator)
    data = {"minutes-text": "Protokoll", "minutes-is_internal": "on"}
    ki.post(staff("minutes", cast, pk=meeting.pk), data)
    second = ki.post(staff("minutes", cast, pk=meeting.pk), data)
    assert second.status_code == 302 and Minutes.objects.count() == 1


def test_minutes_saved_by_someone_else_meanwhile_are_not_overwritten(cast, meeting, client_for):
    minutes = Minutes.objects.create(meeting=meeting, text="Erste Fassung")
    ki = client_for(cast.ki_coordinator)
    ki.post(
        staff("minutes", cast, pk=meeting.pk),
        {"minutes-text": "Zweite", "minutes-expected_version": 1},
    )
    ki.post(
        staff("minutes", cast, pk=meeting.pk),
        {"minutes-text": "Dritte", "minutes-expected_version": 1},
    )
    minutes.refresh_from_db()
    assert minutes.text == "Zweite"


def test_the_owner_sees_her_open_task_on_her_home_page(cast, meeting, client_for):
    owner = meeting.body.memberships.get(user=cast.caritas_editor)
    Task.objects.create(body=meeting.body, text="Flyer übersetzen", owner=owner)
    page = client_for(cast.caritas_editor).get(reverse("accounts:home", args=[cast.region.slug]))
    assert "1 offene Aufgabe aus einem Netzwerk" in page.content.decode()  # German interface


def test_a_member_who_is_no_chair_cannot_plan_a_meeting(cast, network, client_for):
    response = client_for(cast.caritas_editor).post(
        staff("meeting_create", cast, pk=network.pk), {"meeting-title": "x"}
    )
    assert response.status_code == 403


def test_a_member_sees_the_body(cast, network, client_for):
    assert (
        client_for(cast.caritas_editor).get(staff("body", cast, pk=network.pk)).status_code == 200
    )


def test_a_non_member_of_the_region_is_refused_the_body(cast, network, client_for):
    other = Body.objects.create(
        region=cast.region, slug="ak", name="AK", kind="network", level="district"
    )
    Membership.objects.create(body=other, user=cast.officer_verl)
    assert client_for(cast.officer_verl).get(staff("body", cast, pk=network.pk)).status_code == 403


def test_the_coordinator_of_another_region_gets_404(cast, network, client_for):
    response = client_for(cast.other_coordinator).get(staff("body", cast, pk=network.pk))
    assert response.status_code == 404


def test_a_person_without_a_body_gets_404_for_the_staff_pages(cast, network, client_for):
    assert client_for(cast.volunteer).get(staff("index", cast)).status_code == 404


def test_anonymous_is_sent_to_sign_in(cast, network, client_for):
    assert client_for(None).get(staff("body", cast, pk=network.pk)).status_code == 302


def test_get_on_the_invitation_view_answers_405(cast, meeting, client_for):
    assert (
        client_for(cast.ki_coordinator).get(staff("invite", cast, pk=meeting.pk)).status_code == 405
    )


def test_an_invitation_to_a_deleted_meeting_says_so(cast, public_region, meeting):
    invitation = Invitation.objects.create(
        body=meeting.body,
        meeting=meeting,
        email="a@example.org",
        meeting_title=meeting.title,
        meeting_starts_at=meeting.starts_at,
    )
    meeting.delete()
    response = client_for_anonymous().get(
        reverse("networks:invitation", args=[cast.region.slug, "de", invitation.token])
    )
    assert response.status_code == 410 and "Frühjahrssitzung" in response.content.decode()


def test_internal_minutes_stay_off_the_public_page(cast, public_region, network):
    past = Meeting.objects.create(
        body=network,
        title="Herbst",
        starts_at=timezone.now() - dt.timedelta(days=30),
        is_public=True,
    )
    Minutes.objects.create(meeting=past, text="Vertrauliche Runde", is_internal=True)
    response = client_for_anonymous().get(
        reverse("networks:body", args=[cast.region.slug, "de", network.slug])
    )
    assert response.status_code == 200 and "Vertrauliche" not in response.content.decode()


def test_a_body_without_a_public_page_is_not_found(cast, public_region, network):
    network.is_public = False
    network.save()
    response = client_for_anonymous().get(
        reverse("networks:body", args=[cast.region.slug, "de", network.slug])
    )
    assert response.status_code == 404


def test_the_action_plan_reference_resolves_to_the_public_page(cast, network):
    from ankommen.core.modules import resolve_reference

    cast.region.default_language = cast.region.default_language
    assert resolve_reference("networks.body:beratungsdienste", cast.region).endswith(
        "/gremien/beratungsdienste/"
    )


def test_an_upload_of_the_wrong_type_is_refused(cast, network, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("protokoll.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = client_for(cast.ki_coordinator).post(
        staff("document_upload", cast, pk=network.pk),
        {"document-title": "Protokoll", "document-file": fake},
    )
    assert response.status_code == 400 and not network.documents.exists()


def client_for_anonymous():
    from django.test import Client

    return Client()
