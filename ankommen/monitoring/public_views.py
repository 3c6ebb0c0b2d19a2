"""Public pages of the monitoring (dashboard, indicator, town profile, downloads, yearly
report) and the staff upload of statistics files."""

from __future__ import annotations

import datetime
from html import escape

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ankommen.core.http import set_filename
from ankommen.core.models import Area, Region
from ankommen.core.routing import region_view
from ankommen.monitoring import exports
from ankommen.monitoring.charts import ChartSeries, legend_swatch, line_chart
from ankommen.monitoring.models import Indicator, Quality, period_label
from ankommen.monitoring.series import (
    comparison_areas,
    district_of,
    latest_date,
    table_rows,
    town_choices,
    towns_of,
    values_at,
)
from ankommen.monitoring.templatetags.monitoring import figure

# Towns per page of an indicator's comparison table.
COMPARISON_PAGE_SIZE = 50


def published_indicator(region: Region, slug: str) -> Indicator:
    """The one way in to an indicator on a public page: published, of this region."""
    return get_object_or_404(
        Indicator.objects.published().select_related("field_of_action", "numerator", "denominator"),
        region=region,
        slug=slug,
    )


def _decimal_sign() -> str:
    from django.utils.formats import get_format

    return get_format("DECIMAL_SEPARATOR")


def _split_label(split: str, labels: dict) -> str:
    if not split:
        return _("total")
    return ", ".join(labels.get(tuple(part.split(":", 1)), part) for part in split.split("|"))


def _member_labels(splits: list[str]) -> dict:
    from ankommen.monitoring.models import DimensionMember

    pairs = {tuple(p.split(":", 1)) for s in splits for p in s.split("|") if p}
    if not pairs:
        return {}
    members = DimensionMember.objects.filter(
        dimension__code__in={d for d, _m in pairs}, code__in={m for _d, m in pairs}
    ).select_related("dimension")
    return {(m.dimension.code, m.code): m.label() for m in members}


@require_safe
@region_view(interface_language_content=True)
def dashboard(request: HttpRequest, region: Region, language) -> HttpResponse:
    compared = comparison_areas(region)
    ids = [a.pk for a in compared]
    groups: dict = {}
    for indicator in region.indicators.published().select_related(
        "field_of_action", "numerator", "denominator"
    ):
        date = latest_date(indicator, ids, indicator.default_split)
        points = values_at(indicator, date, compared, indicator.default_split) if date else {}
        months = next((p.period_months for p in points.values()), 0)
        tile = {
            "indicator": indicator,
            "date": date,
            "date_label": period_label(date, months) if date else "",
            "points": [(area, points.get(area.pk)) for area in compared],
            "breakdown": _share_breakdown(indicator, compared[0]) if compared else None,
        }
        if indicator.is_share:
            labels = _member_labels([indicator.numerator_split, indicator.denominator_split])
            tile["numerator_label"] = _series_label(
                indicator.numerator, indicator.numerator_split, labels
            )
            tile["denominator_label"] = _series_label(
                indicator.denominator, indicator.denominator_split, labels
            )
        groups.setdefault(indicator.field_of_action, []).append(tile)
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "region": region,
            "groups": list(groups.items()),
            "compared": compared,
            "towns": towns_of(region),
            "report_years": _report_years(region),
        },
    )


def _series_label(indicator: Indicator, split: str, labels: dict) -> str:
    if not split:
        return indicator.label()
    return f"{indicator.label()}: {_split_label(split, labels)}"


def _share_breakdown(indicator: Indicator, area: Area) -> list[dict] | None:
    """For a share: its numerator and denominator over time in one area, the way the
    concept's employees table shows them."""
    if not indicator.is_share:
        return None
    points = indicator.series([area]).get(area.pk, [])
    rows = [p for p in points if p.denominator is not None]
    return [{"point": p} for p in reversed(rows)] or None


def _report_years(region: Region) -> list[int]:
    from ankommen.monitoring.models import Value

    dates = Value.objects.filter(indicator__region=region, indicator__is_published=True).dates(
        "reference_date", "year", order="DESC"
    )
    return [d.year for d in dates[:10]]


@require_safe
@region_view(interface_language_content=True)
def indicator_detail(request: HttpRequest, region: Region, language, slug: str) -> HttpResponse:
    indicator = published_indicator(region, slug)
    context = _indicator_context(request, region, language, indicator)
    return render(request, "monitoring/indicator.html", context)


def _chosen(request: HttpRequest, region: Region, indicator: Indicator):
    """The area (a town, or the district by default) and split the visitor chose."""
    compared = comparison_areas(region)
    key = request.GET.get("area", "")
    focus = None
    if key:
        focus = region.areas.filter(kind=Area.Kind.MUNICIPALITY, official_key=key).first()
        if focus is None and not any(a.official_key == key for a in compared):
            raise Http404(_("No such area in this region."))
    splits = indicator.splits() or [""]
    split = request.GET.get("split", indicator.default_split)
    if split not in splits:
        if "split" in request.GET:
            raise Http404(_("No such split of this indicator."))
        split = splits[0]
    areas = ([focus] if focus else []) + compared
    return focus, areas, compared, splits, split


def _indicator_context(request, region, language, indicator) -> dict:
    focus, areas, _compared, splits, split = _chosen(request, region, indicator)
    shown = [a for a in areas if indicator.available_for(a)]
    series = indicator.series(shown, split)
    rows = table_rows(series, shown)
    labels = _member_labels(splits)
    date_label = (
        (lambda d: str(d.year))
        if all(
            p.period_months == 12 or (p.date.month, p.date.day) == (12, 31)
            for points in series.values()
            for p in points
        )
        else (lambda d: f"{d:%m/%Y}")
    )
    chart = line_chart(
        [ChartSeries(a.name, [(p.date, p.value) for p in series.get(a.pk, [])]) for a in shown],
        title=indicator.label(),
        description=_(
            "Line chart of %(indicator)s for %(areas)s. The table next to it gives the same "
            "figures."
        )
        % {"indicator": indicator.label(), "areas": ", ".join(a.name for a in shown)},
        chart_id=f"chart-{indicator.slug}",
        decimals=indicator.decimals,
        decimal_sign=_decimal_sign(),
        date_label=date_label,
    )
    towns = town_choices(region)
    stands = [p.stand for points in series.values() for p in points if p.stand]
    points_all = [p for points in series.values() for p in points]
    query = request.GET.urlencode()
    return {
        "region": region,
        "indicator": indicator,
        "focus": focus,
        "areas": shown,
        "unavailable": [a for a in areas if a not in shown],
        "legend": [(a, legend_swatch(i)) for i, a in enumerate(shown)],
        "town_options": _town_options(towns, focus),
        "splits": [(s, _split_label(s, labels)) for s in splits],
        "split": split,
        "split_label": _split_label(split, labels),
        "chart": chart,
        "rows": rows,
        **_comparison(request, region, language, indicator, split, shown, towns),
        "stand": max(stands) if stands else None,
        "has_demo": any(p.is_demo for p in points_all),
        "has_marks": any(p.quality for p in points_all),
        "quality_marks": [(q.value, q.label) for q in Quality if q.value],
        "query": f"?{query}" if query else "",
        "sources": sorted({p.source for p in points_all if p.source}),
    }


def _town_options(towns, focus) -> str:
    """The <option>s of the town chooser. A region may have hundreds of towns: escaping
    with the standard library in one join is several times faster than format_html per
    option, and gives the same text."""
    chosen = focus.pk if focus else None
    return mark_safe(  # safe: every value is escaped right here  # noqa: S308
        "".join(
            f'<option value="{escape(t.official_key)}"'
            f"{' selected' if t.pk == chosen else ''}>{escape(t.name)}</option>"
            for t in towns
        )
    )


def _comparison(request, region, language, indicator, split, shown, towns) -> dict:
    """The comparison at the latest date: the areas of the chart (the chosen town, Kreis,
    OWL, NRW) on every page, then the towns a page at a time. A region may have hundreds of
    towns; one table of all of them is slow to send and hard to move through with a
    screen reader, so the towns are paged and the figures read for the shown page only."""
    towns_too = indicator.available_at_level(Area.Kind.MUNICIPALITY)
    everywhere = Area.objects.filter(pk__in=[a.pk for a in shown])
    if towns_too:
        everywhere = Area.objects.filter(
            Q(pk__in=[a.pk for a in shown]) | Q(region=region, kind=Area.Kind.MUNICIPALITY)
        )
    date = latest_date(indicator, everywhere.values("pk"), split)
    page = Paginator(towns if towns_too else [], COMPARISON_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    if date is None:
        return {"comparison_date": None, "comparison": [], "comparison_page": page}
    shown_ids = {a.pk for a in shown}
    listed = [t for t in page.object_list if t.pk not in shown_ids]
    points = values_at(indicator, date, [*shown_ids, *(t.pk for t in listed)], split)
    marker = "00000000"
    profile = reverse(
        "monitoring:profile",
        kwargs={"region": region.slug, "language": language.code, "key": marker},
    )
    rows = [
        {
            "name": area.name,
            "url": profile.replace(marker, area.official_key)
            if area.kind == Area.Kind.MUNICIPALITY
            else "",
            "highlight": True,
            "figure": figure(points.get(area.pk), indicator),
        }
        for area in shown
    ]
    rows += [
        {
            "name": town.name,
            "url": profile.replace(marker, town.official_key),
            "highlight": False,
            "figure": figure(points.get(town.pk), indicator),
        }
        for town in listed
    ]
    return {
        "comparison_date": date,
        "comparison": rows,
        "comparison_page": page,
        "comparison_pages": _page_links(request, page),
    }


def _page_links(request: HttpRequest, page) -> dict:
    """Links to the neighbouring pages of the comparison, keeping the chosen town and
    split."""
    links = {}
    for name, has, number in (
        ("previous", page.has_previous, page.previous_page_number),
        ("next", page.has_next, page.next_page_number),
    ):
        if has():
            query = request.GET.copy()
            query["page"] = number()
            links[name] = f"?{query.urlencode()}#comparison-heading"
    return links


@require_safe
@region_view(interface_language_content=True)
def indicator_download(
    request: HttpRequest, region: Region, language, slug: str, file_format: str
) -> HttpResponse:
    """Exactly the series the indicator page plots, with source, licence and Stand."""
    indicator = published_indicator(region, slug)
    focus, areas, _compared, splits, split = _chosen(request, region, indicator)
    shown = [a for a in areas if indicator.available_for(a)]
    series = indicator.series(shown, split)
    labels = _member_labels(splits)
    table = exports.SeriesTable(
        indicator=indicator,
        region=region,
        areas=shown,
        series=series,
        split_label=_split_label(split, labels),
    )
    name = f"{region.slug}-{indicator.slug}{'-' + focus.official_key if focus else ''}"
    if file_format == "csv":
        return exports.csv_response(table, name, decimal_sign=_decimal_sign())
    return exports.xlsx_response(table, name)


@require_safe
@region_view(interface_language_content=True)
def area_profile(request: HttpRequest, region: Region, language, key: str) -> HttpResponse:
    """All indicators of one town (or the district), latest figure beside the district's."""
    area = get_object_or_404(Area, region=region, official_key=key)
    district = district_of(region)
    entries = []
    for indicator in region.indicators.published().select_related("numerator", "denominator"):
        if not indicator.available_for(area):
            entries.append({"indicator": indicator, "available": False})
            continue
        points = indicator.series([area]).get(area.pk, [])
        latest = points[-1] if points else None
        previous = points[-2] if len(points) > 1 else None
        change = None
        if latest and previous and latest.value is not None and previous.value is not None:
            change = latest.value - previous.value
        district_point = None
        if latest and district and district.pk != area.pk:
            district_point = values_at(indicator, latest.date, [district]).get(district.pk)
        entries.append(
            {
                "indicator": indicator,
                "available": True,
                "latest": latest,
                "previous": previous,
                "change": change,
                "district": district_point,
            }
        )
    return render(
        request,
        "monitoring/profile.html",
        {
            "region": region,
            "area": area,
            "district": district,
            "entries": entries,
            "towns": towns_of(region),
        },
    )


@require_safe
@region_view(interface_language_content=True)
def report_pdf(request: HttpRequest, region: Region, language, year: int) -> HttpResponse:
    from ankommen.monitoring.report import yearly_report

    if not 1990 <= year <= datetime.date.today().year + 1:
        raise Http404(_("No report for that year."))
    pdf = yearly_report(region, year)
    response = HttpResponse(pdf, content_type="application/pdf")
    set_filename(response, f"monitoring-{region.slug}-{year}.pdf", inline=True)
    return response


@require_safe
@region_view(interface_language_content=True)
def import_moved(request: HttpRequest, region: Region, language) -> HttpResponse:
    """The statistics import was here before it became a staff page."""
    return redirect("monitoring_staff:import", region=region.slug, permanent=True)
