"""Need-to-know below the organisation: a referral reaches the people its receiving
organisation names as recipients, not every account of it (the attack: a website editor
of the Jobcenter, after setting up a second factor, read the client's name, year of birth,
languages and residence status and could accept)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ankommen.cases.models import Referral, ReferralRecipient
from ankommen.cases.tests.conftest import url
from ankommen.core.models import AuditEntry, Role
from ankommen.core.tests.factories import TeamFactory, UserFactory, give_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(world) -> Referral:
    return Referral.objects.create(
        case=world.case,
        recipient=world.jobcenter,
        categories=["identity", "languages", "residence"],
        purpose="Arbeitsvermittlung",
    )


@pytest.fixture
def jobcenter_editor(world):
    """Keeps the Jobcenter's pages on the portal; has nothing to do with referrals."""
    user = UserFactory(username="jobcenter.redaktion")
    give_role(user, Role.ORGANISATION_EDITOR, world.cast.region, organisation=world.jobcenter)
    return user


@pytest.fixture
def jobcenter_colleague(world):
    """A case manager of the Jobcenter whom the Jobcenter did not name as a recipient."""
    user = UserFactory(username="jobcenter.kollege")
    give_role(user, Role.CASE_MANAGER, world.cast.region, organisation=world.jobcenter)
    return user


def test_a_website_editor_of_the_receiving_organisation_cannot_open_the_referral_inbox(
    world, referral, jobcenter_editor, verified_for
):
    response = verified_for(jobcenter_editor).get(url("inbox", world))
    assert response.status_code == 404


def test_a_website_editor_of_the_receiving_organisation_cannot_read_the_referral(
    world, referral, jobcenter_editor, verified_for
):
    response = verified_for(jobcenter_editor).get(url("referral", world, pk=referral.pk))
    assert response.status_code == 404
    assert world.case.client.last_name not in response.content.decode()


def test_a_website_editor_of_the_receiving_organisation_cannot_accept_the_referral(
    world, referral, jobcenter_editor, verified_for
):
    response = verified_for(jobcenter_editor).post(
        url("referral_answer", world, pk=referral.pk), {"to": "accepted"}
    )
    referral.refresh_from_db()
    assert response.status_code == 404 and referral.status == Referral.Status.SENT


def test_a_case_manager_of_the_receiving_organisation_not_named_as_recipient_cannot_read_it(
    world, referral, jobcenter_colleague, verified_for
):
    http = verified_for(jobcenter_colleague)
    assert http.get(url("inbox", world)).status_code == 404
    assert http.get(url("referral", world, pk=referral.pk)).status_code == 404


def test_a_refused_look_at_a_referral_is_in_the_audit_log(
    world, referral, jobcenter_editor, verified_for
):
    target = url("referral", world, pk=referral.pk)
    verified_for(jobcenter_editor).get(target)
    assert AuditEntry.objects.filter(
        user_id=jobcenter_editor.pk, action="denied", path=target
    ).exists()


def test_the_named_recipient_sees_the_referral_in_her_inbox(world, referral, verified_for):
    http = verified_for(world.jobcenter_staff)
    inbox = http.get(url("inbox", world)).content.decode()
    page = http.get(url("referral", world, pk=referral.pk)).content.decode()
    assert f"/verweisung/{referral.pk}/" in inbox
    assert world.case.client.last_name in page


def test_the_named_recipient_accepts_the_referral(world, referral, verified_for):
    verified_for(world.jobcenter_staff).post(
        url("referral_answer", world, pk=referral.pk), {"to": "accepted"}
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED


def test_a_named_recipient_who_no_longer_works_for_the_organisation_sees_nothing(
    world, referral, verified_for
):
    world.jobcenter_staff.role_assignments.all().delete()
    give_role(world.jobcenter_staff, Role.CASE_MANAGER, world.cast.region, organisation=world.awo)
    response = verified_for(world.jobcenter_staff).get(url("referral", world, pk=referral.pk))
    assert response.status_code == 404


def test_only_a_person_who_works_for_the_organisation_can_be_named_its_recipient(world):
    recipient = ReferralRecipient(organisation=world.jobcenter, user=world.caritas_manager)
    with pytest.raises(ValidationError):
        recipient.full_clean()


# --- Who names the recipients ---------------------------------------------------------------


def add_recipient(http, organisation, user):
    return http.post(
        reverse("admin:cases_referralrecipient_add"),
        {"organisation": organisation.pk, "user": user.pk},
    )


def test_the_team_lead_of_an_organisation_names_its_recipients_in_the_admin(
    world, jobcenter_colleague, verified_for
):
    team = TeamFactory(organisation=world.jobcenter, name="Arbeitsvermittlung")
    lead = UserFactory(username="jobcenter.leitung")
    give_role(lead, Role.TEAM_LEAD, world.cast.region, organisation=world.jobcenter, team=team)
    response = add_recipient(verified_for(lead), world.jobcenter, jobcenter_colleague)
    assert response.status_code == 302
    assert ReferralRecipient.objects.filter(
        organisation=world.jobcenter, user=jobcenter_colleague
    ).exists()


def test_naming_a_recipient_is_in_the_audit_log(world, jobcenter_colleague, client_for):
    add_recipient(client_for(world.cast.admin), world.jobcenter, jobcenter_colleague)
    assert AuditEntry.objects.filter(
        user_id=world.cast.admin.pk, action="create", model="ReferralRecipient"
    ).exists()


def test_an_editor_cannot_name_herself_a_recipient_of_her_organisation(
    world, jobcenter_editor, client_for
):
    response = add_recipient(client_for(jobcenter_editor), world.jobcenter, jobcenter_editor)
    assert response.status_code == 403
    assert not ReferralRecipient.objects.filter(user=jobcenter_editor).exists()


def test_a_team_lead_cannot_name_recipients_of_another_organisation(
    world, jobcenter_colleague, verified_for
):
    response = add_recipient(verified_for(world.awo_lead), world.jobcenter, jobcenter_colleague)
    assert response.status_code in (200, 403)
    assert not ReferralRecipient.objects.filter(user=jobcenter_colleague).exists()
