"""Consent and sharing: a referral needs a valid consent covering its recipient and data
categories (or a team lead's written override), and the recipient reads only what it shares."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ankommen.cases.models import Case, Client, Consent, DataCategory, Purpose, Referral
from ankommen.core.actor import Actor
from ankommen.core.audit import audit
from ankommen.core.models import AuditEntry

A = AuditEntry.Action


def valid_consent(client: Client, purpose: str, recipient, categories) -> Consent | None:
    """The newest valid consent that covers every category for this recipient."""
    for consent in Consent.objects.valid().filter(
        client=client, purpose=purpose, recipient=recipient
    ):
        if consent.is_valid() and consent.covers(categories):
            return consent
    return None


@transaction.atomic
def send_referral(
    actor: Actor,
    case: Case,
    *,
    recipient,
    categories: list[str],
    purpose: str,
    offer_reference: str = "",
    legal_domain=None,
    override_reason: str = "",
) -> Referral:
    """Refer the client; impossible without a consent covering recipient and categories,
    unless a team lead overrides it with a written reason (logged)."""
    case.ensure_editable()
    if recipient.region_id != case.region_id:
        raise ValidationError(_("The recipient belongs to another region."), code="region")
    consent = valid_consent(case.client, Purpose.REFERRAL, recipient, categories)
    legal_basis = Referral.LegalBasis.CONSENT
    if consent is None:
        if not override_reason.strip():
            raise ValidationError(
                _(
                    "There is no valid consent of the client for a referral to "
                    "%(recipient)s covering these data categories."
                ),
                code="no_consent",
                params={"recipient": recipient},
            )
        if not actor.has_perm("cases.override_consent", case):
            raise PermissionDenied(_("Only the team lead may override a missing consent."))
        legal_basis = Referral.LegalBasis.OVERRIDE
    referral = Referral.objects.create(
        case=case,
        recipient=recipient,
        categories=sorted(set(categories)),
        purpose=purpose,
        offer_reference=offer_reference,
        legal_domain=legal_domain,
        consent=consent,
        legal_basis=legal_basis,
        override_reason=override_reason.strip() if consent is None else "",
        sent_by_id=actor.user_id,
    )
    if consent is None:
        audit(actor, A.OVERRIDE, referral, reason=referral.override_reason)
    audit(
        actor,
        A.SHARE,
        referral,
        recipient=recipient.pk,
        categories=referral.categories,
        consent=consent.pk if consent else None,
    )
    return referral


@transaction.atomic
def answer_referral(
    actor: Actor, referral: Referral, to: str, *, reason: str = "", feedback: str = ""
):
    if to == Referral.Status.REVOKED:
        if referral.status in (Referral.Status.DONE, Referral.Status.REVOKED):
            raise ValidationError(_("This referral can no longer be revoked."), code="state")
    elif to not in Referral.RECIPIENT_TRANSITIONS.get(referral.status, set()):
        raise ValidationError(_("This answer is not possible now."), code="state")
    if to == Referral.Status.REJECTED and not reason.strip():
        raise ValidationError(_("Give a reason for the rejection."), code="reason")
    referral.status = to
    if to in (Referral.Status.ACCEPTED, Referral.Status.REJECTED):
        referral.responded_at = timezone.now()
    referral.rejection_reason = reason.strip() if to == Referral.Status.REJECTED else ""
    if feedback.strip():
        referral.feedback = feedback.strip()
    referral.save()
    audit(actor, A.UPDATE, referral, status=to)


def shared_view(referral: Referral) -> list[tuple[str, list[tuple[str, str]]]]:
    """What the recipient may read: the shared categories, nothing else."""
    if not referral.shares_data:
        return []
    case, client = referral.case, referral.case.client
    sections = []
    for category in referral.categories:
        rows: list[tuple[str, str]] = []
        if category == DataCategory.IDENTITY:
            rows = [
                (_("Name"), client.full_name),
                (_("Year of birth"), str(client.birth_year or "")),
            ]
        elif category == DataCategory.CONTACT:
            rows = [(_("Phone"), client.phone), (_("E-mail"), client.email)]
        elif category == DataCategory.LANGUAGES:
            rows = [
                (_("Languages"), ", ".join(str(lang) for lang in client.languages.all())),
                (_("Needs an interpreter"), _("yes") if client.needs_interpreter else _("no")),
            ]
        elif category == DataCategory.RESIDENCE:
            rows = [
                (_("Residence status"), client.get_residence_status_display()),
                (
                    _("Valid until"),
                    client.residence_valid_until.isoformat()
                    if client.residence_valid_until
                    else "",
                ),
            ]
        elif category == DataCategory.FAMILY:
            members = (
                client.household.members.exclude(pk=client.pk).count() if client.household else 0
            )
            rows = [(_("Other household members"), str(members))]
        elif category in (DataCategory.ASSESSMENT, DataCategory.HEALTH):
            rows = [
                (a.get_area_display(), f"{a.need}{' !' if a.urgent else ''} {a.note}".strip())
                for a in case.assessments.all()
                if a.category == category
            ]
            if category == DataCategory.HEALTH:
                rows += [(_("Health note"), n.text) for n in case.notes.filter(kind="health")]
        elif category == DataCategory.PLAN:
            rows = [(g.get_status_display(), g.text) for g in case.goals.all()]
        elif category == DataCategory.NOTES:
            rows = [
                (n.created_at.date().isoformat(), n.text) for n in case.notes.exclude(kind="health")
            ]
        sections.append((DataCategory(category).label, rows))
    return sections
