"""The yearly monitoring report of a region as PDF (ankommen.core.pdf): per indicator its
definition and source, a chart of the district against OWL and NRW up to the end of the
year, the figures of that chart as a table, and the towns at the latest date."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ankommen.core import formats
from ankommen.core.models import Region
from ankommen.core.pdf import FAMILY, RULE_GREY, Document
from ankommen.monitoring.charts import STYLES
from ankommen.monitoring.models import Indicator, Point
from ankommen.monitoring.series import comparison_areas, table_rows, towns_of
from ankommen.monitoring.templatetags.monitoring import figure_text


def _hex(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def _shown(point: Point | None, indicator: Indicator) -> str:
    if point is None:
        return ""
    if point.value is None:
        return point.quality
    text = figure_text(point.value, indicator.decimals, indicator.unit)
    return text + (" D" if point.is_demo else "")


def yearly_report(region: Region, year: int) -> bytes:
    end = datetime.date(year, 12, 31)
    compared = comparison_areas(region)
    towns = towns_of(region)
    title = _("Integration monitoring %(region)s %(year)s") % {
        "region": region.name,
        "year": year,
    }
    pdf = Document(title, margin=18, footer=title)
    pdf.add_page()
    pdf.write_heading(title, size=20, line_height=10)
    pdf.write_paragraph(
        _(
            "Figures up to 31 December %(year)s, from the official statistics and the "
            "region's own counts, each compared with %(areas)s. Made on %(today)s. "
            "Figures marked D are invented demo figures."
        )
        % {
            "year": year,
            "areas": ", ".join(a.name for a in compared),
            "today": formats.format_date(timezone.localdate(), "long"),
        }
    )
    pdf.ln(4)
    indicators = region.indicators.published().select_related(
        "numerator", "denominator", "field_of_action"
    )
    shown = 0
    for indicator in indicators:
        series = indicator.series(compared)
        series = {
            area_id: [p for p in points if p.date <= end] for area_id, points in series.items()
        }
        if not any(series.values()):
            continue
        shown += 1
        _indicator_section(pdf, indicator, compared, towns, series, end)
    if not shown:
        pdf.write_paragraph(_("No figures up to this year."), size=11, line_height=8)
    return pdf.to_bytes()


def _indicator_section(pdf: Document, indicator, compared, towns, series, end) -> None:
    if pdf.get_y() > 170:
        pdf.add_page()
    pdf.set_text_color(0, 0, 0)
    pdf.write_heading(indicator.label("de"), size=13, line_height=7)
    pdf.set_font(FAMILY, "", 9)
    stands = [p.stand for points in series.values() for p in points if p.stand]
    source = _("Source: %(source)s") % {"source": indicator.source}
    if indicator.table_code:
        source += "; " + _("table %(code)s") % {"code": indicator.table_code}
    if stands:
        source += "; " + _("as of %(date)s") % {
            "date": formats.format_date(timezone.localtime(max(stands)), "long")
        }
    for line in (indicator.definition_in("de"), source):
        pdf.write_paragraph(line, line_height=4.5)
    pdf.ln(2)
    present = [a for a in compared if series.get(a.pk)]
    _chart(pdf, indicator, present, series)
    rows = table_rows(series, present)[-6:]
    _table(
        pdf,
        [_("Date"), *[a.name for a in present]],
        [[row.label, *[_shown(p, indicator) for p in row.points]] for row in rows],
    )
    if towns and indicator.available_for(towns[0]):
        town_series = indicator.series(towns)
        latest = {
            town.pk: next(
                (p for p in reversed(town_series.get(town.pk, [])) if p.date <= end), None
            )
            for town in towns
        }
        if any(latest.values()):
            _table(
                pdf,
                [pgettext("monitoring", "Town or municipality"), _("Latest figure"), _("Date")],
                [
                    [t.name, _shown(latest[t.pk], indicator), latest[t.pk].period_label]
                    for t in towns
                    if latest[t.pk]
                ],
            )
    pdf.ln(4)


def _chart(pdf: Document, indicator, areas, series) -> None:
    numbers = [float(p.value) for a in areas for p in series[a.pk] if p.value is not None]
    dates = sorted({p.date for a in areas for p in series[a.pk]})
    if not numbers or not dates:
        return
    left, top, width, height = pdf.l_margin + 14, pdf.get_y(), 150, 48
    if top + height + 24 > pdf.h - pdf.b_margin:
        pdf.add_page()
        top = pdf.get_y()
    high = max(numbers) * 1.1 or 1.0
    low = min(0.0, min(numbers))
    first, last = dates[0].toordinal(), dates[-1].toordinal()

    def x_of(date):
        return left + (
            width / 2 if first == last else (date.toordinal() - first) / (last - first) * width
        )

    def y_of(value):
        return top + height - (value - low) / (high - low) * height

    pdf.set_draw_color(*RULE_GREY)
    pdf.set_line_width(0.2)
    pdf.set_font(FAMILY, "", 7)
    pdf.set_text_color(27, 27, 27)
    for step in range(5):
        value = low + (high - low) * step / 4
        pdf.line(left, y_of(value), left + width, y_of(value))
        label = figure_text(_round(value), 0 if high >= 100 else indicator.decimals, "")
        pdf.write_at(left - 2, y_of(value) + 1, label, align="R")
    for date in dates if len(dates) <= 8 else dates[:: max(1, len(dates) // 7)]:
        label = str(date.year)
        pdf.write_at(x_of(date), top + height + 4, label, align="C")
    for index, area in enumerate(areas):
        colour, dash, _shape = STYLES[index % len(STYLES)]
        pdf.set_draw_color(*_hex(colour))
        pdf.set_fill_color(*_hex(colour))
        pdf.set_line_width(0.6)
        if dash:
            parts = [float(n) / 2 for n in dash.split()]
            pdf.set_dash_pattern(dash=parts[0], gap=parts[1])
        previous = None
        for point in series[area.pk]:
            if point.value is None:
                previous = None
                continue
            here = (x_of(point.date), y_of(float(point.value)))
            if previous:
                pdf.line(*previous, *here)
            pdf.ellipse(here[0] - 0.9, here[1] - 0.9, 1.8, 1.8, style="F")
            previous = here
        legend_y = top + height + 9 + index * 4.5
        pdf.line(left, legend_y, left + 10, legend_y)
        pdf.set_dash_pattern()
        pdf.write_at(left + 13, legend_y + 1, area.name)
    pdf.set_line_width(0.2)
    pdf.set_draw_color(*RULE_GREY)
    pdf.set_fill_color(242, 245, 249)
    pdf.set_y(top + height + 9 + len(areas) * 4.5)


def _round(value: float) -> Decimal:
    return Decimal(str(round(value, 2)))


def _table(pdf: Document, header: list[str], rows: list[list[str]]) -> None:
    if not rows:
        return
    pdf.write_table(
        header,
        rows,
        widths=[50] + [(pdf.epw - 50) / (len(header) - 1)] * (len(header) - 1),
        align=("LEFT", *["RIGHT"] * (len(header) - 1)),
    )
    pdf.ln(2)
