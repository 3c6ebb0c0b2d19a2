"""Consent and sharing: a referral needs a valid, untampered consent covering its recipient
and categories (or the team lead's logged override); the recipient sees only what is shared."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ankommen.cases import services
from ankommen.cases.models import (
    Consent,
    ConsentText,
    Note,
    Referral,
)
from ankommen.cases.tests.conftest import url
from ankommen.cases.tests.factories import ConsentFactory
from ankommen.core.actor import Actor
from ankommen.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def refer(world, user=None, **extra):
    values = {
        "recipient": world.jobcenter,
        "categories": ["identity"],
        "purpose": "Arbeitsvermittlung",
    }
    values.update(extra)
    return services.send_referral(Actor(user=user or world.awo_manager), world.case, **values)


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
        services.answer_referral(Actor(user=world.jobcenter_staff), referral, "rejected")
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_health_note_is_not_shared_without_the_health_category(world):
    Note.objects.create(case=world.case, kind="health", text="Diabetes")
    ConsentFactory(client=world.case.client, recipient=world.jobcenter, categories=["notes"])
    referral = refer(world, categories=["notes"])
    assert "Diabetes" not in str(services.shared_view(referral))
