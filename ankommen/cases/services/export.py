"""The Art. 15 GDPR export: everything stored about one client."""

from __future__ import annotations

from django.db.models import Q

from ankommen.cases.models import Client, Conference, ConsentScan, FieldChange, Referral
from ankommen.core.models import AuditEntry


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
