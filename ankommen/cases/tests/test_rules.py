"""Consent, sharing, status, anonymisation, four-eyes, audit log and encryption rules."""

from datetime import date, timedelta

import pyotp
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from ankommen.cases import services
from ankommen.cases.models import (
    AppendOnlyError,
    Case,
    Consent,
    ConsentText,
    DeletionRequest,
    Note,
    Referral,
    StructuralProblem,
)
from ankommen.cases.tests.conftest import two_factor_url, url
from ankommen.cases.tests.factories import CaseFactory, ConsentFactory
from ankommen.core.actor import Actor
from ankommen.core.models import AuditEntry
from ankommen.twofactor.enrolment import issue_enrolment_link
from ankommen.twofactor.models import TOTPDevice

pytestmark = pytest.mark.django_db


def acting(user) -> Actor:
    return Actor(user=user)


def refer(world, user=None, **extra):
    values = {
        "recipient": world.jobcenter,
        "categories": ["identity"],
        "purpose": "Arbeitsvermittlung",
    }
    values.update(extra)
    return services.send_referral(acting(user or world.awo_manager), world.case, **values)


# --- Consent and sharing -------------------------------------------------------------------


def test_referral_without_consent_is_refused_and_nothing_is_written(world, verified_for):
    response = verified_for(world.awo_manager).post(
        url("case_referral", world, pk=world.case.pk),
        {"recipient": world.jobcenter.pk, "purpose": "x", "categories": ["identity"]},
    )
    assert response.status_code == 400
    assert Referral.objects.count() == 0


def test_a_refused_referral_shows_the_case_page_with_the_reason_and_what_was_typed(
    world, verified_for
):
    response = verified_for(world.awo_manager).post(
        url("case_referral", world, pk=world.case.pk),
        {
            "recipient": world.jobcenter.pk,
            "purpose": "Begleitung zur Arbeitsvermittlung",
            "categories": ["identity"],
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is no valid consent of the client" in page
    assert "Begleitung zur Arbeitsvermittlung</textarea>" in page


def test_referral_succeeds_with_consent_and_stores_it(world):
    consent = ConsentFactory(client=world.case.client, recipient=world.jobcenter)
    assert refer(world).consent == consent


def test_consent_for_other_categories_does_not_cover_the_referral(world):
    ConsentFactory(client=world.case.client, recipient=world.jobcenter, categories=["identity"])
    with pytest.raises(ValidationError):
        refer(world, categories=["identity", "health"])


def test_consent_for_another_recipient_does_not_cover_the_referral(world):
    ConsentFactory(client=world.case.client, recipient=world.caritas)
    with pytest.raises(ValidationError):
        refer(world)


def test_withdrawn_consent_blocks_new_referrals(world):
    consent = ConsentFactory(client=world.case.client, recipient=world.jobcenter)
    consent.withdrawn_at = timezone.now()
    consent.save()
    with pytest.raises(ValidationError):
        refer(world)


def test_expired_consent_counts_as_absent(world):
    ConsentFactory(
        client=world.case.client,
        recipient=world.jobcenter,
        given_on=date.today() - timedelta(days=400),
        expires_on=date.today() - timedelta(days=1),
    )
    with pytest.raises(ValidationError):
        refer(world)


def test_tampered_consent_fails_verification_and_no_longer_counts(world):
    consent = ConsentFactory(client=world.case.client, recipient=world.jobcenter)
    Consent.objects.filter(pk=consent.pk).update(categories=["identity", "health"])
    consent.refresh_from_db()
    assert not consent.verify()
    with pytest.raises(ValidationError):
        refer(world, categories=["health"])


def test_consent_cannot_be_changed_except_withdrawn(world):
    consent = ConsentFactory(client=world.case.client, recipient=world.jobcenter)
    consent.categories = ["identity", "health"]
    with pytest.raises(ValidationError):
        consent.save()
    consent.refresh_from_db()
    assert consent.categories == ["identity", "languages"]


def test_used_consent_text_cannot_be_edited(world):
    consent = ConsentFactory(client=world.case.client, recipient=world.jobcenter)
    text = consent.text_version
    text.text = "Geänderter Text"
    with pytest.raises(ValidationError):
        text.save()
    text.refresh_from_db()
    assert text.text != "Geänderter Text"


def test_used_consent_text_is_read_only_in_the_admin(world, client_for):
    consent = ConsentFactory(client=world.case.client, recipient=world.jobcenter)
    text = consent.text_version
    client_for(world.cast.ki_coordinator).post(
        f"/admin/cases/consenttext/{text.pk}/change/",
        {"region": text.region_id, "purpose": "referral", "version": "x", "text": "neu"},
    )
    text.refresh_from_db()
    assert text.version == "2026-1" and text.text != "neu"


def test_unused_consent_text_can_be_edited(world):
    text = ConsentText.objects.create(region=world.cast.region, purpose="referral", version="v")
    text.text = "besser"
    text.save()
    assert ConsentText.objects.get(pk=text.pk).text == "besser"


def test_override_needs_the_team_lead(world):
    with pytest.raises(PermissionDenied):
        refer(world, override_reason="Gefahr im Verzug")
    assert Referral.objects.count() == 0


def test_override_by_team_lead_with_reason_is_logged(world):
    referral = refer(world, user=world.awo_lead, override_reason="Gefahr im Verzug")
    assert referral.legal_basis == Referral.LegalBasis.OVERRIDE
    assert AuditEntry.objects.filter(action="override", object_id=str(referral.pk)).exists()


def test_recipient_sees_nothing_after_revocation(world, verified_for):
    ConsentFactory(client=world.case.client, recipient=world.jobcenter)
    referral = refer(world)
    verified_for(world.awo_manager).post(
        url("referral_answer", world, pk=referral.pk), {"to": "revoked"}
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.REVOKED
    response = verified_for(world.jobcenter_staff).get(url("referral", world, pk=referral.pk))
    assert response.status_code == 404


def test_recipient_cannot_revoke_and_sender_cannot_accept(world, verified_for):
    ConsentFactory(client=world.case.client, recipient=world.jobcenter)
    referral = refer(world)
    assert (
        verified_for(world.jobcenter_staff)
        .post(url("referral_answer", world, pk=referral.pk), {"to": "revoked"})
        .status_code
        == 403
    )
    assert (
        verified_for(world.awo_manager)
        .post(url("referral_answer", world, pk=referral.pk), {"to": "accepted"})
        .status_code
        == 403
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SENT


def test_referral_lifecycle_accept_then_done_with_feedback(world, verified_for):
    ConsentFactory(client=world.case.client, recipient=world.jobcenter)
    referral = refer(world)
    jobcenter = verified_for(world.jobcenter_staff)
    jobcenter.post(url("referral_answer", world, pk=referral.pk), {"to": "accepted"})
    jobcenter.post(
        url("referral_answer", world, pk=referral.pk), {"to": "done", "feedback": "vermittelt"}
    )
    referral.refresh_from_db()
    assert referral.status == "done" and referral.responded_at and referral.feedback == "vermittelt"


def test_rejection_needs_a_reason(world):
    ConsentFactory(client=world.case.client, recipient=world.jobcenter)
    referral = refer(world)
    with pytest.raises(ValidationError):
        services.answer_referral(acting(world.jobcenter_staff), referral, "rejected")
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_health_note_is_not_shared_without_the_health_category(world):
    Note.objects.create(case=world.case, kind="health", text="Diabetes")
    ConsentFactory(client=world.case.client, recipient=world.jobcenter, categories=["notes"])
    referral = refer(world, categories=["notes"])
    assert "Diabetes" not in str(services.shared_view(referral))


# --- Status, closure, anonymisation --------------------------------------------------------


def test_closure_without_reason_is_refused_and_nothing_changes(world, verified_for):
    response = verified_for(world.awo_manager).post(
        url("case_status", world, pk=world.case.pk),
        {"to": "closed", "reason": ""},
    )
    world.case.refresh_from_db()
    assert response.status_code == 400
    assert world.case.status == Case.Status.ACTIVE and world.case.closed_on is None


def test_closure_with_reason_sets_date_and_reopening_clears_it(world, verified_for):
    client = verified_for(world.awo_manager)
    client.post(
        url("case_status", world, pk=world.case.pk),
        {"to": "closed", "reason": "moved_away"},
    )
    world.case.refresh_from_db()
    assert world.case.closed_on == timezone.localdate()
    client.post(url("case_status", world, pk=world.case.pk), {"to": "active"})
    world.case.refresh_from_db()
    assert world.case.status == "active" and world.case.closed_on is None


def test_transition_outside_the_graph_is_refused(world):
    with pytest.raises(ValidationError):
        world.case.transition(Case.Status.INTAKE)


def test_database_refuses_a_closed_case_without_reason(world):
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017
        Case.objects.filter(pk=world.case.pk).update(status="closed")


def test_edit_of_anonymised_case_is_refused_and_nothing_changes(world, verified_for):
    services.anonymise_case(world.case, reason="test")
    response = verified_for(world.awo_manager).post(
        url("case_note", world, pk=world.case.pk),
        {"kind": "general", "text": "neu"},
    )
    assert response.status_code == 302
    assert world.case.notes.count() == 0
    with pytest.raises(ValidationError):
        world.case.refresh_from_db() or world.case.transition(Case.Status.CLOSED, reason="other")


def test_anonymisation_removes_names_documents_and_free_text(world):
    Note.objects.create(case=world.case, text="vertraulich")
    world.case.documents.create(
        title="Pass", filename="p.pdf", content_type="application/pdf", size=1, content=b"x"
    )
    services.anonymise_case(world.case, reason="test")
    world.case.refresh_from_db()
    client = world.case.client
    client.refresh_from_db()
    assert world.case.notes.count() == 0 and world.case.documents.count() == 0
    assert client.first_name == "" and client.birth_year == 1990
    assert world.case.kind == "kim" and world.case.town == world.verl


def test_legal_hold_keeps_an_old_case_from_anonymisation(world):
    old = date.today() - timedelta(days=365 * 5)
    world.case.transition(Case.Status.CLOSED, reason="other", on=old)
    world.case.legal_hold = True
    world.case.save()
    assert not services.due_for_anonymisation(3).filter(pk=world.case.pk).exists()


def test_retention_boundary_one_day_either_side(world):
    today = date(2026, 6, 1)
    cutoff = today - timedelta(days=round(365.25 * 3))
    inside = CaseFactory(
        region=world.cast.region,
        organisation=world.awo,
        town=world.verl,
        assigned_to=world.awo_manager,
        status="closed",
        closure_reason="other",
        closed_on=cutoff - timedelta(days=1),
    )
    outside = CaseFactory(
        region=world.cast.region,
        organisation=world.awo,
        town=world.verl,
        assigned_to=world.awo_manager,
        status="closed",
        closure_reason="other",
        closed_on=cutoff + timedelta(days=1),
    )
    due = set(services.due_for_anonymisation(3, today=today).values_list("pk", flat=True))
    assert inside.pk in due and outside.pk not in due


def test_early_deletion_needs_a_second_person(world):
    deletion = services.request_deletion(acting(world.awo_manager), world.case, "Wunsch")
    with pytest.raises(PermissionDenied):
        services.approve_deletion(acting(world.awo_manager), deletion)
    world.case.refresh_from_db()
    assert not world.case.is_anonymised
    services.approve_deletion(acting(world.awo_lead), deletion)
    world.case.refresh_from_db()
    assert world.case.is_anonymised
    assert DeletionRequest.objects.get().approved_by_id == world.awo_lead.pk


def test_colleague_without_team_lead_role_cannot_approve_deletion(world):
    deletion = services.request_deletion(acting(world.awo_manager), world.case, "Wunsch")
    world.case.assigned_to = world.awo_colleague
    with pytest.raises(PermissionDenied):
        services.approve_deletion(acting(world.awo_colleague), deletion)


# --- Transfer ------------------------------------------------------------------------------


def test_transfer_moves_access_only_on_acceptance(world, verified_for):
    verified_for(world.awo_manager).post(
        url("case_transfer", world, pk=world.case.pk),
        {"to_user": world.caritas_manager.pk, "note": "Umzug nach Rietberg"},
    )
    caritas = verified_for(world.caritas_manager)
    assert caritas.get(url("detail", world, pk=world.case.pk)).status_code == 404
    transfer = world.case.transfers.get()
    caritas.post(url("transfer_accept", world, pk=transfer.pk))
    assert caritas.get(url("detail", world, pk=world.case.pk)).status_code == 200
    assert (
        verified_for(world.awo_manager).get(url("detail", world, pk=world.case.pk)).status_code
        == 404
    )


# --- Audit log and encryption --------------------------------------------------------------


def test_opening_a_case_writes_one_read_entry(world, verified_for):
    verified_for(world.awo_manager).get(url("detail", world, pk=world.case.pk))
    entries = AuditEntry.objects.filter(action="view", case_id=world.case.pk)
    assert entries.count() == 1
    assert entries.get().user_id == world.awo_manager.pk and entries.get().ip == "127.0.0.1"


def test_audit_entries_cannot_be_changed_or_deleted_through_the_model(world):
    entry = AuditEntry.objects.create(action="view", username="x")
    entry.username = "y"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().update(username="z")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigger on PostgreSQL only")
def test_database_trigger_refuses_update_and_delete_of_audit_entries(world):
    entry = AuditEntry.objects.create(action="view", username="x")
    for sql in (
        "UPDATE core_auditentry SET username = 'y' WHERE id = %s",
        "DELETE FROM core_auditentry WHERE id = %s",
    ):
        with (
            pytest.raises(Exception, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).username == "x"


def test_names_and_notes_are_encrypted_in_the_database(world):
    Note.objects.create(case=world.case, text="streng vertraulich")
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_name FROM cases_client WHERE id = %s", [world.case.client_id])
        (stored_name,) = cursor.fetchone()
        cursor.execute("SELECT text FROM cases_note WHERE case_id = %s", [world.case.pk])
        (stored_note,) = cursor.fetchone()
    assert stored_name.startswith("enc1:") and world.case.client.last_name not in stored_name
    assert "vertraulich" not in stored_note


def test_old_key_still_decrypts_after_rotation(world, settings):
    from cryptography.fernet import Fernet

    from ankommen.core.crypto import _keys

    derived = _keys()[0].decode()  # what the world's client was encrypted with
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.CASES_ENCRYPTION_KEYS = [old, derived]
    note = Note.objects.create(case=world.case, text="alt")
    settings.CASES_ENCRYPTION_KEYS = [new, old, derived]
    from django.core.management import call_command

    call_command("rotate_case_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.CASES_ENCRYPTION_KEYS = [new]
    assert Note.objects.get(pk=note.pk).text == "alt"
    assert world.case.client.__class__.objects.get(pk=world.case.client_id).first_name == "Amina"


# --- Two-factor ----------------------------------------------------------------------------


def test_case_pages_send_an_unverified_case_manager_to_the_two_factor_page(world, client_for):
    response = client_for(world.awo_manager).get(url("detail", world, pk=world.case.pk))
    assert response.status_code == 302 and "/zwei-faktor/" in response["Location"]


def test_correct_totp_code_unlocks_case_pages_and_a_reused_code_does_not(world, client_for):
    client = client_for(world.awo_manager)
    # Since issue 13 the key is shown only through the link her team lead issues.
    client.get(issue_enrolment_link(world.awo_manager, by=Actor(user=world.awo_lead)))
    secret = TOTPDevice.objects.get(user=world.awo_manager).secret
    code = pyotp.TOTP(secret).now()
    assert (
        client.post(
            two_factor_url(world),
            {"code": "000000" if code != "000000" else "111111"},
        ).status_code
        == 200
    )
    response = client.post(two_factor_url(world), {"code": code})
    assert response.status_code == 302
    assert client.get(url("detail", world, pk=world.case.pk)).status_code == 200
    second = client_for(world.awo_manager)
    assert second.post(two_factor_url(world), {"code": code}).status_code == 200
    assert second.get(url("detail", world, pk=world.case.pk)).status_code == 302


# --- Structural problems -------------------------------------------------------------------


def test_structural_problem_with_a_case_number_is_refused(world):
    problem = StructuralProblem(
        region=world.cast.region,
        town=world.verl,
        organisation=world.awo,
        theme="housing",
        description=f"Siehe {world.case.reference}",
    )
    with pytest.raises(ValidationError):
        problem.full_clean()


def test_structural_problem_schema_has_no_personal_fields():
    names = {f.name for f in StructuralProblem._meta.get_fields()}
    assert not names & {"client", "case", "cases", "first_name", "last_name", "date_of_birth"}


def test_coordinator_sees_structural_problems_by_theme_and_town_only(world, verified_for):
    StructuralProblem.objects.create(
        region=world.cast.region,
        town=world.verl,
        organisation=world.awo,
        theme="housing",
        description="Keine Wohnungen für große Familien",
        case_count=3,
        confirmed_at=timezone.now(),  # only confirmed problems reach the KI
    )
    page = verified_for(world.cast.ki_coordinator).get(url("structural", world))
    text = page.content.decode()
    assert page.status_code == 200 and "Verl" in text and "&lt;5" in text
    assert world.case.client.last_name not in text


def test_second_factor_is_asked_again_after_the_idle_limit(world, verified_for):
    from ankommen.cases.access import SESSION_SEEN

    client = verified_for(world.awo_manager)
    assert client.get(url("detail", world, pk=world.case.pk)).status_code == 200
    session = client.session
    session[SESSION_SEEN] = session[SESSION_SEEN] - 31 * 60
    session.save()
    response = client.get(url("detail", world, pk=world.case.pk))
    assert response.status_code == 302 and "/zwei-faktor/" in response["Location"]


def test_household_link_only_to_a_case_the_user_works_on(world, verified_for):
    own = CaseFactory(
        region=world.cast.region,
        organisation=world.awo,
        town=world.verl,
        assigned_to=world.awo_manager,
    )
    foreign = CaseFactory(
        region=world.cast.region,
        organisation=world.caritas,
        town=world.rietberg,
        assigned_to=world.caritas_manager,
    )
    client = verified_for(world.awo_manager)
    target = url("case_household", world, pk=world.case.pk)
    client.post(target, {"other_case": foreign.reference})
    world.case.client.refresh_from_db()
    assert world.case.client.household is None
    client.post(target, {"other_case": own.reference, "household_role": "Mutter"})
    world.case.client.refresh_from_db()
    own.client.refresh_from_db()
    assert world.case.client.household == own.client.household is not None


def test_logins_and_failed_logins_are_in_the_audit_log_without_passwords(world, client):
    client.post("/admin/login/", {"username": "amelie", "password": "wrong-password"})
    client.post("/admin/login/", {"username": "amelie", "password": "correct horse battery staple"})
    entries = AuditEntry.objects.filter(action="login")
    assert entries.filter(detail__result="failed", detail__attempted_username="amelie").exists()
    assert entries.filter(detail__result="login", user_id=world.awo_manager.pk).exists()
    assert "wrong-password" not in str(list(entries.values("detail")))
