"""The KI coordinator's pages: counts per quarter and the structural problems, never a
person (behind the case pages' entry, `case_area`, like every case page). A team lead
reaches the same pages for her teams (the team's counts, her organisations' problems),
and her team view: caseload per person, quiet cases, what waits for her."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ankommen.cases import forms as f
from ankommen.cases import services
from ankommen.cases.access import case_area
from ankommen.cases.models import StructuralProblem
from ankommen.cases.permissions import led_team_ids_in
from ankommen.cases.reports import build_report, quarter_bounds, structural_overview
from ankommen.cases.staff_views import page_context
from ankommen.core.actor import Actor
from ankommen.core.audit import audit
from ankommen.core.models import AuditEntry, Region

A = AuditEntry.Action


def _report_teams(request, actor, region, *, model: str) -> frozenset[int] | None:
    """None for the region's KI coordinator (every count of the region); the teams she
    leads in the region for a team lead; 404 (audited) for everybody else."""
    if request.user.has_perm("cases.view_report", region):
        return None
    teams = led_team_ids_in(request.user, region)
    if not teams:
        audit(actor, A.DENIED, model=model, reason="neither coordinator nor team lead")
        raise Http404
    return teams


@require_GET
@case_area
def team(request: HttpRequest, region: Region) -> HttpResponse:
    """The team lead's view of her teams in this region."""
    actor = Actor.from_request(request)
    teams = led_team_ids_in(request.user, region)
    if not teams:
        audit(actor, A.DENIED, model="TeamOverview", reason="not a team lead here")
        raise Http404
    form = f.QuietWeeksForm(request.GET or None)
    weeks = (
        form.cleaned_data["weeks"] or services.DEFAULT_QUIET_WEEKS
        if form.is_valid()
        else services.DEFAULT_QUIET_WEEKS
    )
    overview = services.team_overview(request.user, teams, region=region, quiet_weeks=weeks)
    audit(actor, A.VIEW, model="TeamOverview", quiet_weeks=weeks)
    return render(
        request,
        "cases/team.html",
        page_context(request, region, overview=overview, form=form, weeks=weeks),
    )


@require_GET
@case_area
def report(request: HttpRequest, region: Region) -> HttpResponse:
    actor = Actor.from_request(request)
    teams = _report_teams(request, actor, region, model="Report")
    today = timezone.localdate()
    form = f.QuarterForm(request.GET or {"year": today.year, "quarter": (today.month - 1) // 3 + 1})
    result = None
    if form.is_valid():
        start, end = quarter_bounds(form.cleaned_data["year"], form.cleaned_data["quarter"])
        result = build_report(region, start, end, teams=teams)
        audit(actor, A.VIEW, model="Report", period=start.isoformat(), of_team=teams is not None)
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
    return render(
        request,
        "cases/report.html",
        page_context(request, region, form=form, report=result, team_report=teams is not None),
    )


@require_GET
@case_area
def structural_problems(request: HttpRequest, region: Region) -> HttpResponse:
    actor = Actor.from_request(request)
    teams = _report_teams(request, actor, region, model="StructuralProblem")
    audit(actor, A.VIEW, model="StructuralOverview", of_team=teams is not None)
    problems = StructuralProblem.objects.confirmed().filter(region=region)
    if teams is not None:
        problems = problems.filter(organisation__teams__in=teams).distinct()
    return render(
        request,
        "cases/structural.html",
        page_context(
            request,
            region,
            rows=structural_overview(region, teams=teams),
            statuses=StructuralProblem.Status.choices,
            problems=problems.select_related("town", "legal_domain"),
            can_track=teams is None,
        ),
    )


@require_POST
@case_area
def structural_problem_update(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    """The KI tracks what became of a problem: status, working group, action plan link."""
    actor = Actor.from_request(request)
    if not request.user.has_perm("cases.track_structural_problems", region):
        audit(actor, A.DENIED, model="StructuralProblem", object_id=str(pk))
        raise Http404
    problem = get_object_or_404(StructuralProblem.objects.confirmed(), pk=pk, region=region)
    form = f.StructuralProblemTrackingForm(request.POST, instance=problem)
    if form.is_valid():
        form.save()
        audit(actor, A.UPDATE, problem, status=problem.status)
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Choose a known status."))
    return redirect("cases:structural", region=region.slug)
