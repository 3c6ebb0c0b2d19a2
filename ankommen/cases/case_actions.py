"""The changes to one case: one POST view and one URL name per action (`cases:case_note`,
`cases:case_status`, ...), each behind the case pages' entry (`case_area`) and the one way
in to a case (`get_case_for_user`). Every view runs its change in `_act`, which refuses any
change to an anonymised case, runs the change in one transaction, writes it to the audit
log, and on a refusal shows the case page again with the form as it was posted (400)."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ankommen.cases import forms as f
from ankommen.cases import services
from ankommen.cases.access import case_area, get_case_for_user
from ankommen.cases.models import (
    Case,
    ConferenceTask,
    Consent,
    Document,
    Household,
    Step,
)
from ankommen.cases.scans import store_scan
from ankommen.cases.staff_views import render_case
from ankommen.core.actor import Actor
from ankommen.core.audit import audit
from ankommen.core.crypto import encrypt_bytes
from ankommen.core.models import AuditEntry, ConflictError, Region

A = AuditEntry.Action

# A change: the form that refused the input, or None when it was saved.
Change = Callable[[HttpRequest, Actor, Case], forms.BaseForm | None]


def _act(
    request: HttpRequest,
    region: Region,
    pk: int,
    change: Change,
    *,
    attempted: str,
    form_key: str = "",
) -> HttpResponse:
    """Run `change` on the case, or refuse it. `attempted` names the action in the audit
    log (the last part of its address); `form_key` is the case page's form that shows the
    input again after a refusal."""
    actor = Actor.from_request(request)
    case = get_case_for_user(actor, pk, region=region)
    if case.is_anonymised:
        audit(actor, A.DENIED, case, reason="anonymised", attempted=attempted)
        messages.error(request, _("This case has been anonymised and can no longer be changed."))
        return redirect("cases:detail", region=region.slug, pk=case.pk)
    try:
        with transaction.atomic():
            invalid_form = change(request, actor, case)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _refused(request, actor, region, pk, form_key)
    if invalid_form is not None:
        for field, errors in invalid_form.errors.items():
            label = invalid_form.fields[field].label if field in invalid_form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return _refused(request, actor, region, pk, form_key, form=invalid_form)
    messages.success(request, _("Saved."))
    return redirect("cases:detail", region=region.slug, pk=case.pk)


def _refused(request, actor, region, pk, form_key, *, form=None) -> HttpResponse:
    """The case page again with the refused form as posted (400). The case is read afresh:
    a form that failed may have changed the records it was bound to in memory."""
    case = get_case_for_user(actor, pk, region=region)
    return render_case(request, actor, region, case, form_key=form_key, form=form, status=400)


# --- The changes --------------------------------------------------------------------------


def _simple_create(form_class: type[forms.ModelForm], *, author: bool = False) -> Change:
    def handle(request: HttpRequest, actor: Actor, case: Case):
        form = form_class(request.POST)
        if not form.is_valid():
            return form
        item = form.save(commit=False)
        item.case = case
        if author:
            item.author_id = actor.user_id
        item.save()
        audit(actor, A.CREATE, item)
        return None

    return handle


def _goal(request: HttpRequest, actor: Actor, case: Case):
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
    audit(actor, A.CREATE, goal)
    return None


def _assessment(request: HttpRequest, actor: Actor, case: Case):
    form = f.AssessmentForm(request.POST)
    if not form.is_valid():
        return form
    item, _created = case.assessments.update_or_create(
        area=form.cleaned_data["area"],
        defaults={k: form.cleaned_data[k] for k in ("need", "urgent", "note")},
    )
    audit(actor, A.UPDATE, item)
    return None


def _document(request: HttpRequest, actor: Actor, case: Case):
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
    audit(actor, A.CREATE, document)
    return None


def _status(request: HttpRequest, actor: Actor, case: Case):
    to = request.POST.get("to", "")
    if to == Case.Status.CLOSED:
        form = f.CloseForm(request.POST)
        if not form.is_valid():
            return form
        services.close_case(actor, case, form.cleaned_data["reason"])
    else:
        case.transition(to)
        case.save()
        audit(actor, A.UPDATE, case, status=to)
    return None


def _consent(request: HttpRequest, actor: Actor, case: Case):
    form = f.ConsentForm(request.POST, request.FILES, case=case)
    if not form.is_valid():
        return form
    consent = form.save(commit=False)
    consent.recorded_by_id = actor.user_id
    consent.save()
    audit(actor, A.CREATE, consent, purpose=consent.purpose, recipient=consent.recipient_id)
    scan = form.cleaned_data.get("scan")
    if scan:
        stored = store_scan(consent, by=actor.user, **scan)
        audit(actor, A.CREATE, stored, client_id=case.client_id, case_id=case.pk)
    return None


def _withdraw(request: HttpRequest, actor: Actor, case: Case):
    consent = get_object_or_404(Consent, pk=request.POST.get("consent"), client=case.client)
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.save()
        audit(actor, A.UPDATE, consent, withdrawn=True)
    return None


def _referral(request: HttpRequest, actor: Actor, case: Case):
    form = f.ReferralForm(request.POST, case=case)
    if not form.is_valid():
        return form
    services.send_referral(actor, case, **form.cleaned_data)
    return None


def _conference(request: HttpRequest, actor: Actor, case: Case):
    form = f.ConferenceForm(request.POST, case=case)
    if not form.is_valid():
        return form
    conference = form.save(commit=False)
    conference.case, conference.region, conference.organisation = (
        case,
        case.region,
        case.organisation,
    )
    conference.held_on = timezone.localtime(form.cleaned_data["starts_at"]).date()
    # The form refused until the author confirmed it; here the rule itself.
    conference.pseudonymised = bool(form.lacking_consent)
    conference.save()
    form.save_m2m()
    if form.cleaned_data["task"]:
        ConferenceTask.objects.create(
            conference=conference,
            text=form.cleaned_data["task"],
            owner=form.cleaned_data["task_owner"],
            due_on=form.cleaned_data["task_due_on"],
        )
    audit(actor, A.SHARE, conference, pseudonymised=conference.pseudonymised)
    if form.cleaned_data["send_invitations"] and conference.starts_at > timezone.now():
        invited = services.send_invitations(actor, conference)
        if invited:
            messages.info(
                request,
                _("Invitations are being sent to %(addresses)s.")
                % {"addresses": ", ".join(invited)},
            )
        else:
            messages.warning(
                request, _("No invited organisation has an e-mail address; nothing was sent.")
            )
    return None


def _transfer(request: HttpRequest, actor: Actor, case: Case):
    form = f.TransferForm(request.POST, case=case)
    if not form.is_valid():
        return form
    services.request_transfer(actor, case, **form.cleaned_data)
    return None


def _workflow(request: HttpRequest, actor: Actor, case: Case):
    form = f.WorkflowForm(request.POST, case=case)
    if not form.is_valid():
        return form
    services.advance_workflow(actor, case, form.cleaned_data["to"], form.cleaned_data)
    return None


def _structural(request: HttpRequest, actor: Actor, case: Case):
    form = f.StructuralProblemForm(request.POST, case=case)
    if not form.is_valid():
        return form
    problem = form.save(commit=False)
    problem.region, problem.town, problem.organisation = case.region, case.town, case.organisation
    # The form required the author's confirmation that the text names no person.
    problem.confirmed_at, problem.confirmed_by_id = timezone.now(), actor.user_id
    problem.save()
    audit(actor, A.CREATE, problem, case_id=case.pk)
    return None


def _deletion(request: HttpRequest, actor: Actor, case: Case):
    form = f.ReasonForm(request.POST)
    if not form.is_valid():
        return form
    services.request_deletion(actor, case, form.cleaned_data["reason"])
    return None


def _household(request: HttpRequest, actor: Actor, case: Case):
    """Link the client with the client of another case the user works on."""
    form = f.HouseholdForm(request.POST)
    if not form.is_valid():
        return form
    digits = form.cleaned_data["other_case"].strip().rsplit("-", 1)[-1].lstrip("0")
    other = (
        Case.objects.visible_to(actor.user)
        .filter(region=case.region, pk=int(digits))
        .exclude(client=case.client)
        .select_related("client")
        .first()
        if digits.isdigit() and int(digits) <= 2**62
        else None
    )
    if other is None:
        audit(actor, A.DENIED, case, reason="household link to a case outside scope")
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
    audit(actor, A.UPDATE, case.client, case_id=case.pk, household=household.pk)
    return None


def _client(request: HttpRequest, actor: Actor, case: Case):
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
    audit(actor, A.UPDATE, case.client, case_id=case.pk, fields=changed)
    return None


def _interpreter(request: HttpRequest, actor: Actor, case: Case):
    form = f.InterpreterRequestForm(request.POST, case=case)
    if not form.is_valid():
        return form
    services.interpreter_request(
        actor, case, appointment=form.cleaned_data["appointment"], data=form.cleaned_data
    )
    return None


def _legal_hold(request: HttpRequest, actor: Actor, case: Case):
    case.legal_hold = request.POST.get("hold") == "on"
    case.save()
    audit(actor, A.UPDATE, case, legal_hold=case.legal_hold)
    return None


_note = _simple_create(f.NoteForm, author=True)
_appointment = _simple_create(f.AppointmentForm)
_follow_up = _simple_create(f.FollowUpForm)


# --- The views, one per action --------------------------------------------------------------


@require_POST
@case_area
def case_status(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    """Start, close (with a reason) or reopen the case."""
    return _act(request, region, pk, _status, attempted="status", form_key="close")


@require_POST
@case_area
def case_note(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    return _act(request, region, pk, _note, attempted="notiz", form_key="note")


@require_POST
@case_area
def case_goal(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    return _act(request, region, pk, _goal, attempted="ziel", form_key="goal")


@require_POST
@case_area
def case_appointment(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    return _act(request, region, pk, _appointment, attempted="termin", form_key="appointment")


@require_POST
@case_area
def case_follow_up(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    return _act(request, region, pk, _follow_up, attempted="wiedervorlage", form_key="followup")


@require_POST
@case_area
def case_assessment(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    return _act(request, region, pk, _assessment, attempted="einschaetzung", form_key="assessment")


@require_POST
@case_area
def case_document(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    return _act(request, region, pk, _document, attempted="dokument", form_key="document")


@require_POST
@case_area
def case_consent(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    return _act(request, region, pk, _consent, attempted="einwilligung", form_key="consent")


@require_POST
@case_area
def case_consent_withdrawal(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    return _act(request, region, pk, _withdraw, attempted="widerruf")


@require_POST
@case_area
def case_referral(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    return _act(request, region, pk, _referral, attempted="verweisung", form_key="referral")


@require_POST
@case_area
def case_conference(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    return _act(request, region, pk, _conference, attempted="konferenz", form_key="conference")


@require_POST
@case_area
def case_transfer(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    return _act(request, region, pk, _transfer, attempted="uebergabe", form_key="transfer")


@require_POST
@case_area
def case_workflow(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    return _act(request, region, pk, _workflow, attempted="ablauf", form_key="workflow")


@require_POST
@case_area
def case_structural_problem(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    return _act(
        request, region, pk, _structural, attempted="strukturproblem", form_key="structural"
    )


@require_POST
@case_area
def case_deletion_request(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    return _act(request, region, pk, _deletion, attempted="loeschantrag", form_key="deletion")


@require_POST
@case_area
def case_legal_hold(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    return _act(request, region, pk, _legal_hold, attempted="sperre")


@require_POST
@case_area
def case_household(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    return _act(request, region, pk, _household, attempted="haushalt", form_key="household")


@require_POST
@case_area
def case_client(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    return _act(request, region, pk, _client, attempted="klient", form_key="client")


@require_POST
@case_area
def case_interpreter(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    return _act(request, region, pk, _interpreter, attempted="dolmetschen", form_key="interpreter")
