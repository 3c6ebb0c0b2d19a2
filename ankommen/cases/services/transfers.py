"""Closing a case, and handing it over to another case manager (she gains it on acceptance)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ankommen.cases.models import Case, Transfer
from ankommen.core.actor import Actor
from ankommen.core.audit import audit
from ankommen.core.models import AuditEntry
from ankommen.core.permissions import scope_of

A = AuditEntry.Action


@transaction.atomic
def close_case(actor: Actor, case: Case, reason: str) -> None:
    case.transition(Case.Status.CLOSED, reason=reason)
    case.save()
    audit(actor, A.UPDATE, case, status="closed", reason=reason)


@transaction.atomic
def request_transfer(actor: Actor, case: Case, *, to_user, note: str) -> Transfer:
    case.ensure_editable()
    scope = scope_of(to_user)
    organisations = [
        o for o in scope.case_manager_organisation_ids if o in _region_organisations(case)
    ]
    if not organisations or to_user.pk == case.assigned_to_id:
        raise ValidationError(_("Choose a case manager in this region."), code="to_user")
    if not note.strip():
        raise ValidationError(_("Write a hand-over note."), code="note")
    from ankommen.core.models import RoleAssignment

    assignment = (
        RoleAssignment.objects.filter(
            user=to_user, organisation_id__in=organisations, role__in=["case_manager", "team_lead"]
        )
        .order_by("pk")
        .first()
    )
    transfer = Transfer.objects.create(
        case=case,
        from_user_id=actor.user_id,
        to_user=to_user,
        to_organisation_id=assignment.organisation_id,
        to_team_id=assignment.team_id,
        handover_note=note.strip(),
    )
    audit(actor, A.CREATE, transfer, to_user=to_user.pk)
    return transfer


def _region_organisations(case: Case) -> set[int]:
    return set(case.region.organisations.values_list("pk", flat=True))


@transaction.atomic
def accept_transfer(actor: Actor, transfer: Transfer) -> None:
    if transfer.to_user_id != actor.user_id or transfer.accepted_at:
        raise PermissionDenied(_("This hand-over is not yours to accept."))
    case = transfer.case
    case.ensure_editable()
    case.assigned_to_id = transfer.to_user_id
    case.organisation_id = transfer.to_organisation_id
    case.team_id = transfer.to_team_id
    case.save()
    transfer.accepted_at = timezone.now()
    transfer.save()
    audit(actor, A.UPDATE, transfer, accepted=True)
