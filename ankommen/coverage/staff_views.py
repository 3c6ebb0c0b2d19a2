"""Staff pages of the minimum standard, at /<region>/intern/mindeststandard/…

Entered through `staff_view` (the rule `coverage.use_staff_pages`: the region's KI
coordinators and the integration officers of its towns). Officers see only their own town
and its quarters; defining the standard and turning gaps into steps is the KI's
(`coverage.define_standard`), refused with 403 to others.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ankommen.actionplan.services import step_create
from ankommen.core.models import Area, ConflictError, Language, Region
from ankommen.core.routing import staff_view
from ankommen.coverage.compute import MET, MISSING, PARTLY, AreaCoverage, compute_coverage
from ankommen.coverage.forms import LinkStepForm, NewStepForm, StandardRowForm
from ankommen.coverage.models import GapStep, Snapshot, StandardRow
from ankommen.coverage.permissions import visible_area_ids
from ankommen.coverage.snapshots import take_snapshot
from ankommen.directory.maps import map_settings, with_map_tiles
from ankommen.mediation.models import MediationLanguage

PERMISSION = "coverage.use_staff_pages"


def _status_words() -> dict[str, str]:
    return {MET: _("met"), PARTLY: _("partly met"), MISSING: _("missing")}


def _require_definer(request: HttpRequest, region: Region) -> None:
    if not request.user.has_perm("coverage.define_standard", region):
        raise PermissionDenied(_("Only the KI defines the minimum standard."))


def _language_labels() -> dict[str, str]:
    labels = {lang.code: lang.label() for lang in Language.objects.all()}
    labels.update({lang.code: lang.label() for lang in MediationLanguage.objects.all()})
    return labels


def _context(request: HttpRequest, region: Region, **extra) -> dict:
    return {
        "region": region,
        "may_define": request.user.has_perm("coverage.define_standard", region),
        "status_words": _status_words(),
        **extra,
    }


def _coverage_map(region: Region, coverage: list[AreaCoverage]) -> str:
    """The map's settings (tiles, town names, words) and one point per town or quarter
    with a centre, coloured by its status."""
    words = _status_words()
    points = [
        {
            "lat": float(c.area.latitude),
            "lon": float(c.area.longitude),
            "name": c.area.name,
            "status": c.status,
            "label": words[c.status],
            "quarter": c.is_quarter,
            "gaps": [r.row.title for r in c.gaps()],
        }
        for c in coverage
        if c.area.latitude is not None and c.area.longitude is not None
    ]
    return json.dumps({**map_settings(region), "coverage": points}, ensure_ascii=False)


@require_http_methods(["GET", "HEAD"])
@staff_view(PERMISSION)
@with_map_tiles
def index(request: HttpRequest, region: Region) -> HttpResponse:
    """The coverage of every town and quarter the person may see: a map and a table."""
    area_ids = visible_area_ids(request.user, region)
    rows = list(StandardRow.objects.filter(region=region))
    coverage = compute_coverage(region, area_ids=area_ids)
    linked: dict[tuple[int, int], int] = {}
    for row_id, area_id in GapStep.objects.filter(region=region).values_list("row_id", "area_id"):
        linked[(row_id, area_id)] = linked.get((row_id, area_id), 0) + 1
    labels = _language_labels()
    for c in coverage:
        for r in c.rows:
            r.steps = linked.get((r.row.pk, c.area.pk), 0)
            r.missing_labels = ", ".join(labels.get(code, code) for code in r.missing_languages)
    towns = [c for c in coverage if not c.is_quarter]
    return render(
        request,
        "coverage/staff/index.html",
        _context(
            request,
            region,
            page="index",
            rows=rows,
            town_rows=[r for r in rows if r.level == StandardRow.Level.TOWN],
            quarter_rows=[r for r in rows if r.level == StandardRow.Level.QUARTER],
            coverage=coverage,
            towns_met=sum(1 for c in towns if c.status == MET),
            towns_total=len(towns),
            map_config=_coverage_map(region, coverage),
        ),
    )


@require_http_methods(["GET", "HEAD"])
@staff_view(PERMISSION)
def standard(request: HttpRequest, region: Region) -> HttpResponse:
    """The rows of the standard; the KI adds and changes them."""
    rows = StandardRow.objects.filter(region=region).prefetch_related(
        "target_groups", "languages", "mediation_languages"
    )
    return render(
        request,
        "coverage/staff/standard.html",
        _context(request, region, page="standard", rows=rows),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view(PERMISSION)
def row_edit(request: HttpRequest, region: Region, pk: int | None = None) -> HttpResponse:
    _require_definer(request, region)
    row = get_object_or_404(StandardRow, region=region, pk=pk) if pk else None
    form = StandardRowForm(request.POST or None, instance=row, region=region)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                with transaction.atomic():
                    saved = form.save(commit=False)
                    if row is None:
                        saved.save()
                    else:
                        saved.save_checked(
                            expected_version=form.cleaned_data["expected_version"] or 0
                        )
                    form.save_m2m()
            except ConflictError:
                form.add_error(
                    None,
                    _(
                        "Someone else changed this row while you were editing it. Reload the "
                        "page to see the change, then save again."
                    ),
                )
                status = 409
            else:
                messages.success(request, _("The row “%(title)s” is saved.") % {"title": saved})
                return redirect("coverage_staff:standard", region=region.slug)
        else:
            status = 400
    return render(
        request,
        "coverage/staff/row_form.html",
        _context(request, region, page="standard", form=form, row=row),
        status=status,
    )


@require_POST
@staff_view(PERMISSION)
def row_delete(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    _require_definer(request, region)
    row = get_object_or_404(StandardRow, region=region, pk=pk)
    title = row.title
    row.delete()
    messages.success(request, _("The row “%(title)s” is removed.") % {"title": title})
    return redirect("coverage_staff:standard", region=region.slug)


@require_POST
@staff_view(PERMISSION)
def snapshot_now(request: HttpRequest, region: Region) -> HttpResponse:
    """Stores today's coverage now (the background jobs do so once a day)."""
    _require_definer(request, region)
    snapshot = take_snapshot(region)
    if snapshot is None:
        messages.error(request, _("Define the standard first: there is nothing to measure."))
    else:
        messages.success(request, _("Today's coverage is stored."))
    return redirect("coverage_staff:history", region=region.slug)


@require_http_methods(["GET", "HEAD"])
@staff_view(PERMISSION)
def history(request: HttpRequest, region: Region) -> HttpResponse:
    """The share of towns meeting the standard over time, and each visible area's status
    per snapshot."""
    area_ids = visible_area_ids(request.user, region)
    snapshots = list(Snapshot.objects.filter(region=region).order_by("-taken_on")[:60])
    areas = Area.objects.filter(
        region=region, kind__in=[Area.Kind.MUNICIPALITY, Area.Kind.QUARTER]
    ).select_related("parent")
    if area_ids is not None:
        areas = areas.filter(pk__in=area_ids)
    # Each town, then its quarters.
    areas = sorted(
        areas,
        key=lambda a: (
            (a.name, "")
            if a.kind == Area.Kind.MUNICIPALITY
            else (a.parent.name if a.parent else "", a.name)
        ),
    )
    shown = list(reversed(snapshots[:12]))
    table = [
        (area, [s.areas.get(str(area.pk), {}).get("status", "") for s in shown])
        for area in areas
        if area.kind == Area.Kind.MUNICIPALITY or any(str(area.pk) in s.areas for s in shown)
    ]
    chart = list(reversed(snapshots))
    return render(
        request,
        "coverage/staff/history.html",
        _context(
            request,
            region,
            page="history",
            snapshots=snapshots,
            chart=chart,
            shown=shown,
            table=table,
            show_share=area_ids is None,
        ),
    )


def _gap(request: HttpRequest, region: Region, row_pk: int, area_pk: int):
    """The row, the area and its coverage, for someone who may see that area."""
    row = get_object_or_404(StandardRow, region=region, pk=row_pk)
    area = get_object_or_404(
        Area, region=region, pk=area_pk, kind__in=[Area.Kind.MUNICIPALITY, Area.Kind.QUARTER]
    )
    if not request.user.has_perm("coverage.view_area", area):
        raise Http404(_("No such town or quarter, or it is not yours to see."))
    town_ids = {area.pk, area.parent_id} if area.kind == Area.Kind.QUARTER else None
    ids = town_ids or {area.pk, *Area.objects.filter(parent=area).values_list("pk", flat=True)}
    coverage = next(c for c in compute_coverage(region, area_ids=ids) if c.area.pk == area.pk)
    result = next((r for r in coverage.rows if r.row.pk == row.pk), None)
    return row, area, result


def _prefilled_text(row: StandardRow, area: Area) -> str:
    # The plan's texts are German (the sub-step's source language).
    return f"{area.name}: „{row.title}“ nach dem Mindeststandard sicherstellen"


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view(PERMISSION)
def gap(request: HttpRequest, region: Region, row_pk: int, area_pk: int) -> HttpResponse:
    """One row of the standard in one town or quarter: what counts, what is missing, and
    the steps that work on it; the KI adds a new step or links an existing one."""
    row, area, result = _gap(request, region, row_pk, area_pk)
    may_define = request.user.has_perm("coverage.define_standard", region)
    new_form = link_form = None
    status = 200
    if may_define:
        action = request.POST.get("action") if request.method == "POST" else None
        new_form = NewStepForm(
            request.POST if action == "new" else None,
            region=region,
            initial={"text": _prefilled_text(row, area)},
        )
        link_form = LinkStepForm(request.POST if action == "link" else None, region=region)
        if action == "new" and new_form.is_valid():
            data = new_form.cleaned_data
            try:
                with transaction.atomic():
                    step = step_create(
                        recommendation=data["recommendation"],
                        text=data["text"],
                        by=request.user,
                        responsible_organisation=data["responsible_organisation"],
                        due_date=data["due_date"],
                        reason=_("Gap in the minimum standard: %(row)s in %(area)s")
                        % {"row": row.title, "area": area.name},
                    )
                    GapStep.objects.create(
                        region=region, row=row, area=area, step=step, created_by=request.user
                    )
            except ValidationError as error:
                for message in error.messages:
                    new_form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("Step %(code)s is added to the action plan for this gap.")
                    % {"code": step.code},
                )
                return redirect(request.path)
        elif action == "link" and link_form.is_valid():
            step = link_form.cleaned_data["step"]
            _link, created = GapStep.objects.get_or_create(
                region=region, row=row, area=area, step=step, defaults={"created_by": request.user}
            )
            if created:
                messages.success(request, _("Step %(code)s is linked.") % {"code": step.code})
            else:
                messages.info(request, _("Step %(code)s was linked already.") % {"code": step.code})
            return redirect(request.path)
        if request.method == "POST":
            status = 400
    elif request.method == "POST":
        raise PermissionDenied(_("Only the KI turns gaps into action-plan steps."))
    steps = GapStep.objects.filter(row=row, area=area).select_related(
        "step",
        "step__recommendation",
        "step__recommendation__challenge",
        "step__recommendation__field",
    )
    return render(
        request,
        "coverage/staff/gap.html",
        _context(
            request,
            region,
            row=row,
            area=area,
            result=result,
            languages=_language_labels(),
            steps=steps,
            new_form=new_form,
            link_form=link_form,
            index_url=reverse("coverage_staff:index", kwargs={"region": region.slug}),
        ),
        status=status,
    )
