"""The staff pages of the action plan: boards, what needs attention, one organisation's
responsibilities, a sub-step with its update form, and the steering-group reports.

Routed at /<region>/intern/aktionsplan/…, entered through `staff_view` (the rule
`actionplan.use_staff_pages`) and checked with the predicates of permissions.py:
coordinators and municipal officers read their region's whole plan, an organisation sees
(and updates) only the steps it is responsible for.
"""

from __future__ import annotations

from collections import OrderedDict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from ankommen.actionplan.forms import (
    IssueReportForm,
    OrganisationChoiceForm,
    PeriodForm,
    PlanFilterForm,
    RecommendationReportForm,
    RescheduleForm,
    StepUpdateForm,
)
from ankommen.actionplan.models import (
    STATUSES_NEEDING_REASON,
    ChangeEntry,
    EvidenceLink,
    Light,
    ProgressReport,
    Quarter,
    Recommendation,
    SteeringReport,
    SubStep,
)
from ankommen.actionplan.permissions import plan_scope
from ankommen.actionplan.reports import build_report, render_pdf, render_xlsx
from ankommen.core.http import set_filename
from ankommen.core.models import ConflictError, FieldOfAction, Organisation, Region
from ankommen.core.modules import records_linked_to
from ankommen.core.routing import staff_view

CONFLICT_MESSAGE = gettext_lazy(
    "Someone else saved this step after you opened it. Nothing was saved; the page now "
    "shows their changes – please make yours again."
)


# --- Shared by the pages --------------------------------------------------------------------


def require_reader(request: HttpRequest, region: Region) -> None:
    """Pages about the whole plan: coordinators, officers and admins only."""
    if not plan_scope(request.user).reads_region(region.pk):
        raise PermissionDenied(_("This page shows the whole plan; it is not open to you."))


def visible_steps(request: HttpRequest, region: Region):
    return (
        SubStep.objects.visible_to(request.user)
        .filter(region=region)
        .select_related(
            "responsible_organisation",
            "recommendation__field",
            "recommendation__challenge",
        )
    )


def get_step_for_user(request: HttpRequest, region: Region, pk: int) -> SubStep:
    return get_object_or_404(visible_steps(request, region), pk=pk)


def _context(request: HttpRequest, region: Region, **extra) -> dict:
    scope = plan_scope(request.user)
    return {
        "region": region,
        "is_reader": scope.reads_region(region.pk),
        "steers": scope.steers_region(region.pk),
        "fields": FieldOfAction.objects.filter(region=region).order_by("sort_order", "name"),
        "today": timezone.localdate(),
        **extra,
    }


def _recommendations(region: Region, steps):
    return (
        Recommendation.objects.filter(region=region)
        .select_related("field", "challenge", "lead_organisation")
        .prefetch_related(
            Prefetch("steps", queryset=steps.order_by("number"), to_attr="visible_steps"),
            "steps",
            "target_groups",
            "areas",
            "links",
        )
    )


# --- Overview and boards --------------------------------------------------------------------


@staff_view("actionplan.use_staff_pages")
@require_GET
def index(request: HttpRequest, region: Region) -> HttpResponse:
    if not plan_scope(request.user).reads_region(region.pk):
        return redirect("actionplan_staff:mine", region=region.slug)
    steps = visible_steps(request, region)
    recommendations = list(_recommendations(region, steps))
    fields = []
    for fieldofaction in FieldOfAction.objects.filter(region=region).order_by("sort_order"):
        own = [r for r in recommendations if r.field_id == fieldofaction.pk]
        lights = {light.value: 0 for light in Light}
        for recommendation in own:
            lights[recommendation.light()] += 1
        units: dict = OrderedDict()
        for recommendation in own:
            units.setdefault(recommendation.challenge_id or -recommendation.pk, []).append(
                recommendation.progress
            )
        means = [sum(values) / len(values) for values in units.values()]
        fields.append(
            {
                "field": fieldofaction,
                "count": len(own),
                "progress": round(sum(means) / len(means)) if means else None,
                "lights": [(Light(key), count) for key, count in lights.items() if count],
            }
        )
    attention = steps.needing_attention()
    return render(
        request,
        "actionplan/staff/index.html",
        _context(
            request,
            region,
            field_rows=fields,
            overdue_count=steps.overdue().count(),
            blocked_count=attention.filter(status="blocked").count(),
        ),
    )


@staff_view("actionplan.use_staff_pages")
@require_GET
def board(request: HttpRequest, region: Region, field: str) -> HttpResponse:
    fieldofaction = get_object_or_404(FieldOfAction, region=region, slug=field)
    reader = plan_scope(request.user).reads_region(region.pk)
    steps = visible_steps(request, region)
    filters = PlanFilterForm(request.GET or None, region=region)
    recommendations = filters.apply(_recommendations(region, steps).filter(field=fieldofaction))
    if not reader:
        # An organisation sees the recommendations it has steps in, and only those steps.
        recommendations = recommendations.filter(steps__in=steps).distinct()
    recommendations = list(recommendations)
    challenges = []
    for challenge in fieldofaction.challenges.order_by("rank"):
        own = [r for r in recommendations if r.challenge_id == challenge.pk]
        if reader or own:
            challenges.append((challenge, own))
    measures = [r for r in recommendations if r.challenge_id is None]
    return render(
        request,
        "actionplan/staff/board.html",
        _context(
            request,
            region,
            field=fieldofaction,
            challenges=challenges,
            measures=measures,
            filters=filters,
        ),
    )


@staff_view("actionplan.use_staff_pages")
@require_GET
def attention(request: HttpRequest, region: Region) -> HttpResponse:
    """Overdue and blocked at a glance, the longest overdue first, by organisation."""
    today = timezone.localdate()
    steps = sorted(
        visible_steps(request, region).needing_attention(today),
        key=lambda s: (-s.days_overdue(today), str(s.responsible_organisation or ""), s.code),
    )
    groups: dict = OrderedDict()
    for step in sorted(steps, key=lambda s: str(s.responsible_organisation or "")):
        groups.setdefault(step.responsible_organisation, []).append(step)
    return render(
        request,
        "actionplan/staff/attention.html",
        _context(request, region, steps=steps, groups=list(groups.items())),
    )


@staff_view("actionplan.use_staff_pages")
@require_GET
def mine(request: HttpRequest, region: Region) -> HttpResponse:
    """The steps one stakeholder organisation is responsible for."""
    scope = plan_scope(request.user)
    if scope.reads_region(region.pk):
        organisations = Organisation.objects.filter(region=region, plan_steps__isnull=False)
    else:
        organisations = Organisation.objects.filter(
            region=region, pk__in=scope.responsible_organisation_ids
        )
    organisations = organisations.distinct().order_by("name")
    chooser = OrganisationChoiceForm(request.GET or None, organisations=organisations)
    if chooser.is_valid():
        chosen = [chooser.cleaned_data["organisation"]]
    elif scope.reads_region(region.pk):
        chosen = []
    else:
        chosen = list(organisations)
    steps = (
        visible_steps(request, region)
        .filter(responsible_organisation__in=chosen)
        .order_by("due_date", "recommendation__field__sort_order", "pk")
    )
    groups: dict = OrderedDict((organisation, []) for organisation in chosen)
    for step in steps:
        groups[step.responsible_organisation].append(step)
    return render(
        request,
        "actionplan/staff/mine.html",
        _context(
            request,
            region,
            chooser=chooser,
            groups=list(groups.items()),
            show_chooser=scope.reads_region(region.pk) or len(organisations) > 1,
        ),
    )


# --- One sub-step ---------------------------------------------------------------------------


@staff_view("actionplan.use_staff_pages")
@require_GET
def step_detail(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    step = get_step_for_user(request, region, pk)
    form = None
    if request.user.has_perm("actionplan.change_substep", step):
        form = StepUpdateForm(step=step)
    return _render_step(request, region, step, form)


def _render_step(request, region, step, form, status=200, reschedule_form=None) -> HttpResponse:
    if reschedule_form is None and form is not None:
        reschedule_form = RescheduleForm(step=step)
    return render(
        request,
        "actionplan/staff/step.html",
        _context(
            request,
            region,
            step=step,
            form=form,
            reschedule_form=reschedule_form,
            reports=step.reports.select_related("author").prefetch_related("links"),
            changes=step.changes.select_related("user")[:50],
            reason_statuses=[s.value for s in STATUSES_NEEDING_REASON],
            linked_records=records_linked_to(f"actionplan.substep:{step.pk}", request.user, region),
        ),
        status=status,
    )


@staff_view("actionplan.use_staff_pages")
@require_POST
def step_update(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    """Change status and progress of a sub-step, always with a dated report."""
    step = get_step_for_user(request, region, pk)
    if not request.user.has_perm("actionplan.change_substep", step):
        raise PermissionDenied(_("Only the responsible organisation and the KI update this step."))
    form = StepUpdateForm(request.POST, step=step)
    if not form.is_valid():
        return _render_step(request, region, step, form, status=400)
    data = form.cleaned_data
    old_status = step.status
    step.status = data["status"]
    step.progress = data["progress"]
    reason = data["reason"].strip()
    if reason:
        step.status_reason = reason
    elif step.status != old_status:
        step.status_reason = ""
    try:
        step.full_clean()
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            target = {"status_reason": "reason", "progress": "progress"}.get(field)
            form.add_error(target, errors)
        return _render_step(request, region, step, form, status=400)
    try:
        with transaction.atomic():
            step.save_checked(expected_version=data["expected_version"])
            ChangeEntry.record(step, user=request.user, reason=reason)
            _add_report(request, step.recommendation, step, data, progress=step.progress)
    except ConflictError:
        fresh = get_step_for_user(request, region, pk)
        messages.error(request, CONFLICT_MESSAGE)
        return _render_step(request, region, fresh, StepUpdateForm(step=fresh), status=409)
    messages.success(request, _("The step and your report have been saved."))
    return redirect("actionplan_staff:step", region=region.slug, pk=step.pk)


@staff_view("actionplan.use_staff_pages")
@require_POST
def step_reschedule(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    """Move a sub-step's due date; the reason is kept in the step's change history."""
    step = get_step_for_user(request, region, pk)
    if not request.user.has_perm("actionplan.change_substep", step):
        raise PermissionDenied(_("Only the responsible organisation and the KI update this step."))
    form = RescheduleForm(request.POST, step=step)
    if not form.is_valid():
        return _render_step(
            request, region, step, StepUpdateForm(step=step), 400, reschedule_form=form
        )
    data = form.cleaned_data
    step.due_date = data["due_date"]
    try:
        step.full_clean()
    except ValidationError as error:
        for errors in error.message_dict.values():
            form.add_error("due_date", errors)
        return _render_step(
            request, region, step, StepUpdateForm(step=step), 400, reschedule_form=form
        )
    try:
        with transaction.atomic():
            step.save_checked(expected_version=data["expected_version"])
            ChangeEntry.record(step, user=request.user, reason=data["reason"])
    except ConflictError:
        fresh = get_step_for_user(request, region, pk)
        messages.error(request, CONFLICT_MESSAGE)
        return _render_step(request, region, fresh, StepUpdateForm(step=fresh), status=409)
    messages.success(request, _("The new due date has been saved with its reason."))
    return redirect("actionplan_staff:step", region=region.slug, pk=step.pk)


def _add_report(request, recommendation, step, data, *, progress) -> ProgressReport:
    report = ProgressReport(
        recommendation=recommendation,
        sub_step=step,
        reported_on=data["reported_on"],
        text=data["text"],
        progress=progress,
        status=step.status if step else "",
        author=request.user,
    )
    report.full_clean()
    report.save()
    EvidenceLink.objects.bulk_create(
        EvidenceLink(report=report, url=url, label=label) for url, label in data["links"]
    )
    target = step or recommendation
    if not target.last_reported_on or target.last_reported_on < report.reported_on:
        type(target).objects.filter(pk=target.pk).update(last_reported_on=report.reported_on)
        target.last_reported_on = report.reported_on
    return report


# --- One recommendation ---------------------------------------------------------------------


@staff_view("actionplan.use_staff_pages")
@require_GET
def recommendation_detail(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    recommendation = _recommendation_for_user(request, region, pk)
    form = None
    if request.user.has_perm("actionplan.change_recommendation", recommendation):
        form = RecommendationReportForm(recommendation=recommendation)
    return _render_recommendation(request, region, recommendation, form)


def _recommendation_for_user(request, region, pk) -> Recommendation:
    steps = visible_steps(request, region)
    queryset = _recommendations(region, steps)
    if not plan_scope(request.user).reads_region(region.pk):
        queryset = queryset.filter(steps__in=steps).distinct()
    return get_object_or_404(queryset, pk=pk)


def _render_recommendation(request, region, recommendation, form, status=200):
    return render(
        request,
        "actionplan/staff/recommendation.html",
        _context(
            request,
            region,
            recommendation=recommendation,
            form=form,
            reports=recommendation.reports.filter(
                Q(sub_step__isnull=True) | Q(sub_step__in=recommendation.visible_steps)
            )
            .select_related("sub_step", "author")
            .prefetch_related("links"),
            changes=recommendation.changes.filter(sub_step__isnull=True).select_related("user")[
                :50
            ],
        ),
        status=status,
    )


@staff_view("actionplan.use_staff_pages")
@require_POST
def recommendation_report(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    recommendation = _recommendation_for_user(request, region, pk)
    if not request.user.has_perm("actionplan.change_recommendation", recommendation):
        raise PermissionDenied(_("Only the KI reports on a recommendation as a whole."))
    form = RecommendationReportForm(request.POST, recommendation=recommendation)
    if not form.is_valid():
        return _render_recommendation(request, region, recommendation, form, status=400)
    data = form.cleaned_data
    has_steps = bool(recommendation.active_steps())
    progress = recommendation.progress
    try:
        with transaction.atomic():
            if not has_steps and data.get("progress") is not None:
                recommendation.progress = data["progress"]
                recommendation.save_checked(expected_version=data["expected_version"])
                progress = recommendation.progress
            elif (
                Recommendation.objects.filter(pk=recommendation.pk)
                .values_list("version", flat=True)
                .first()
                != data["expected_version"]
            ):
                raise ConflictError(recommendation.pk)
            _add_report(request, recommendation, None, data, progress=int(progress))
    except ConflictError:
        fresh = _recommendation_for_user(request, region, pk)
        messages.error(request, CONFLICT_MESSAGE)
        form = RecommendationReportForm(recommendation=fresh)
        return _render_recommendation(request, region, fresh, form, status=409)
    messages.success(request, _("Your report has been saved."))
    return redirect("actionplan_staff:recommendation", region=region.slug, pk=pk)


# --- Steering-group reports -----------------------------------------------------------------


@staff_view("actionplan.use_staff_pages")
@require_GET
def steering_reports(request: HttpRequest, region: Region) -> HttpResponse:
    require_reader(request, region)
    return _render_reports(request, region, IssueReportForm(region=region))


def _render_reports(request, region, issue_form, status=200):
    current = Quarter.containing(timezone.localdate())
    period_form = PeriodForm(initial={"year": current.year, "quarter": current.quarter})
    return render(
        request,
        "actionplan/staff/reports.html",
        _context(
            request,
            region,
            reports=SteeringReport.objects.filter(region=region).select_related("created_by"),
            current=current,
            period_form=period_form,
            issue_form=issue_form,
        ),
        status=status,
    )


@staff_view("actionplan.use_staff_pages")
@require_POST
def steering_report_issue(request: HttpRequest, region: Region) -> HttpResponse:
    """Issue the report of a quarter: freeze today's progress for the next comparison."""
    if not request.user.has_perm("actionplan.add_steeringreport", region):
        raise PermissionDenied(_("Only the KI issues steering-group reports."))
    form = IssueReportForm(request.POST, region=region)
    if not form.is_valid():
        return _render_reports(request, region, form, status=400)
    report = form.save(commit=False)
    report.region = region
    report.created_by = request.user
    report.take_snapshot()
    report.save()
    messages.success(
        request,
        _("The report for %(period)s has been issued.") % {"period": str(report.period)},
    )
    return redirect("actionplan_staff:reports", region=region.slug)


@staff_view("actionplan.use_staff_pages")
@require_GET
def steering_report_file(
    request: HttpRequest, region: Region, year: int, quarter: int, fmt: str
) -> HttpResponse:
    require_reader(request, region)
    if not 1 <= quarter <= 4 or not 2000 <= year <= 2100:
        raise Http404(_("No such quarter."))
    data = build_report(region, Quarter(year, quarter))
    if fmt == "pdf":
        response = HttpResponse(render_pdf(data), content_type="application/pdf")
    else:
        response = HttpResponse(
            render_xlsx(data),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    set_filename(response, f"{data.filename}.{fmt}")
    return response


@staff_view("actionplan.use_staff_pages")
@require_GET
def steering_report_choose(request: HttpRequest, region: Region) -> HttpResponse:
    """The period form's target: sends the browser on to the file of the chosen quarter."""
    require_reader(request, region)
    form = PeriodForm(request.GET)
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "pdf"
    if not form.is_valid():
        return _render_reports(request, region, IssueReportForm(region=region), 400)
    return redirect(
        reverse(
            "actionplan_staff:report_file",
            kwargs={
                "region": region.slug,
                "year": form.cleaned_data["year"],
                "quarter": form.cleaned_data["quarter"],
                "fmt": fmt,
            },
        )
    )
