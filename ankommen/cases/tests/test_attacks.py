"""Every case URL walked by people who must not get in: 403 or 404 (or the login page for
an anonymous visitor), no count or title leak, and the attempt in the audit log."""

import pytest
from django.urls import reverse

from ankommen.cases.models import (
    Case,
    DeletionRequest,
    Document,
    Referral,
    Transfer,
)
from ankommen.cases.tests.conftest import two_factor_url, url
from ankommen.cases.tests.factories import CaseFactory
from ankommen.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def case_urls(world, case, referral, document, transfer, deletion):
    return [
        url("detail", world, pk=case.pk),
        url("export", world, pk=case.pk, fmt="json"),
        url("export", world, pk=case.pk, fmt="pdf"),
        url("document", world, pk=document.pk),
        url("referral", world, pk=referral.pk),
        url("detail", world, pk=case.pk + 1000),  # a guessed id
        url("export", world, pk=case.pk + 1000, fmt="json"),
    ]


def post_urls(world, case, referral, transfer, deletion):
    return [
        url("case_note", world, pk=case.pk),
        url("case_status", world, pk=case.pk),
        url("case_referral", world, pk=case.pk),
        url("case_consent", world, pk=case.pk),
        url("referral_answer", world, pk=referral.pk),
        url("transfer_accept", world, pk=transfer.pk),
        url("deletion_approve", world, pk=deletion.pk),
    ]


@pytest.fixture
def records(world):
    case = world.case
    referral = Referral.objects.create(
        case=case, recipient=world.jobcenter, categories=["identity"], purpose="x"
    )
    document = Document.objects.create(
        case=case,
        title="Bescheid",
        filename="b.pdf",
        content_type="application/pdf",
        size=1,
        content=b"x",
    )
    transfer = Transfer.objects.create(
        case=case,
        from_user_id=world.awo_manager.pk,
        to_user=world.awo_colleague,
        to_organisation=world.awo,
        handover_note="Übergabe",
    )
    deletion = DeletionRequest.objects.create(
        case=case, reason="Wunsch", requested_by_id=world.awo_manager.pk
    )
    return case, referral, document, transfer, deletion


@pytest.fixture
def outsiders(world):
    cast = world.cast
    return {
        "caritas case manager in Rietberg": world.caritas_manager,
        "case manager of another organisation": cast.case_manager,
        "team lead of another organisation": cast.team_lead,
        "coordinator without case rights": cast.ki_coordinator,
        "volunteer": cast.volunteer,
        "other region's coordinator": cast.other_coordinator,
        "installation admin": cast.admin,
        "municipal officer of Verl": cast.officer_verl,
    }


def test_outsiders_get_404_or_403_on_every_case_page_and_each_attempt_is_logged(
    world, records, outsiders, verified_for
):
    case, referral, _document, transfer, deletion = records
    for who, user in outsiders.items():
        client = verified_for(user)
        for target in case_urls(world, *records):
            before = AuditEntry.objects.filter(user_id=user.pk, action="denied").count()
            response = client.get(target)
            assert response.status_code in (403, 404), (who, target, response.status_code)
            after = AuditEntry.objects.filter(user_id=user.pk, action="denied").count()
            assert after == before + 1, (who, target)
        for target in post_urls(world, case, referral, transfer, deletion):
            response = client.post(target, {"text": "x", "kind": "general", "to": "closed"})
            assert response.status_code in (403, 404), (who, target, response.status_code)


def test_outsiders_post_changes_nothing(world, records, outsiders, verified_for):
    case, _referral, _document, transfer, deletion = records
    for user in outsiders.values():
        client = verified_for(user)
        client.post(url("case_status", world, pk=case.pk), {"to": "closed", "reason": "other"})
        client.post(url("case_note", world, pk=case.pk), {"text": "x", "kind": "general"})
        client.post(url("deletion_approve", world, pk=deletion.pk))
        client.post(url("transfer_accept", world, pk=transfer.pk))
    case.refresh_from_db()
    assert case.status == Case.Status.ACTIVE and case.notes.count() == 0
    assert not case.is_anonymised and case.assigned_to == world.awo_manager
    transfer.refresh_from_db()
    assert transfer.accepted_at is None


def test_anonymous_visitor_is_sent_to_login_without_a_trace_of_the_case(world, records, client):
    case = records[0]
    for target in case_urls(world, *records):
        response = client.get(target)
        assert response.status_code == 302 and "/anmelden/" in response["Location"]
    assert client.post(url("case_note", world, pk=case.pk), {"text": "x"}).status_code == 302
    assert case.notes.count() == 0
    assert AuditEntry.objects.filter(user_id=None, action="denied").count() >= 7


def test_case_list_of_another_organisation_shows_no_count_or_title(world, verified_for):
    for _ in range(3):
        CaseFactory(
            region=world.cast.region,
            organisation=world.awo,
            town=world.verl,
            assigned_to=world.awo_manager,
            opened_on=world.case.opened_on,
        )
    page = verified_for(world.caritas_manager).get(url("list", world), {"q": world.case.reference})
    text = page.content.decode()
    assert page.status_code == 200
    assert "No cases." in text
    assert world.case.client.last_name not in text and "NN0" not in text


def test_volunteer_and_officer_cannot_reach_even_the_two_factor_page(world, client_for):
    for user in (world.cast.volunteer, world.cast.officer_verl):
        response = client_for(user).get(two_factor_url(world))
        assert response.status_code == 404


def test_case_data_is_not_in_the_admin(world, client_for):
    admin = client_for(world.cast.admin)
    for model in ("case", "client", "note", "consent", "referral", "auditentry", "document"):
        assert admin.get(f"/admin/cases/{model}/").status_code == 404
    assert admin.get(reverse("admin:cases_consenttext_changelist")).status_code == 200


def test_colleague_of_same_organisation_outside_the_team_cannot_see_the_case(world, verified_for):
    response = verified_for(world.awo_colleague).get(url("detail", world, pk=world.case.pk))
    assert response.status_code == 404


def test_team_lead_sees_the_team_case(world, verified_for):
    assert (
        verified_for(world.awo_lead).get(url("detail", world, pk=world.case.pk)).status_code == 200
    )


def test_get_on_state_changing_urls_answers_405(world, records, verified_for):
    case, referral, _document, transfer, deletion = records
    client = verified_for(world.awo_manager)
    for target in post_urls(world, case, referral, transfer, deletion):
        assert client.get(target).status_code == 405, target
