"""Retention and anonymisation: what goes when a case is anonymised, which cases are due,
and early deletion with a second person's approval."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ankommen.cases.models import Case, ConsentScan, DeletionRequest, FieldChange
from ankommen.core.actor import Actor
from ankommen.core.audit import audit
from ankommen.core.models import AuditEntry

A = AuditEntry.Action


def anonymise_case(case: Case, *, actor: Actor | None = None, reason: str) -> None:
    """Names, contact details, free text and documents go; kind, organisation, town,
    dates, closure reason and legal domains stay for the statistics."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.is_anonymised:
            return
        case.documents.all().delete()
        case.notes.all().delete()
        case.assessments.update(note="")
        for goal in case.goals.all():
            goal.steps.all().delete()
        case.goals.update(text="")
        case.transfers.update(handover_note="")
        case.referrals.update(purpose="", feedback="")
        case.conferences.update(minutes="", agenda="")
        case.appointments.update(place="")
        case.workflow_data = {}
        case.referral_source = ""
        case.anonymised_at = timezone.now()
        case.save()
        client = case.client
        if not client.cases.filter(anonymised_at__isnull=True).exists():
            client.first_name = client.last_name = client.phone = client.email = ""
            client.date_of_birth = ""
            if client.birth_year:
                client.birth_year = client.birth_year - client.birth_year % 10  # decade
            client.household = None
            # Scans of signed consents are documents: they do not survive anonymisation.
            ConsentScan.objects.filter(consent__client=client).delete()
            client.anonymised_at = timezone.now()
            client.save()
            history = FieldChange.objects.filter(model="Client", object_id=client.pk)
            history.purge_for_anonymisation()
        # The history holds old values (sources, reasons); it goes with what it describes.
        FieldChange.objects.filter(model="Case", object_id=case.pk).purge_for_anonymisation()
        audit(actor, A.ANONYMISE, case, reason=reason, history_purged=True)


def due_for_anonymisation(years: int, today: date | None = None):
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=round(365.25 * years))
    return Case.objects.filter(
        status=Case.Status.CLOSED,
        closed_on__lt=cutoff,
        anonymised_at__isnull=True,
        legal_hold=False,
    )


@transaction.atomic
def request_deletion(actor: Actor, case: Case, reason: str) -> DeletionRequest:
    case.ensure_editable()
    if not reason.strip():
        raise ValidationError(_("Give a reason for the early deletion."), code="reason")
    if case.legal_hold:
        raise ValidationError(_("The case is under legal hold."), code="legal_hold")
    deletion = DeletionRequest.objects.create(
        case=case, reason=reason.strip(), requested_by_id=actor.user_id
    )
    audit(actor, A.CREATE, deletion)
    return deletion


@transaction.atomic
def approve_deletion(actor: Actor, deletion: DeletionRequest) -> None:
    """The four-eyes rule: someone else than the requester, with the right to approve."""
    if deletion.approved_at:
        raise ValidationError(_("Already approved."), code="done")
    if deletion.requested_by_id == actor.user_id:
        raise PermissionDenied(_("A second person has to approve the deletion."))
    if not actor.has_perm("cases.approve_deletion", deletion.case):
        raise PermissionDenied(_("Only the team lead may approve a deletion."))
    if deletion.case.legal_hold:
        raise ValidationError(_("The case is under legal hold."), code="legal_hold")
    deletion.approved_by_id = actor.user_id
    deletion.approved_at = timezone.now()
    deletion.save()
    anonymise_case(deletion.case, actor=actor, reason="early deletion approved")
