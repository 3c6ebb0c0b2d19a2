"""The crisis module's staff pages at /<region>/intern/krise/…: the overview with the level
and its checklist, the inventory of base structures, the daily report, the situation
dashboard with its export, the history, the news and the crisis pages.

Entered through `staff_view` (rule `crisis.use_staff_pages`); what a person sees inside is
scoped by permissions.py: the KI all of the region, an officer her own town.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ankommen.core.http import set_filename
from ankommen.core.models import ConflictError, Region, User
from ankommen.core.routing import offered_languages, staff_view
from ankommen.crisis import dashboard, services
from ankommen.crisis.forms import (
    CrisisPageForm,
    NewsForm,
    NewsTranslationForm,
    PeriodForm,
    ReportForm,
    StructureForm,
    SwitchForm,
    TickForm,
)
from ankommen.crisis.models import LevelSwitch, NewsItem, Structure
from ankommen.crisis.permissions import (
    areas_for,
    assignments_for,
    get_assignment_to_tick,
    get_structure_for_user,
    leads,
    news_for,
    reports_for,
    structures_for,
)

USE = "crisis.use_staff_pages"


def _context(request: HttpRequest, region: Region, **extra) -> dict:
    state = services.region_level(region)
    return {"region": region, "state": state, "leads": leads(request.user, region), **extra}


def _progress(assignments) -> dict:
    total = len(assignments)
    done = sum(1 for a in assignments if a.done_at)
    return {"total": total, "done": done, "percent": round(done * 100 / total) if total else 0}


# --- Overview, switch, checklist ---------------------------------------------------------


@staff_view(USE)
def index(request: HttpRequest, region: Region) -> HttpResponse:
    state = services.region_level(region)
    items = []
    if state.current_switch_id:
        items = list(
            assignments_for(request.user, region)
            .filter(switch_id=state.current_switch_id)
            .select_related("owner", "area")
        )
    form = None
    if leads(request.user, region):
        form = SwitchForm(region=region, initial={"expected_version": state.version})
    return render(
        request,
        "crisis/staff/index.html",
        _context(request, region, items=items, progress=_progress(items), form=form),
    )


@require_POST
@staff_view(USE)
def switch(request: HttpRequest, region: Region) -> HttpResponse:
    if not leads(request.user, region):
        raise PermissionDenied
    form = SwitchForm(request.POST, region=region)
    if form.is_valid():
        data = form.cleaned_data
        try:
            done = services.level_switch(
                region=region,
                level=data["level"],
                exercise=data["exercise"],
                reason=data["reason"],
                by=request.user,
                expected_version=data["expected_version"],
            )
        except services.SwitchConflict:
            messages.error(
                request,
                _(
                    "Someone else switched the level after you opened this page. Nothing was "
                    "switched; check the current level and switch again if still needed."
                ),
            )
            return redirect("crisis_staff:index", region=region.slug)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            text = (
                _("Exercise: the region is now on “%(level)s”; %(count)s measures assigned.")
                if done.exercise
                else _("The region is now on “%(level)s”; %(count)s measures assigned.")
            )
            messages.success(
                request, text % {"level": done.to_level.name, "count": done.assignments.count()}
            )
            return redirect("crisis_staff:index", region=region.slug)
    state = services.region_level(region)
    items = list(assignments_for(request.user, region).filter(switch=state.current_switch))
    return render(
        request,
        "crisis/staff/index.html",
        _context(request, region, items=items, progress=_progress(items), form=form),
        status=400,
    )


@staff_view(USE)
def checklist(request: HttpRequest, region: Region) -> HttpResponse:
    items = list(
        assignments_for(request.user, region)
        .filter(done_at__isnull=True)
        .select_related("owner", "area", "switch__to_level")
    )
    mine = [item for item in items if item.owner_id == request.user.pk]
    return render(
        request,
        "crisis/staff/checklist.html",
        _context(request, region, items=items, mine=mine),
    )


@require_POST
@staff_view(USE)
def tick(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    item = get_assignment_to_tick(request.user, region, pk)
    form = TickForm(request.POST)
    if form.is_valid():
        services.assignment_tick(
            assignment=item,
            by=request.user,
            done=form.cleaned_data["done"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Saved: “%(title)s”.") % {"title": item.title})
    else:
        messages.error(request, _("The note is too long."))
    target = (
        "crisis_staff:index" if request.POST.get("next") == "index" else "crisis_staff:checklist"
    )
    return redirect(target, region=region.slug)


# --- Base structures ---------------------------------------------------------------------


def _keepers(region: Region):
    return User.objects.filter(role_assignments__region=region, is_active=True).distinct()


@staff_view(USE)
def structures(request: HttpRequest, region: Region) -> HttpResponse:
    cutoff = timezone.now() - dt.timedelta(days=_confirm_days())
    found = list(structures_for(request.user, region).select_related("area", "keeper", "language"))
    groups: dict = {}
    for structure in found:
        structure.stale = structure.confirmed_at is None or structure.confirmed_at < cutoff
        groups.setdefault(structure.area, []).append(structure)
    return render(
        request,
        "crisis/staff/structures.html",
        _context(request, region, groups=groups, kinds=Structure.Kind),
    )


def _confirm_days() -> int:
    return settings.CRISIS_CONFIRM_DAYS


@require_http_methods(["GET", "POST"])
@staff_view(USE)
def structure_edit(request: HttpRequest, region: Region, pk: int | None = None) -> HttpResponse:
    areas = areas_for(request.user, region)
    if not areas.exists():
        raise PermissionDenied
    structure = get_structure_for_user(request.user, region, pk) if pk else Structure(region=region)
    form = StructureForm(
        request.POST or None, instance=structure, areas=areas, keepers=_keepers(region)
    )
    if request.method == "POST" and form.is_valid():
        structure = form.save(commit=False)
        if form.cleaned_data["confirm"]:
            structure.confirm(by=request.user)
        try:
            if structure.pk:
                structure.save_checked(
                    expected_version=form.cleaned_data["expected_version"] or structure.version
                )
            else:
                structure.keeper = structure.keeper or request.user
                structure.save()
        except ConflictError:
            messages.error(
                request,
                _(
                    "Someone else saved this entry after you opened it. Nothing was saved; "
                    "the page now shows their changes."
                ),
            )
            return redirect("crisis_staff:structure", region=region.slug, pk=structure.pk)
        messages.success(request, _("Saved: “%(name)s”.") % {"name": structure.name})
        return redirect("crisis_staff:structures", region=region.slug)
    return render(
        request,
        "crisis/staff/structure_form.html",
        _context(request, region, form=form, structure=structure),
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@staff_view(USE)
def structure_confirm(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    structure = get_structure_for_user(request.user, region, pk)
    structure.confirm(by=request.user)
    structure.save(update_fields=["confirmed_at", "confirmed_by", "reminded_at"])
    messages.success(request, _("Confirmed: “%(name)s”.") % {"name": structure.name})
    return redirect("crisis_staff:structures", region=region.slug)


# --- Daily report ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@staff_view(USE)
def report(request: HttpRequest, region: Region) -> HttpResponse:
    areas = areas_for(request.user, region).filter(kind="municipality")
    if not areas.exists():
        raise PermissionDenied
    form = ReportForm(request.POST or None, areas=areas, initial={"day": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.daily_report_save(
                area=data["area"],
                day=data["day"],
                arrivals=data["arrivals"],
                occupancy=data["occupancy"],
                open_needs=data["open_needs"],
                reason=data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(
                "occupancy"
                if error.code == "over_capacity"
                else "reason"
                if error.code == "reason_missing"
                else "day"
                if error.code == "future_day"
                else None,
                error,
            )
        else:
            messages.success(
                request,
                _("Saved: the figures of %(town)s for %(day)s.")
                % {"town": saved.area.name, "day": formats.date_format(saved.day)},
            )
            return redirect("crisis_staff:report", region=region.slug)
    recent = (
        reports_for(request.user, region)
        .select_related("area", "reported_by")
        .annotate(corrections=Count("revisions", filter=Q(revisions__is_correction=True)))
        .prefetch_related("revisions__saved_by")
        .order_by("-day", "area__name")[:14]
    )
    return render(
        request,
        "crisis/staff/report.html",
        _context(request, region, form=form, recent=recent),
        status=400 if request.method == "POST" else 200,
    )


# --- Dashboard, export, history --------------------------------------------------------


def _period(request: HttpRequest, state) -> tuple[PeriodForm, dt.date, dt.date, bool]:
    today = timezone.localdate()
    default_start = today - dt.timedelta(days=13)
    form = PeriodForm(
        request.GET or None,
        initial={"start": default_start, "end": today, "exercise": state.exercise},
    )
    if request.GET and form.is_valid():
        data = form.cleaned_data
        return form, data["start"], data["end"], data["exercise"]
    return form, default_start, today, state.exercise


@staff_view(USE)
def situation(request: HttpRequest, region: Region) -> HttpResponse:
    state = services.region_level(region)
    form, start, end, exercise = _period(request, state)
    found = dashboard.situation(
        reports_for(request.user, region), start=start, end=end, exercise=exercise
    )
    return render(
        request,
        "crisis/staff/dashboard.html",
        _context(request, region, form=form, situation=found, chart=dashboard.chart_bars(found)),
        status=400 if request.GET and not form.is_valid() else 200,
    )


@staff_view(USE)
def export(request: HttpRequest, region: Region) -> HttpResponse:
    state = services.region_level(region)
    _form, start, end, _exercise = _period(request, state)
    body = dashboard.export_csv(
        reports_for(request.user, region),
        start=start,
        end=end,
        decimal_sign=formats.get_format("DECIMAL_SEPARATOR"),
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    set_filename(response, f"lage-{region.slug}-{start}-{end}.csv")
    return response


@staff_view(USE)
def history(request: HttpRequest, region: Region) -> HttpResponse:
    if not leads(request.user, region):
        raise PermissionDenied
    switches = list(
        LevelSwitch.objects.filter(region=region)
        .select_related("to_level", "from_level", "switched_by")
        .prefetch_related("assignments__owner", "assignments__area")
        .annotate(report_count=Count("reports"))
    )
    for item in switches:
        item.progress = _progress(list(item.assignments.all()))
        item.period_end = (item.ended_at or timezone.now()).date()
    return render(
        request, "crisis/staff/history.html", _context(request, region, switches=switches)
    )


# --- News and crisis pages ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@staff_view(USE)
def news(request: HttpRequest, region: Region) -> HttpResponse:
    items = news_for(request.user, region).prefetch_related("translations__language")
    form = NewsForm(request.POST or None, towns=region.towns())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = NewsItem.objects.create(
            region=region, area=data["area"], banner=data["banner"], created_by=request.user
        )
        german = next(lang for lang in offered_languages(region) if lang.code == "de")
        services.news_save_text(news=item, language=german, title=data["title"], body=data["body"])
        if data["publish"]:
            services.news_publish(news=item)
        messages.success(request, _("Saved the news item."))
        return redirect("crisis_staff:news_item", region=region.slug, pk=item.pk)
    return render(
        request,
        "crisis/staff/news.html",
        _context(request, region, items=items, form=form),
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@staff_view(USE)
def news_item(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    item = news_for(request.user, region).filter(pk=pk).first()
    if item is None:
        raise Http404
    languages = region.languages.order_by("sort_order", "code")
    form = NewsTranslationForm(request.POST or None, languages=languages)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.news_save_text(
            news=item, language=data["language"], title=data["title"], body=data["body"]
        )
        messages.success(
            request, _("Saved the text in %(language)s.") % {"language": data["language"].label()}
        )
        return redirect("crisis_staff:news_item", region=region.slug, pk=item.pk)
    rows = {row.language_id: row for row in item.translations.select_related("language")}
    texts = [(language, rows.get(language.pk)) for language in languages]
    return render(
        request,
        "crisis/staff/news_item.html",
        _context(request, region, item=item, texts=texts, form=form),
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@staff_view(USE)
def news_status(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    item = news_for(request.user, region).filter(pk=pk).first()
    if item is None:
        raise Http404
    action = request.POST.get("action")
    try:
        if action == "publish":
            services.news_publish(news=item)
            item.refresh_from_db()
            if item.push_error:
                messages.warning(
                    request,
                    _("Published; the push notification failed: %(problem)s")
                    % {"problem": item.push_error},
                )
            else:
                messages.success(request, _("Published."))
        elif action == "archive":
            item.status = NewsItem.Status.ARCHIVED
            item.save(update_fields=["status", "version"])
            messages.success(request, _("Archived: the public no longer sees it."))
        else:
            messages.error(request, _("Unknown action."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("crisis_staff:news_item", region=region.slug, pk=item.pk)


@require_http_methods(["GET", "POST"])
@staff_view(USE)
def crisis_page(request: HttpRequest, region: Region) -> HttpResponse:
    if not leads(request.user, region):
        raise PermissionDenied
    form = CrisisPageForm(request.POST or None, towns=region.towns())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            page = services.crisis_page_create(
                region=region,
                origin=data["origin"],
                first_stop=data["first_stop"],
                contact_points=data["contact_points"],
                town=data["town"],
                publish=data["publish"],
            )
        except ValidationError as error:
            form.add_error("origin", error)
        else:
            messages.success(
                request,
                _("The page “%(slug)s” was created; translate it in the portal.")
                % {"slug": page.slug},
            )
            return redirect(
                reverse(
                    "portal:page",
                    kwargs={"region": region.slug, "language": "de", "slug": page.slug},
                )
            )
    return render(
        request,
        "crisis/staff/crisis_page.html",
        _context(request, region, form=form),
        status=400 if request.method == "POST" else 200,
    )
