"""The KI coordinator's pages: counts per quarter and the structural problems, never a
person (behind the case pages' entry, `case_area`, like every case page)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ankommen.cases import forms as f
from ankommen.cases.access import case_area
from ankommen.cases.models import StructuralProblem
from ankommen.cases.reports import build_report, quarter_bounds, structural_overview
from ankommen.cases.staff_views import page_context
from ankommen.core.actor import Actor
from ankommen.core.audit import audit
from ankommen.core.models import AuditEntry, Region

A = AuditEntry.Action


@require_GET
@case_area
def report(request: HttpRequest, region: Region) -> HttpResponse:
    actor = Actor.from_request(request)
    if not request.user.has_perm("cases.view_report", region):
        audit(actor, A.DENIED, model="Report", reason="not a coordinator")
        raise Http404
    today = timezone.localdate()
    form = f.QuarterForm(request.GET or {"year": today.year, "quarter": (today.month - 1) // 3 + 1})
    result = None
    if form.is_valid():
        start, end = quarter_bounds(form.cleaned_data["year"], form.cleaned_data["quarter"])
        result = build_report(region, start, end)
        audit(actor, A.VIEW, model="Report", period=start.isoformat())
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
        request, "cases/report.html", page_context(request, region, form=form, report=result)
    )


@require_GET
@case_area
def structural_problems(request: HttpRequest, region: Region) -> HttpResponse:
    actor = Actor.from_request(request)
    if not request.user.has_perm("cases.view_structural_problems", region):
        audit(actor, A.DENIED, model="StructuralProblem", reason="not a coordinator")
        raise Http404
    audit(actor, A.VIEW, model="StructuralOverview")
    return render(
        request,
        "cases/structural.html",
        page_context(
            request,
            region,
            rows=structural_overview(region),
            statuses=StructuralProblem.Status.choices,
            problems=StructuralProblem.objects.confirmed()
            .filter(region=region)
            .select_related("town", "legal_domain"),
        ),
    )


@require_POST
@case_area
def structural_problem_update(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    """The KI tracks what became of a problem: status, working group, action plan link."""
    actor = Actor.from_request(request)
    if not request.user.has_perm("cases.view_structural_problems", region):
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
