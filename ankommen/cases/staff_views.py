"""Case pages at /<region>/intern/faelle/ — login, a case role in the region, and a
verified second factor (access.case_area) in front of every one of them. Cases are read
only through get_case_for_user(); every read and write is written to the audit log.

Here: the case list, a new case, the case page with its history, downloads and the Art. 15
export, referrals as their recipient sees them, hand-overs and four-eyes deletion. The
changes to one case are in case_actions.py, the KI coordinator's pages in report_views.py,
the second factor in ankommen/twofactor."""

from __future__ import annotations

import heapq
import io
import itertools
import re
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ankommen.cases import forms as f
from ankommen.cases import services
from ankommen.cases.access import (
    case_area,
    get_case_for_user,
)
from ankommen.cases.models import (
    Case,
    Client,
    ClientSearchToken,
    ConsentScan,
    DataCategory,
    DeletionRequest,
    Document,
    FieldChange,
    Referral,
    Transfer,
)
from ankommen.cases.permissions import referral_organisation_ids
from ankommen.cases.reports import export_pdf
from ankommen.cases.scans import ScanDamaged, open_scan
from ankommen.core.actor import Actor
from ankommen.core.audit import audit
from ankommen.core.crypto import decrypt_bytes
from ankommen.core.formats import format_date
from ankommen.core.http import set_filename
from ankommen.core.models import AuditEntry, Region, RoleAssignment
from ankommen.core.permissions import scope_of

A = AuditEntry.Action
PAGE_SIZE = 25


# --- Lists ----------------------------------------------------------------------------------


def page_context(request, region, **extra):
    """What every case page's template needs besides its own data."""
    scope = scope_of(request.user)
    return {
        "region": region,
        "is_case_worker": bool(scope.case_manager_organisation_ids),
        "is_coordinator": region.pk in scope.coordinator_region_ids,
        "is_team_lead": bool(scope.led_team_ids),
        "receives_referrals": bool(referral_organisation_ids(request.user)),
        **extra,
    }


@dataclass(frozen=True)
class CasePage:
    """The part of Django's Page the list uses; no total, so no COUNT over all cases."""

    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


LIST_FIELDS = (
    "pk",
    "opened_on",
    "status",
    "kind",
    "closed_on",
    "anonymised_at",
    "client__pseudonym",
    "client__first_name",
    "client__last_name",
    "town__name",
)
ACCOUNT_EVENTS_SHOWN = 20
MAX_PAGE = 10_000  # beyond any real list; keeps a guessed page number from a huge OFFSET


CASE_NUMBER = re.compile(r"^(?:F-\d{4}-)?0*(\d{1,18})$", re.IGNORECASE)


def _case_page(user, region: Region, *, status: str, pk: int | None, number: int, name: str = ""):
    """One page of the user's cases (the rows of `Case.objects.visible_to`), newest first,
    and whether another page follows.

    Fast at a million cases: her own cases are read in the order of the index
    case_list_by_manager, and for a team lead her team's other cases in the order of
    case_list_by_team, each only up to the end of the page; the two short reads are merged
    here, instead of the database sorting every case matching "hers OR her team's". (Not
    as one UNION ALL of the two: SQLite, the demo's database, allows no LIMIT inside one.)
    No COUNT: the list offers previous and next only. `name` (words of a name, a date of
    birth) is looked up in the blind index (search_index.py): only digests reach the
    database, and no row is decrypted to filter."""
    scope = scope_of(user)
    if not scope.case_manager_organisation_ids:
        return [], False
    base = Case.objects.filter(region=region, organisation__in=scope.case_manager_organisation_ids)
    if status:
        base = base.filter(status=status)
    if pk is not None:
        base = base.filter(pk=pk)
    if name:
        base = base.filter(client__in=ClientSearchToken.objects.matching(name))
    order = ("-opened_on", "-id")
    start = (number - 1) * PAGE_SIZE
    end = start + PAGE_SIZE + 1  # one more row tells whether a next page exists
    listed = base.select_related("client", "town").only(*LIST_FIELDS)
    if not scope.led_team_ids:
        cases = list(listed.filter(assigned_to=user).order_by(*order)[start:end])
    else:
        own = base.filter(assigned_to=user).order_by(*order).values_list("opened_on", "id")
        team = (
            base.filter(team__in=scope.led_team_ids)
            .exclude(assigned_to=user)
            .order_by(*order)
            .values_list("opened_on", "id")
        )
        # Both reads are newest first, as (opened_on, id) descending: merge them that way.
        merged = heapq.merge(own[:end], team[:end], reverse=True)
        keys = [key for _, key in itertools.islice(merged, start, end)]
        by_pk = {case.pk: case for case in listed.filter(pk__in=keys)}
        cases = [by_pk[key] for key in keys if key in by_pk]
    return cases[:PAGE_SIZE], len(cases) > PAGE_SIZE


@require_http_methods(["GET", "POST"])
@case_area
def case_list(request: HttpRequest, region: Region) -> HttpResponse:
    """The user's cases. A search is posted (and its pages too), so that a client's name
    never stands in an address, where web server logs and browser histories keep it."""
    actor = Actor.from_request(request)
    params = request.POST if request.method == "POST" else request.GET
    status = params.get("status", "")
    if status not in Case.Status.values:
        status = ""
    query = params.get("q", "").strip()[:200]
    pk, name = None, ""
    if query:
        found = CASE_NUMBER.match(query)
        if found:
            pk = int(found.group(1))
        else:
            name = query
    number = params.get("page", "1")
    number = min(int(number), MAX_PAGE) if number.isdigit() and int(number) > 0 else 1
    cases, has_next = _case_page(
        request.user, region, status=status, pk=pk, number=number, name=name
    )
    page = CasePage(number=number, has_next=has_next)
    # Rows prepared here: the template only prints strings (the list must stay fast).
    base = reverse("cases:list", kwargs={"region": region.slug})
    kinds, states = dict(Case.Kind.choices), dict(Case.Status.choices)
    rows = [
        (
            f"{base}{case.pk}/",
            case.reference,
            # Names of this page's rows only (at most 25 are decrypted).
            case.client.full_name,
            case.client.pseudonym,
            kinds.get(case.kind, case.kind),
            case.town.name,
            states.get(case.status, case.status),
            case.anonymised_at is not None,
            format_date(case.opened_on, "medium"),
        )
        for case in cases
    ]
    transfers = (
        Transfer.objects.filter(
            to_user=request.user, accepted_at__isnull=True, case__region=region
        ).select_related("case")
        if region.has_pending_transfer
        else []
    )
    led_teams = scope_of(request.user).led_team_ids
    deletions = (
        DeletionRequest.objects.filter(
            approved_at__isnull=True,
            case__in=Case.objects.visible_to(request.user).filter(team_id__in=led_teams),
        ).exclude(requested_by_id=request.user.pk)
        if led_teams
        else []
    )
    # Who was given or lost a case role of her teams, or got a new password (issue 13).
    account_events = (
        AuditEntry.objects.for_team_lead(request.user)[:ACCOUNT_EVENTS_SHOWN] if led_teams else []
    )
    audit(actor, A.VIEW, model="CaseList", shown=len(rows), searched=bool(query))
    return render(
        request,
        "cases/list.html",
        page_context(
            request,
            region,
            page=page,
            rows=rows,
            status=status,
            query=query,
            statuses=Case.Status.choices,
            transfers=transfers,
            deletions=deletions,
            account_events=account_events,
            today=timezone.localdate(),
        ),
    )


@require_http_methods(["GET", "POST"])
@case_area
def case_new(request: HttpRequest, region: Region) -> HttpResponse:
    actor = Actor.from_request(request)
    scope = scope_of(request.user)
    assignment = (
        RoleAssignment.objects.filter(
            user=request.user,
            region=region,
            organisation_id__in=scope.case_manager_organisation_ids,
        )
        .order_by("pk")
        .first()
    )
    if assignment is None:
        raise PermissionDenied(_("Only case managers open cases."))
    form = f.NewCaseForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            client = Client.objects.create(
                region=region,
                organisation_id=assignment.organisation_id,
                first_name=data["first_name"],
                last_name=data["last_name"],
                date_of_birth=data["date_of_birth"].isoformat() if data["date_of_birth"] else "",
                birth_year=data["birth_year"],
                needs_interpreter=data["needs_interpreter"],
                interpreter_language=data["interpreter_language"],
                residence_status=data["residence_status"],
                residence_valid_until=data["residence_valid_until"],
            )
            client.languages.set(data["languages"])
            case = Case.objects.create(
                region=region,
                organisation_id=assignment.organisation_id,
                team_id=assignment.team_id,
                assigned_to=request.user,
                client=client,
                town=data["town"],
                kind=data["kind"],
                referral_source=data["referral_source"],
                workflow_step=services.first_step(data["kind"]),
            )
            case.legal_domains.set(data["legal_domains"])
            audit(actor, A.CREATE, case)
        messages.success(request, _("The case has been opened."))
        return redirect("cases:detail", region=region.slug, pk=case.pk)
    return render(request, "cases/new.html", page_context(request, region, form=form))


# --- One case -----------------------------------------------------------------------------


# The forms of the case page, by their name in the template. A refused action (see
# case_actions.py) shows the page again with its form bound to what was typed.
CASE_FORMS = {
    "close": lambda case, *data: f.CloseForm(*data),
    "note": lambda case, *data: f.NoteForm(*data),
    "goal": lambda case, *data: f.GoalForm(*data),
    "appointment": lambda case, *data: f.AppointmentForm(*data),
    "followup": lambda case, *data: f.FollowUpForm(*data),
    "assessment": lambda case, *data: f.AssessmentForm(*data),
    "document": lambda case, *data: f.DocumentForm(*data),
    "consent": lambda case, *data: f.ConsentForm(*data, case=case),
    "referral": lambda case, *data: f.ReferralForm(*data, case=case),
    "conference": lambda case, *data: f.ConferenceForm(*data, case=case),
    "transfer": lambda case, *data: f.TransferForm(*data, case=case),
    "workflow": lambda case, *data: f.WorkflowForm(*data, case=case),
    "structural": lambda case, *data: f.StructuralProblemForm(*data, case=case),
    "deletion": lambda case, *data: f.ReasonForm(*data),
    "household": lambda case, *data: f.HouseholdForm(*data),
    "client": lambda case, *data: f.ClientForm(*data, instance=case.client, prefix="client"),
    "interpreter": lambda case, *data, **extra: f.InterpreterRequestForm(*data, case=case, **extra),
}


def render_case(
    request: HttpRequest,
    actor: Actor,
    region: Region,
    case: Case,
    *,
    form_key: str = "",
    form=None,
    status: int = 200,
) -> HttpResponse:
    """The case page; after a refused action, with that action's form (`form_key`) as it
    was posted (`form`, or one bound to the request's data), so that nothing typed is lost."""
    audit(actor, A.VIEW, case)
    show_health = actor.has_perm("cases.view_health_notes", case)
    notes = case.notes.all() if show_health else case.notes.exclude(kind="health")
    consents = list(case.client.consents.select_related("recipient", "text_version"))
    steps = services.WORKFLOWS.get(case.kind, {}).get(case.workflow_step, [])
    labels = services.workflow_labels()
    forms = {key: make(case) for key, make in CASE_FORMS.items()}
    # "Request a language mediator" next to an appointment opens the form with it chosen.
    wanted = request.GET.get("dolmetschen", "")
    if request.method == "GET" and wanted.isdigit():
        forms["interpreter"] = f.InterpreterRequestForm(case=case, appointment=int(wanted))
    if form_key in CASE_FORMS:
        forms[form_key] = (
            form if form is not None else CASE_FORMS[form_key](case, request.POST, request.FILES)
        )
    return render(
        request,
        "cases/detail.html",
        page_context(
            request,
            region,
            case=case,
            client=case.client,
            notes=notes,
            show_health=show_health,
            consents=consents,
            valid_consents=[c for c in consents if c.is_valid()],
            scanned_consents=set(
                ConsentScan.objects.filter(consent__in=consents).values_list(
                    "consent_id", flat=True
                )
            ),
            referrals=case.referrals.select_related("recipient", "legal_domain"),
            interpreter_open=bool(wanted.isdigit()) if request.method == "GET" else False,
            interpreter_requests=case.interpreter_requests.select_related(
                "appointment", "mediation_request__language"
            ),
            goals=case.goals.prefetch_related("steps"),
            editable=not case.is_anonymised,
            can_override=actor.has_perm("cases.override_consent", case),
            workflow_label=labels.get(case.workflow_step, ""),
            next_steps=[(s, labels[s]) for s in steps],
            forms=forms,
            today=timezone.localdate(),
            now=timezone.now(),
        ),
        status=status,
    )


@require_GET
@case_area
def case_detail(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    actor = Actor.from_request(request)
    case = get_case_for_user(actor, pk, region=region)
    return render_case(request, actor, region, case)


@require_GET
@case_area
def case_history(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    """The field-level history of the case and its client, for those who may see the case."""
    actor = Actor.from_request(request)
    case = get_case_for_user(actor, pk, region=region)
    audit(actor, A.VIEW, case, page="history")
    changes = FieldChange.objects.filter(
        Q(model="Case", object_id=case.pk) | Q(model="Client", object_id=case.client_id)
    )
    return render(
        request,
        "cases/history.html",
        page_context(request, region, case=case, changes=changes),
    )


@require_GET
@case_area
def document_download(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    actor = Actor.from_request(request)
    document = get_object_or_404(Document, pk=pk)
    case = get_case_for_user(actor, document.case_id, region=region)
    if document.category == DataCategory.HEALTH and not request.user.has_perm(
        "cases.view_health_notes", case
    ):
        raise Http404
    audit(actor, A.EXPORT, document)
    return FileResponse(
        io.BytesIO(decrypt_bytes(document.content)),
        as_attachment=True,
        filename=document.filename,
        content_type=document.content_type,
    )


@require_GET
@case_area
def consent_scan_download(
    request: HttpRequest, region: Region, pk: int, consent: int
) -> HttpResponse:
    """The scan of a signed consent, for those who may see the case (and so the consent)."""
    actor = Actor.from_request(request)
    case = get_case_for_user(actor, pk, region=region)
    scan = ConsentScan.objects.filter(consent_id=consent, consent__client=case.client).first()
    if scan is None:
        audit(
            actor,
            A.DENIED,
            case,
            model="ConsentScan",
            reason="no scan of this case's consents",
            consent=consent,
        )
        raise Http404(_("No such scan."))
    try:
        data = open_scan(scan)
    except ScanDamaged:
        audit(actor, A.DENIED, scan, case_id=case.pk, reason="scan checksum mismatch")
        raise Http404(_("The scan is damaged and cannot be shown.")) from None
    audit(actor, A.EXPORT, scan, case_id=case.pk, client_id=case.client_id)
    return FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=scan.filename,
        content_type=scan.content_type,
    )


@require_GET
@case_area
def client_export(request: HttpRequest, region: Region, pk: int, fmt: str) -> HttpResponse:
    """Art. 15 GDPR: everything about the client of case `pk`, as JSON or PDF."""
    actor = Actor.from_request(request)
    case = get_case_for_user(actor, pk, region=region)
    if not request.user.has_perm("cases.export_client", case):
        raise Http404
    audit(actor, A.EXPORT, case.client, case_id=case.pk, format=fmt)
    data = services.client_export(
        case.client, include_health=request.user.has_perm("cases.view_health_notes", case)
    )
    if fmt == "json":
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
        set_filename(response, f"auskunft-{case.client}.json")
        return response
    watermark = _("Exported by %(user)s on %(when)s — confidential") % {
        "user": request.user.get_username(),
        "when": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
    }
    response = HttpResponse(export_pdf(data, watermark=watermark), content_type="application/pdf")
    set_filename(response, f"auskunft-{case.client}.pdf")
    return response


# --- Referrals as the recipient sees them -------------------------------------------------


@require_GET
@case_area
def referral_inbox(request: HttpRequest, region: Region) -> HttpResponse:
    """The referrals to the organisations that named the user as a recipient."""
    actor = Actor.from_request(request)
    organisations = referral_organisation_ids(request.user)
    if not organisations:
        audit(actor, A.DENIED, model="ReferralInbox", reason="not a named recipient")
        raise Http404(_("No such page."))
    referrals = (
        Referral.objects.filter(recipient_id__in=organisations, case__region=region)
        .exclude(status=Referral.Status.REVOKED)
        .select_related("recipient", "legal_domain")
    )
    audit(actor, A.VIEW, model="ReferralInbox")
    return render(request, "cases/inbox.html", page_context(request, region, referrals=referrals))


def _referral_for_user(request, actor, region, pk) -> tuple[Referral, bool]:
    """The referral for its recipient's staff, or for the sender's case workers."""
    referral = (
        Referral.objects.filter(pk=pk, case__region=region)
        .select_related("case__client", "recipient")
        .first()
    )
    if referral is not None:
        if request.user.has_perm("cases.answer_referral", referral):
            return referral, True
        if request.user.has_perm("cases.revoke_referral", referral):
            return referral, False
    audit(actor, A.DENIED, model="Referral", object_id=str(pk), reason="referral outside scope")
    raise Http404(_("No such referral."))


def _render_referral(request, actor, region, referral, as_recipient, *, form=None, status=200):
    audit(actor, A.VIEW, referral, as_recipient=as_recipient)
    return render(
        request,
        "cases/referral.html",
        page_context(
            request,
            region,
            referral=referral,
            as_recipient=as_recipient,
            shared=services.shared_view(referral),
            answer_form=form or f.ReferralAnswerForm(),
        ),
        status=status,
    )


@require_GET
@case_area
def referral_detail(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    actor = Actor.from_request(request)
    referral, as_recipient = _referral_for_user(request, actor, region, pk)
    if as_recipient and referral.status == Referral.Status.REVOKED:
        audit(actor, A.DENIED, referral, reason="revoked")
        raise Http404(_("No such referral."))
    return _render_referral(request, actor, region, referral, as_recipient)


@require_POST
@case_area
def referral_answer(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    """The recipient's answer or the sender's revocation. A refused answer shows the page
    again (400) with what was typed, as the case page does."""
    actor = Actor.from_request(request)
    referral, as_recipient = _referral_for_user(request, actor, region, pk)
    form = f.ReferralAnswerForm(request.POST)
    if form.is_valid():
        to = form.cleaned_data["to"]
        if (to == Referral.Status.REVOKED) == as_recipient:
            audit(actor, A.DENIED, referral, reason="not allowed to answer so", to=to)
            raise PermissionDenied(_("Only the recipient answers; only the sender revokes."))
        try:
            services.answer_referral(
                actor,
                referral,
                to,
                reason=form.cleaned_data["reason"],
                feedback=form.cleaned_data["feedback"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Saved."))
            if as_recipient:
                return redirect("cases:referral", region=region.slug, pk=referral.pk)
            return redirect("cases:detail", region=region.slug, pk=referral.case_id)
    else:
        messages.error(request, _("Choose an answer."))
    if as_recipient:
        referral.refresh_from_db()
        return _render_referral(request, actor, region, referral, True, form=form, status=400)
    return redirect("cases:detail", region=region.slug, pk=referral.case_id)


# --- Transfers and four-eyes deletion ------------------------------------------------------


@require_POST
@case_area
def transfer_accept(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    actor = Actor.from_request(request)
    transfer = Transfer.objects.filter(
        pk=pk, to_user=request.user, accepted_at__isnull=True, case__region=region
    ).first()
    if transfer is None:
        audit(actor, A.DENIED, model="Transfer", object_id=str(pk), reason="not yours")
        raise Http404
    services.accept_transfer(actor, transfer)
    messages.success(request, _("You have taken over the case."))
    return redirect("cases:detail", region=region.slug, pk=transfer.case_id)


@require_POST
@case_area
def deletion_approve(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    actor = Actor.from_request(request)
    deletion = get_object_or_404(DeletionRequest, pk=pk)
    case = get_case_for_user(actor, deletion.case_id, region=region)
    try:
        services.approve_deletion(actor, deletion)
    except PermissionDenied:
        audit(actor, A.DENIED, deletion, reason="four-eyes")
        raise
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("cases:detail", region=region.slug, pk=case.pk)
    messages.success(request, _("The case has been anonymised."))
    return redirect("cases:list", region=region.slug)
