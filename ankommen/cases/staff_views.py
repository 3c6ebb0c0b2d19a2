"""Case pages at /<region>/intern/faelle/ — login, a case role in the region, and a
verified second factor (access.case_area) in front of every one of them. Cases are read
only through get_case_for_user(); every read and write is written to the audit log."""

from __future__ import annotations

import heapq
import io
import itertools
import json
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ankommen.cases import forms as f
from ankommen.cases import services
from ankommen.cases.access import (
    _two_factor_url,
    audit,
    case_area,
    get_case_for_user,
    mark_verified,
)
from ankommen.cases.crypto import decrypt_bytes, encrypt_bytes
from ankommen.cases.enrolment import SESSION_ENROLMENT, open_enrolment_link, pending_enrolment
from ankommen.cases.models import (
    AuditEntry,
    Case,
    Client,
    ConferenceTask,
    Consent,
    ConsentScan,
    DataCategory,
    DeletionRequest,
    Document,
    FieldChange,
    Household,
    Referral,
    Step,
    StructuralProblem,
    TOTPDevice,
    Transfer,
)
from ankommen.cases.permissions import referral_organisation_ids, works_with_cases
from ankommen.cases.reports import build_report, export_pdf, quarter_bounds, structural_overview
from ankommen.cases.scans import ScanDamaged, open_scan, store_scan
from ankommen.core import throttle
from ankommen.core.http import set_filename
from ankommen.core.models import AccountEvent, ConflictError, Region, RoleAssignment
from ankommen.core.net import client_address
from ankommen.core.permissions import scope_of

A = AuditEntry.Action
PAGE_SIZE = 25


# --- Two-factor ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest, region: str) -> HttpResponse:
    """Confirm the authenticator code for this session; the first time, only after the
    person opened her enrolment link (see enrolment.py)."""
    region_obj = get_object_or_404(Region, slug=region)
    if not works_with_cases(request.user, region_obj):
        audit(request, A.DENIED, reason="no case role in region")
        raise Http404(_("No such page."))
    device = TOTPDevice.objects.filter(user=request.user).first()
    enrolling = pending_enrolment(device, request.session)
    if device is None or (device.confirmed_at is None and not enrolling):
        # Nobody gets a key by signing in with the password alone.
        return render(request, "cases/two_factor.html", {"region": region_obj, "no_device": True})
    form = f.TOTPForm(request.POST or None)
    limits = throttle.second_factor_limits(request.user.pk, client_address(request))
    locked = throttle.locked_until(limits) if request.method == "POST" else None
    if locked is not None:
        audit(request, A.TWO_FACTOR, result="locked")
        # Refused before the code is looked at: the right code does not help either.
        form.is_valid()
        form.add_error(
            None,
            _("Too many wrong codes. You can try again at %(time)s.")
            % {"time": date_format(timezone.localtime(locked), "H:i")},
        )
    elif request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].strip()
        counter = device.matching_counter(code)
        if counter is not None and device.accept(counter):
            request.session.pop(SESSION_ENROLMENT, None)
            request.session.cycle_key()
            mark_verified(request.session, request.user)
            audit(request, A.TWO_FACTOR, result="verified")
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = reverse("cases:list", kwargs={"region": region_obj.slug})
            return redirect(target)
        throttle.count_failure(limits, minutes=throttle.second_factor_lock_minutes())
        audit(request, A.TWO_FACTOR, result="wrong code")
        form.add_error("code", _("The code is not correct or has been used already."))
    return render(
        request,
        "cases/two_factor.html",
        {
            "region": region_obj,
            "form": form,
            "setup": enrolling,
            "secret": device.secret if enrolling else "",
            "uri": device.totp.provisioning_uri(
                name=request.user.get_username(), issuer_name="ankommen"
            )
            if enrolling
            else "",
        },
    )


@login_required
@require_GET
def enrol(request: HttpRequest, region: str, token: str) -> HttpResponse:
    """The one-time link: opened by its person, it lets this session see her new key."""
    region_obj = get_object_or_404(Region, slug=region)
    if not works_with_cases(request.user, region_obj):
        audit(request, A.DENIED, reason="no case role in region")
        raise Http404(_("No such page."))
    nonce = open_enrolment_link(request.user, token)
    if nonce is None:
        audit(request, A.TWO_FACTOR, result="enrolment link refused")
        messages.error(
            request,
            _(
                "This link to set up your authenticator is not valid for you, has expired "
                "or has been used already. Ask your team lead for a new one."
            ),
        )
    else:
        request.session[SESSION_ENROLMENT] = nonce
        audit(request, A.TWO_FACTOR, result="enrolment link opened")
    return redirect(_two_factor_url(region_obj))


# --- Lists ----------------------------------------------------------------------------------


def _context(request, region, **extra):
    scope = scope_of(request.user)
    return {
        "region": region,
        "is_case_worker": bool(scope.case_manager_organisation_ids),
        "is_coordinator": region.pk in scope.coordinator_region_ids,
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
    "town__name",
)
ACCOUNT_EVENTS_SHOWN = 20
MAX_PAGE = 10_000  # beyond any real list; keeps a guessed page number from a huge OFFSET


def _case_page(user, region: Region, *, status: str, pk: int | None, number: int):
    """One page of the user's cases (the rows of `Case.objects.visible_to`), newest first,
    and whether another page follows.

    Fast at a million cases: her own cases are read in the order of the index
    case_list_by_manager, and for a team lead her team's other cases in the order of
    case_list_by_team, each only up to the end of the page; the two short reads are merged
    here, instead of the database sorting every case matching "hers OR her team's". (Not
    as one UNION ALL of the two: SQLite, the demo's database, allows no LIMIT inside one.)
    No COUNT: the list offers previous and next only."""
    scope = scope_of(user)
    if not scope.case_manager_organisation_ids:
        return [], False
    base = Case.objects.filter(region=region, organisation__in=scope.case_manager_organisation_ids)
    if status:
        base = base.filter(status=status)
    if pk is not None:
        base = base.filter(pk=pk)
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


@require_GET
@case_area
def case_list(request: HttpRequest, region: Region) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Case.Status.values:
        status = ""
    query = request.GET.get("q", "").strip()
    pk = None
    if query:
        digits = query.rsplit("-", 1)[-1].lstrip("0")
        pk = int(digits) if digits.isdigit() and int(digits) <= 2**62 else 0
    number = request.GET.get("page", "1")
    number = min(int(number), MAX_PAGE) if number.isdigit() and int(number) > 0 else 1
    cases, has_next = _case_page(request.user, region, status=status, pk=pk, number=number)
    page = CasePage(number=number, has_next=has_next)
    # Rows prepared here: the template only prints strings (the list must stay fast).
    base = reverse("cases:list", kwargs={"region": region.slug})
    kinds, states = dict(Case.Kind.choices), dict(Case.Status.choices)
    rows = [
        (
            f"{base}{case.pk}/",
            case.reference,
            case.client.pseudonym,
            kinds.get(case.kind, case.kind),
            case.town.name,
            states.get(case.status, case.status),
            case.anonymised_at is not None,
            case.opened_on.isoformat(),
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
        AccountEvent.objects.for_team_lead(request.user)[:ACCOUNT_EVENTS_SHOWN] if led_teams else []
    )
    audit(request, A.VIEW, model="CaseList", shown=len(rows))
    return render(
        request,
        "cases/list.html",
        _context(
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
                birth_year=data["birth_year"],
                needs_interpreter=data["needs_interpreter"],
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
            audit(request, A.CREATE, case)
        messages.success(request, _("The case has been opened."))
        return redirect("cases:detail", region=region.slug, pk=case.pk)
    return render(request, "cases/new.html", _context(request, region, form=form))


# --- One case -----------------------------------------------------------------------------


# The forms of the case page by the action they post to: (name in the template, factory).
# A refused action shows the page again with its form bound to what was typed.
CASE_FORMS = {
    "status": ("close", lambda case, *data: f.CloseForm(*data)),
    "notiz": ("note", lambda case, *data: f.NoteForm(*data)),
    "ziel": ("goal", lambda case, *data: f.GoalForm(*data)),
    "termin": ("appointment", lambda case, *data: f.AppointmentForm(*data)),
    "wiedervorlage": ("followup", lambda case, *data: f.FollowUpForm(*data)),
    "einschaetzung": ("assessment", lambda case, *data: f.AssessmentForm(*data)),
    "dokument": ("document", lambda case, *data: f.DocumentForm(*data)),
    "einwilligung": ("consent", lambda case, *data: f.ConsentForm(*data, case=case)),
    "verweisung": ("referral", lambda case, *data: f.ReferralForm(*data, case=case)),
    "konferenz": ("conference", lambda case, *data: f.ConferenceForm(*data, case=case)),
    "uebergabe": ("transfer", lambda case, *data: f.TransferForm(*data, case=case)),
    "ablauf": ("workflow", lambda case, *data: f.WorkflowForm(*data, case=case)),
    "strukturproblem": (
        "structural",
        lambda case, *data: f.StructuralProblemForm(*data, case=case),
    ),
    "loeschantrag": ("deletion", lambda case, *data: f.ReasonForm(*data)),
    "haushalt": ("household", lambda case, *data: f.HouseholdForm(*data)),
    "klient": (
        "client",
        lambda case, *data: f.ClientForm(*data, instance=case.client, prefix="client"),
    ),
    "dolmetschen": ("interpreter", lambda case, *data: f.InterpreterRequestForm(*data, case=case)),
}


def _render_case(
    request: HttpRequest,
    region: Region,
    case: Case,
    *,
    action: str = "",
    form=None,
    status: int = 200,
) -> HttpResponse:
    """The case page; after a refused `action`, with that action's form as it was posted
    (`form`, or one bound to the request's data), so that nothing typed is lost."""
    audit(request, A.VIEW, case)
    show_health = request.user.has_perm("cases.view_health_notes", case)
    notes = case.notes.all() if show_health else case.notes.exclude(kind="health")
    consents = list(case.client.consents.select_related("recipient", "text_version"))
    steps = services.WORKFLOWS.get(case.kind, {}).get(case.workflow_step, [])
    labels = services.workflow_labels()
    forms = {key: make(case) for key, make in CASE_FORMS.values()}
    if action in CASE_FORMS:
        key, make = CASE_FORMS[action]
        forms[key] = form if form is not None else make(case, request.POST, request.FILES)
    return render(
        request,
        "cases/detail.html",
        _context(
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
            interpreter_requests=case.interpreter_requests.select_related(
                "appointment", "mediation_request__language"
            ),
            goals=case.goals.prefetch_related("steps"),
            editable=not case.is_anonymised,
            can_override=request.user.has_perm("cases.override_consent", case),
            workflow_label=labels.get(case.workflow_step, ""),
            next_steps=[(s, labels[s]) for s in steps],
            forms=forms,
            today=timezone.localdate(),
        ),
        status=status,
    )


@require_GET
@case_area
def case_detail(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    case = get_case_for_user(request, pk, region=region)
    return _render_case(request, region, case)


def _simple_create(form_class, *, author: bool = False):
    def handle(request, case):
        form = form_class(request.POST)
        if not form.is_valid():
            return form
        item = form.save(commit=False)
        item.case = case
        if author:
            item.author_id = request.user.pk
        item.save()
        audit(request, A.CREATE, item)
        return None

    return handle


def _goal(request, case):
    form = f.GoalForm(request.POST)
    if not form.is_valid():
        return form
    goal = form.save(commit=False)
    goal.case = case
    goal.save()
    if form.cleaned_data["step"]:
        Step.objects.create(
            goal=goal, text=form.cleaned_data["step"], due_on=form.cleaned_data["due_on"]
        )
    audit(request, A.CREATE, goal)
    return None


def _assessment(request, case):
    form = f.AssessmentForm(request.POST)
    if not form.is_valid():
        return form
    item, _created = case.assessments.update_or_create(
        area=form.cleaned_data["area"],
        defaults={k: form.cleaned_data[k] for k in ("need", "urgent", "note")},
    )
    audit(request, A.UPDATE, item)
    return None


def _document(request, case):
    form = f.DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return form
    upload = form.cleaned_data["file"]
    data = upload.read()
    document = Document.objects.create(
        case=case,
        title=form.cleaned_data["title"],
        category=form.cleaned_data["category"],
        filename=upload.name[:200],
        content_type=(upload.content_type or "application/octet-stream")[:100],
        size=len(data),
        content=encrypt_bytes(data),
    )
    audit(request, A.CREATE, document)
    return None


def _status(request, case):
    to = request.POST.get("to", "")
    if to == Case.Status.CLOSED:
        form = f.CloseForm(request.POST)
        if not form.is_valid():
            return form
        services.close_case(request, case, form.cleaned_data["reason"])
    else:
        case.transition(to)
        case.save()
        audit(request, A.UPDATE, case, status=to)
    return None


def _consent(request, case):
    form = f.ConsentForm(request.POST, request.FILES, case=case)
    if not form.is_valid():
        return form
    consent = form.save(commit=False)
    consent.recorded_by_id = request.user.pk
    consent.save()
    audit(request, A.CREATE, consent, purpose=consent.purpose, recipient=consent.recipient_id)
    scan = form.cleaned_data.get("scan")
    if scan:
        stored = store_scan(consent, by=request.user, **scan)
        audit(request, A.CREATE, stored, client_id=case.client_id, case_id=case.pk)
    return None


def _withdraw(request, case):
    consent = get_object_or_404(Consent, pk=request.POST.get("consent"), client=case.client)
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.save()
        audit(request, A.UPDATE, consent, withdrawn=True)
    return None


def _referral(request, case):
    form = f.ReferralForm(request.POST, case=case)
    if not form.is_valid():
        return form
    services.send_referral(request, case, **form.cleaned_data)
    return None


def _conference(request, case):
    form = f.ConferenceForm(request.POST, case=case)
    if not form.is_valid():
        return form
    conference = form.save(commit=False)
    conference.case, conference.region, conference.organisation = (
        case,
        case.region,
        case.organisation,
    )
    others = [o for o in form.cleaned_data["participants"] if o.pk != case.organisation_id]
    conference.pseudonymised = not all(
        services.valid_consent(case.client, "case_conference", o, [DataCategory.IDENTITY])
        for o in others
    )
    conference.save()
    form.save_m2m()
    if form.cleaned_data["task"]:
        ConferenceTask.objects.create(
            conference=conference,
            text=form.cleaned_data["task"],
            owner=form.cleaned_data["task_owner"],
            due_on=form.cleaned_data["task_due_on"],
        )
    audit(request, A.SHARE, conference, pseudonymised=conference.pseudonymised)
    return None


def _transfer(request, case):
    form = f.TransferForm(request.POST, case=case)
    if not form.is_valid():
        return form
    services.request_transfer(request, case, **form.cleaned_data)
    return None


def _workflow(request, case):
    form = f.WorkflowForm(request.POST, case=case)
    if not form.is_valid():
        return form
    services.advance_workflow(request, case, form.cleaned_data["to"], form.cleaned_data)
    return None


def _structural(request, case):
    form = f.StructuralProblemForm(request.POST, case=case)
    if not form.is_valid():
        return form
    problem = form.save(commit=False)
    problem.region, problem.town, problem.organisation = case.region, case.town, case.organisation
    # The form required the author's confirmation that the text names no person.
    problem.confirmed_at, problem.confirmed_by_id = timezone.now(), request.user.pk
    problem.save()
    audit(request, A.CREATE, problem, case_id=case.pk)
    return None


def _deletion(request, case):
    form = f.ReasonForm(request.POST)
    if not form.is_valid():
        return form
    services.request_deletion(request, case, form.cleaned_data["reason"])
    return None


def _household(request, case):
    """Link the client with the client of another case the user works on."""
    form = f.HouseholdForm(request.POST)
    if not form.is_valid():
        return form
    digits = form.cleaned_data["other_case"].strip().rsplit("-", 1)[-1].lstrip("0")
    other = (
        Case.objects.visible_to(request.user)
        .filter(region=case.region, pk=int(digits))
        .exclude(client=case.client)
        .select_related("client")
        .first()
        if digits.isdigit() and int(digits) <= 2**62
        else None
    )
    if other is None:
        audit(request, A.DENIED, case, reason="household link to a case outside scope")
        raise ValidationError(_("No case of yours has this number."), code="other_case")
    household = (
        case.client.household
        or other.client.household
        or Household.objects.create(region=case.region, organisation=case.organisation)
    )
    for client in (case.client, other.client):
        client.household = household
        client.save(update_fields=["household"])
    if form.cleaned_data["household_role"]:
        case.client.household_role = form.cleaned_data["household_role"]
        case.client.save(update_fields=["household_role"])
    audit(request, A.UPDATE, case.client, case_id=case.pk, household=household.pk)
    return None


def _client(request, case):
    """Change the client's master data; the model records every changed field."""
    form = f.ClientForm(request.POST, instance=case.client, prefix="client")
    if not form.is_valid():
        return form
    changed = [
        name for name in form.changed_data if name in form.fields and name != "expected_version"
    ]
    client = form.save(commit=False)
    try:
        # The form checked the version; this check is the one that holds under a race.
        client.save_checked(expected_version=form.cleaned_data["expected_version"])
    except ConflictError:
        form.refuse_conflict()
        return form
    form.save_m2m()
    audit(request, A.UPDATE, case.client, case_id=case.pk, fields=changed)
    return None


def _interpreter(request, case):
    form = f.InterpreterRequestForm(request.POST, case=case)
    if not form.is_valid():
        return form
    services.interpreter_request(
        request, case, appointment=form.cleaned_data["appointment"], data=form.cleaned_data
    )
    return None


def _legal_hold(request, case):
    case.legal_hold = request.POST.get("hold") == "on"
    case.save()
    audit(request, A.UPDATE, case, legal_hold=case.legal_hold)
    return None


ACTIONS = {
    "status": _status,
    "notiz": _simple_create(f.NoteForm, author=True),
    "ziel": _goal,
    "termin": _simple_create(f.AppointmentForm),
    "wiedervorlage": _simple_create(f.FollowUpForm),
    "einschaetzung": _assessment,
    "dokument": _document,
    "einwilligung": _consent,
    "widerruf": _withdraw,
    "verweisung": _referral,
    "konferenz": _conference,
    "uebergabe": _transfer,
    "ablauf": _workflow,
    "strukturproblem": _structural,
    "loeschantrag": _deletion,
    "sperre": _legal_hold,
    "haushalt": _household,
    "klient": _client,
    "dolmetschen": _interpreter,
}


@require_POST
@case_area
def case_action(request: HttpRequest, region: Region, pk: int, action: str) -> HttpResponse:
    case = get_case_for_user(request, pk, region=region)
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404(_("No such action."))
    if case.is_anonymised:
        audit(request, A.DENIED, case, reason="anonymised", attempted=action)
        messages.error(request, _("This case has been anonymised and can no longer be changed."))
        return redirect("cases:detail", region=region.slug, pk=case.pk)
    try:
        with transaction.atomic():
            invalid_form = handler(request, case)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _refused(request, region, pk, action)
    if invalid_form is not None:
        for field, errors in invalid_form.errors.items():
            label = invalid_form.fields[field].label if field in invalid_form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return _refused(request, region, pk, action, form=invalid_form)
    messages.success(request, _("Saved."))
    return _back(region, case)


def _refused(request, region, pk, action, *, form=None) -> HttpResponse:
    """The case page again with the refused form as posted (400). The case is read afresh:
    a form that failed may have changed the records it was bound to in memory."""
    case = get_case_for_user(request, pk, region=region)
    return _render_case(request, region, case, action=action, form=form, status=400)


def _back(region, case):
    return redirect("cases:detail", region=region.slug, pk=case.pk)


@require_GET
@case_area
def case_history(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    """The field-level history of the case and its client, for those who may see the case."""
    case = get_case_for_user(request, pk, region=region)
    audit(request, A.VIEW, case, page="history")
    changes = FieldChange.objects.filter(
        Q(model="Case", object_id=case.pk) | Q(model="Client", object_id=case.client_id)
    )
    return render(
        request,
        "cases/history.html",
        _context(request, region, case=case, changes=changes),
    )


@require_GET
@case_area
def document_download(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=pk)
    case = get_case_for_user(request, document.case_id, region=region)
    if document.category == DataCategory.HEALTH and not request.user.has_perm(
        "cases.view_health_notes", case
    ):
        raise Http404
    audit(request, A.EXPORT, document)
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
    case = get_case_for_user(request, pk, region=region)
    scan = ConsentScan.objects.filter(consent_id=consent, consent__client=case.client).first()
    if scan is None:
        audit(
            request,
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
        audit(request, A.DENIED, scan, case_id=case.pk, reason="scan checksum mismatch")
        raise Http404(_("The scan is damaged and cannot be shown.")) from None
    audit(request, A.EXPORT, scan, case_id=case.pk, client_id=case.client_id)
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
    case = get_case_for_user(request, pk, region=region)
    if not request.user.has_perm("cases.export_client", case):
        raise Http404
    audit(request, A.EXPORT, case.client, case_id=case.pk, format=fmt)
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
    organisations = referral_organisation_ids(request.user)
    if not organisations:
        audit(request, A.DENIED, model="ReferralInbox", reason="not a named recipient")
        raise Http404(_("No such page."))
    referrals = (
        Referral.objects.filter(recipient_id__in=organisations, case__region=region)
        .exclude(status=Referral.Status.REVOKED)
        .select_related("recipient", "legal_domain")
    )
    audit(request, A.VIEW, model="ReferralInbox")
    return render(request, "cases/inbox.html", _context(request, region, referrals=referrals))


def _referral_for_user(request, region, pk) -> tuple[Referral, bool]:
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
    audit(request, A.DENIED, model="Referral", object_id=str(pk), reason="referral outside scope")
    raise Http404(_("No such referral."))


@require_GET
@case_area
def referral_detail(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    referral, as_recipient = _referral_for_user(request, region, pk)
    if as_recipient and referral.status == Referral.Status.REVOKED:
        audit(request, A.DENIED, referral, reason="revoked")
        raise Http404(_("No such referral."))
    audit(request, A.VIEW, referral, as_recipient=as_recipient)
    return render(
        request,
        "cases/referral.html",
        _context(
            request,
            region,
            referral=referral,
            as_recipient=as_recipient,
            shared=services.shared_view(referral),
            answer_form=f.ReferralAnswerForm(),
        ),
    )


@require_POST
@case_area
def referral_answer(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    referral, as_recipient = _referral_for_user(request, region, pk)
    form = f.ReferralAnswerForm(request.POST)
    if form.is_valid():
        to = form.cleaned_data["to"]
        if (to == Referral.Status.REVOKED) == as_recipient:
            audit(request, A.DENIED, referral, reason="not allowed to answer so", to=to)
            raise PermissionDenied(_("Only the recipient answers; only the sender revokes."))
        try:
            services.answer_referral(
                request,
                referral,
                to,
                reason=form.cleaned_data["reason"],
                feedback=form.cleaned_data["feedback"],
            )
            messages.success(request, _("Saved."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    if as_recipient:
        return redirect("cases:referral", region=region.slug, pk=referral.pk)
    return redirect("cases:detail", region=region.slug, pk=referral.case_id)


# --- Transfers and four-eyes deletion ------------------------------------------------------


@require_POST
@case_area
def transfer_accept(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    transfer = Transfer.objects.filter(
        pk=pk, to_user=request.user, accepted_at__isnull=True, case__region=region
    ).first()
    if transfer is None:
        audit(request, A.DENIED, model="Transfer", object_id=str(pk), reason="not yours")
        raise Http404
    services.accept_transfer(request, transfer)
    messages.success(request, _("You have taken over the case."))
    return redirect("cases:detail", region=region.slug, pk=transfer.case_id)


@require_POST
@case_area
def deletion_approve(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    deletion = get_object_or_404(DeletionRequest, pk=pk)
    case = get_case_for_user(request, deletion.case_id, region=region)
    try:
        services.approve_deletion(request, deletion)
    except PermissionDenied:
        audit(request, A.DENIED, deletion, reason="four-eyes")
        raise
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("cases:detail", region=region.slug, pk=case.pk)
    messages.success(request, _("The case has been anonymised."))
    return redirect("cases:list", region=region.slug)


# --- Counts for the KI --------------------------------------------------------------------


@require_GET
@case_area
def report(request: HttpRequest, region: Region) -> HttpResponse:
    if not request.user.has_perm("cases.view_report", region):
        audit(request, A.DENIED, model="Report", reason="not a coordinator")
        raise Http404
    today = timezone.localdate()
    form = f.QuarterForm(request.GET or {"year": today.year, "quarter": (today.month - 1) // 3 + 1})
    result = None
    if form.is_valid():
        start, end = quarter_bounds(form.cleaned_data["year"], form.cleaned_data["quarter"])
        result = build_report(region, start, end)
        audit(request, A.VIEW, model="Report", period=start.isoformat())
    if request.GET.get("format") == "json" and result is not None:
        return JsonResponse(
            {
                "start": result.start.isoformat(),
                "end": result.end.isoformat(),
                "towns": result.towns,
                "totals": result.totals,
                "closure_reasons": result.closure_reasons,
                "referrals_by_domain": result.referrals_by_domain,
                "conferences": result.conferences,
                "structural_problems": result.structural_problems,
            },
            json_dumps_params={"ensure_ascii": False},
        )
    return render(request, "cases/report.html", _context(request, region, form=form, report=result))


@require_GET
@case_area
def structural_problems(request: HttpRequest, region: Region) -> HttpResponse:
    if not request.user.has_perm("cases.view_structural_problems", region):
        audit(request, A.DENIED, model="StructuralProblem", reason="not a coordinator")
        raise Http404
    audit(request, A.VIEW, model="StructuralOverview")
    return render(
        request,
        "cases/structural.html",
        _context(
            request,
            region,
            rows=structural_overview(region),
            statuses=StructuralProblem.Status.choices,
            problems=StructuralProblem.objects.confirmed()
            .filter(region=region)
            .select_related("town", "legal_domain"),
        ),
    )


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False)


@require_POST
@case_area
def structural_problem_update(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    """The KI tracks what became of a problem: status, working group, action plan link."""
    if not request.user.has_perm("cases.view_structural_problems", region):
        audit(request, A.DENIED, model="StructuralProblem", object_id=str(pk))
        raise Http404
    problem = get_object_or_404(StructuralProblem.objects.confirmed(), pk=pk, region=region)
    form = f.StructuralProblemTrackingForm(request.POST, instance=problem)
    if form.is_valid():
        form.save()
        audit(request, A.UPDATE, problem, status=problem.status)
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Choose a known status."))
    return redirect("cases:structural", region=region.slug)
