"""The step-by-step workflows of Clearing intake and school placement cases."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ankommen.cases.models import Appointment, Case, DataCategory, FollowUp
from ankommen.cases.services.referrals import send_referral
from ankommen.core.actor import Actor
from ankommen.core.audit import audit
from ankommen.core.models import AuditEntry

A = AuditEntry.Action


WORKFLOWS: dict[str, dict[str, list[str]]] = {
    Case.Kind.CLEARING: {
        "intake_interview": ["outreach_handover"],
        "outreach_handover": ["home_visit_done"],
        "home_visit_done": ["referred_to_case_management", "finished"],
        "referred_to_case_management": [],
        "finished": [],
    },
    Case.Kind.SCHOOL: {
        "registered": ["invited"],
        "invited": ["counselled"],
        "counselled": ["recommended"],
        "recommended": ["decided"],
        "decided": [],
    },
}


def workflow_labels() -> dict[str, str]:
    return {
        "intake_interview": _("intake interview"),
        "outreach_handover": _("handed over to outreach social work"),
        "home_visit_done": _("home visit done"),
        "referred_to_case_management": _("referred to case management"),
        "finished": _("finished without case management"),
        "registered": _("pupil registered"),
        "invited": _("invited to counselling"),
        "counselled": _("counselled"),
        "recommended": _("school and language support recommended"),
        "decided": _("decision recorded"),
    }


def first_step(kind: str) -> str:
    steps = WORKFLOWS.get(kind)
    return next(iter(steps)) if steps else ""


@transaction.atomic
def advance_workflow(actor: Actor, case: Case, to: str, data: dict) -> None:
    """Move a Clearing or school placement case one step on; each step asks for what it
    needs and creates what follows from it (appointments, referrals)."""
    case.ensure_editable()
    allowed = WORKFLOWS.get(case.kind, {}).get(case.workflow_step, [])
    if to not in allowed:
        raise ValidationError(_("This step cannot follow the current one."), code="step")
    record = dict(case.workflow_data)
    if to == "outreach_handover":
        at = data.get("home_visit_at")
        if not at:
            raise ValidationError(_("Give the date of the home visit."), code="home_visit_at")
        Appointment.objects.create(
            case=case, at=at, purpose=_("home visit by outreach social work"), home_visit=True
        )
        FollowUp.objects.create(
            case=case, due_on=at.date(), subject=_("hand-over to outreach social work")
        )
    elif to == "referred_to_case_management":
        recipient = data.get("recipient")
        if recipient is None:
            raise ValidationError(_("Choose the case management organisation."), code="recipient")
        referral = send_referral(
            actor,
            case,
            recipient=recipient,
            categories=data.get("categories") or [DataCategory.IDENTITY],
            purpose=_("hand-over of a complex case to KIM case management"),
            override_reason=data.get("override_reason", ""),
        )
        record["referral"] = referral.pk
    elif to == "recommended":
        for key in ("recommended_school", "language_support"):
            if not str(data.get(key, "")).strip():
                raise ValidationError(_("Fill in the recommendation."), code=key)
            record[key] = str(data[key]).strip()
    elif to == "decided":
        for key in ("decided_by", "decided_school"):
            if not str(data.get(key, "")).strip():
                raise ValidationError(
                    _("Record who decided (school authority) and the school."), code=key
                )
            record[key] = str(data[key]).strip()
    record.setdefault("history", []).append([to, timezone.now().isoformat()])
    case.workflow_step = to
    case.workflow_data = record
    if case.status == Case.Status.INTAKE:
        case.status = Case.Status.ACTIVE
    case.save()
    audit(actor, A.UPDATE, case, workflow_step=to)
