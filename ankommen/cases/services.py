"""What happens to case data, independent of the web pages: consent, sharing, transfer,
workflows, anonymisation and the Art. 15 export. Every function writes its audit entry."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ankommen.cases.models import (
    Appointment,
    Case,
    Client,
    Conference,
    Consent,
    ConsentScan,
    DataCategory,
    DeletionRequest,
    FieldChange,
    FollowUp,
    Purpose,
    Referral,
    Transfer,
)
from ankommen.core.actor import Actor
from ankommen.core.audit import audit
from ankommen.core.models import AuditEntry
from ankommen.core.permissions import scope_of

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


# --- Texts that leave the case ------------------------------------------------------------


def identifying_values(client: Client) -> list[str]:
    """What identifies the client in a free text that leaves the case (a structural
    problem): her names and those of the members of her household. Clients and households
    hold no address; add its fields here when they do."""
    clients = [client]
    if client.household_id:
        clients += list(client.household.members.exclude(pk=client.pk))
    return [value for c in clients for value in (c.first_name, c.last_name) if value]


# --- Interpreters from the mediation pool ------------------------------------------------


def _names_in(text: str, client: Client) -> bool:
    """Does the text contain the client's first or last name (initials are fine)?"""
    import re

    words = {w.casefold() for w in re.findall(r"\w+", text)}
    names = {
        part.casefold()
        for name in (client.first_name, client.last_name)
        for part in re.findall(r"\w+", name or "")
        if len(part) > 1
    }
    return bool(words & names)


@transaction.atomic
def interpreter_request(actor: Actor, case: Case, *, appointment, data: dict):
    """Request a language mediator for an appointment of the case through the mediation
    pool: its form checks the request by the pool's rules (lead time, setting, personal
    data in the topic), its services offer it to the mediators. The pool learns the
    appointment's time, the town and a topic, never who the client is."""
    from ankommen.cases.models import InterpreterRequest
    from ankommen.core.models import Organisation
    from ankommen.mediation.forms import RequestForm
    from ankommen.mediation.permissions import is_requester
    from ankommen.mediation.services import MediationError, send_offers

    case.ensure_editable()
    user = actor.user
    # The pool's own rule for requesters: staff of the requesting organisation, here the
    # organisation that runs the case.
    if not (user.has_perm("mediation.add_request", case.region) and is_requester(user, case)):
        audit(actor, A.DENIED, case, reason="not a mediation requester for this case")
        raise PermissionDenied(
            _("Your organisation may not request language mediation in this region.")
        )
    if appointment.case_id != case.pk:
        raise ValidationError(_("Choose an appointment of this case."), code="appointment")
    if _names_in(data["topic"], case.client):
        raise ValidationError(
            _(
                "The topic must not name the client: the mediation pool gets no personal "
                "data. Use initials at most."
            ),
            code="personal_data",
        )
    local = timezone.localtime(appointment.at)
    form = RequestForm(
        {
            "organisation": case.organisation_id,
            "language": data["language"].code,
            "variety": "",
            "tier": data["tier"],
            "setting": data["setting"],
            "mode": data["mode"],
            # The town only: the appointment's place may be the client's home.
            "place_area": case.town_id,
            "place": "",
            "duration_minutes": data["duration_minutes"],
            "urgency": "normal",
            "topic": data["topic"],
            "names_nobody": data.get("names_nobody"),
            "cost_centre": "",
            "date": local.date().isoformat(),
            "time": local.strftime("%H:%M"),
        },
        region=case.region,
        user=user,
        organisations=Organisation.objects.filter(pk=case.organisation_id),
        may_override=False,
        # The pool refuses the client's own names and contact data in any text it shows.
        personal_values=[
            case.client.first_name,
            case.client.last_name,
            case.client.email,
            case.client.phone,
        ],
    )
    if not form.is_valid():
        raise ValidationError(
            [message for errors in form.errors.values() for message in errors],
            code="mediation_form",
        )
    mediation_request = form.save()
    link = InterpreterRequest.objects.create(
        case=case,
        appointment=appointment,
        mediation_request=mediation_request,
        requested_by_id=user.pk,
    )
    try:
        send_offers(mediation_request)
    except MediationError as error:
        raise ValidationError(str(error), code="mediation") from None
    audit(actor, A.CREATE, link, mediation_request=mediation_request.pk)
    return link


# --- Workflows ----------------------------------------------------------------------------

# Each step lists the steps that may follow it; the first step is where a case begins.
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


# --- Retention and anonymisation ----------------------------------------------------------


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


# --- Art. 15 export -----------------------------------------------------------------------


def client_export(client: Client, *, include_health: bool = True) -> dict:
    """Everything stored about one client (not about other household members). Health
    notes, assessments and documents only for someone allowed to read them."""

    def when(value):
        return value.isoformat() if value else None

    cases = []
    for case in client.cases.prefetch_related("legal_domains").order_by("pk"):
        cases.append(
            {
                "reference": case.reference,
                "kind": case.get_kind_display(),
                "status": case.get_status_display(),
                "organisation": str(case.organisation),
                "town": str(case.town),
                "opened_on": when(case.opened_on),
                "closed_on": when(case.closed_on),
                "closure_reason": case.get_closure_reason_display(),
                "legal_domains": [d.code for d in case.legal_domains.all()],
                "assessments": [
                    {"area": a.get_area_display(), "need": a.need, "note": a.note}
                    for a in case.assessments.all()
                    if include_health or a.area != "health"
                ],
                "goals": [
                    {
                        "goal": g.text,
                        "status": g.get_status_display(),
                        "steps": [
                            {"step": s.text, "due_on": when(s.due_on)} for s in g.steps.all()
                        ],
                    }
                    for g in case.goals.all()
                ],
                "appointments": [
                    {"at": when(a.at), "purpose": a.purpose} for a in case.appointments.all()
                ],
                "interpreter_requests": [
                    {
                        "appointment": when(i.appointment.at) if i.appointment else None,
                        "language": str(i.mediation_request.language),
                        "status": i.mediation_request.get_status_display(),
                    }
                    for i in case.interpreter_requests.select_related(
                        "appointment", "mediation_request__language"
                    )
                ],
                "notes": [
                    {"kind": n.get_kind_display(), "created": when(n.created_at), "text": n.text}
                    for n in case.notes.all()
                    if include_health or n.kind != "health"
                ],
                "documents": [
                    {"title": d.title, "file": d.filename, "created": when(d.created_at)}
                    for d in case.documents.all()
                    if include_health or d.category != "health"
                ],
                "referrals": [
                    {
                        "recipient": str(r.recipient),
                        "categories": r.categories,
                        "status": r.get_status_display(),
                        "sent_at": when(r.sent_at),
                        "legal_basis": r.get_legal_basis_display(),
                    }
                    for r in case.referrals.select_related("recipient")
                ],
                "conferences": [
                    {
                        "held_on": when(c.held_on),
                        "participants": [str(o) for o in c.participants.all()],
                    }
                    for c in case.conferences.all()
                ],
            }
        )
    access = AuditEntry.objects.filter(client_id=client.pk)
    scans = dict(
        ConsentScan.objects.filter(consent__client=client).values_list("consent_id", "filename")
    )
    history = FieldChange.objects.filter(
        Q(model="Client", object_id=client.pk) | Q(model="Case", client_id=client.pk)
    ).order_by("at", "pk")
    return {
        "client": {
            "pseudonym": client.pseudonym,
            "first_name": client.first_name,
            "last_name": client.last_name,
            "date_of_birth": client.date_of_birth,
            "birth_year": client.birth_year,
            "phone": client.phone,
            "email": client.email,
            "languages": [str(lang) for lang in client.languages.all()],
            "needs_interpreter": client.needs_interpreter,
            "residence_status": client.get_residence_status_display(),
            "residence_valid_until": when(client.residence_valid_until),
        },
        "cases": cases,
        "consents": [
            {
                "purpose": c.get_purpose_display(),
                "recipient": str(c.recipient),
                "categories": c.categories,
                "text_version": str(c.text_version),
                "given_on": when(c.given_on),
                "form": c.get_form_display(),
                "expires_on": when(c.expires_on),
                "withdrawn_at": when(c.withdrawn_at),
                "scan": scans.get(c.pk),
            }
            for c in client.consents.select_related("recipient", "text_version")
        ],
        "recipients": sorted(
            {
                str(r.recipient)
                for r in Referral.objects.filter(case__client=client).select_related("recipient")
            }
            | {
                str(o)
                for c in Conference.objects.filter(case__client=client)
                for o in c.participants.all()
            }
        ),
        "history": [
            {
                "at": when(change.at),
                "record": change.model,
                "field": change.field_label,
                "old": change.old_display,
                "new": change.new_display,
                "by": change.username,
            }
            for change in history
        ],
        "access_log": {
            "entries": access.count(),
            "by_action": {row["action"]: row["n"] for row in _count_by(access, "action")},
            "people": sorted(set(access.values_list("username", flat=True))),
        },
    }


def _count_by(queryset, field: str):
    from django.db.models import Count

    return queryset.order_by().values(field).annotate(n=Count("pk"))
