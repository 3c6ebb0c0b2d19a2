"""The yearly monitoring report of a region as PDF (fpdf2, pure Python): per indicator its
definition and source, a chart of the district against OWL and NRW up to the end of the
year, the figures of that chart as a table, and the towns at the latest date."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from ankommen.core.models import Region
from ankommen.monitoring.charts import STYLES
from ankommen.monitoring.models import Indicator, Point
from ankommen.monitoring.series import comparison_areas, table_rows, towns_of
from ankommen.monitoring.templatetags.monitoring import figure_text

# The PDF core fonts know latin-1 only; these are the characters our texts use beyond it.
_LATIN1 = str.maketrans(
    {
        "–": "-",
        "—": "-",
        "“": '"',
        "”": '"',
        "„": '"',
        "’": "'",
        "→": "->",
        "…": "...",
        "−": "-",
        "\u00a0": " ",
    }
)


def _text(value: str) -> str:
    return str(value).translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")


def _hex(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def _shown(point: Point | None, indicator: Indicator) -> str:
    if point is None:
        return ""
    if point.value is None:
        return point.quality
    text = figure_text(point.value, indicator.decimals, indicator.unit)
    return text + (" D" if point.is_demo else "")


class ReportPDF(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.report_title = title
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(_text(title))
        self.set_lang("de")
        self.set_creator("ankommen")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", "", 8)
        self.set_text_color(74, 74, 74)
        self.cell(0, 5, _text(f"{self.report_title} - {self.page_no()}"), align="C")


def yearly_report(region: Region, year: int) -> bytes:
    end = datetime.date(year, 12, 31)
    compared = comparison_areas(region)
    towns = towns_of(region)
    title = _("Integration monitoring %(region)s %(year)s") % {
        "region": region.name,
        "year": year,
    }
    pdf = ReportPDF(title)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 20)
    pdf.multi_cell(0, 10, _text(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(
        0,
        5,
        _text(
            _(
                "Figures up to 31 December %(year)s, from the official statistics and the "
                "region's own counts, each compared with %(areas)s. Made on %(today)s. "
                "Figures marked D are invented demo figures."
            )
            % {
                "year": year,
                "areas": ", ".join(a.name for a in compared),
                "today": timezone.localdate().strftime("%d.%m.%Y"),
            }
        ),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
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
        pdf.set_font("Helvetica", "", 11)
        pdf.cell(0, 8, _text(_("No figures up to this year.")))
    return bytes(pdf.output())


def _indicator_section(pdf: ReportPDF, indicator, compared, towns, series, end) -> None:
    if pdf.get_y() > 170:
        pdf.add_page()
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("Helvetica", "B", 13)
    pdf.multi_cell(0, 7, _text(indicator.label("de")), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 9)
    stands = [p.stand for points in series.values() for p in points if p.stand]
    source = _("Source: %(source)s") % {"source": indicator.source}
    if indicator.table_code:
        source += "; " + _("table %(code)s") % {"code": indicator.table_code}
    if stands:
        source += "; " + _("as of %(date)s") % {
            "date": timezone.localtime(max(stands)).strftime("%d.%m.%Y")
        }
    for line in (indicator.definition_in("de"), source):
        pdf.multi_cell(0, 4.5, _text(line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
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


def _chart(pdf: ReportPDF, indicator, areas, series) -> None:
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

    pdf.set_draw_color(138, 150, 163)
    pdf.set_line_width(0.2)
    pdf.set_font("Helvetica", "", 7)
    pdf.set_text_color(27, 27, 27)
    for step in range(5):
        value = low + (high - low) * step / 4
        pdf.line(left, y_of(value), left + width, y_of(value))
        label = figure_text(_round(value), 0 if high >= 100 else indicator.decimals, "")
        pdf.text(left - 2 - pdf.get_string_width(label), y_of(value) + 1, _text(label))
    for date in dates if len(dates) <= 8 else dates[:: max(1, len(dates) // 7)]:
        label = str(date.year)
        pdf.text(x_of(date) - pdf.get_string_width(label) / 2, top + height + 4, label)
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
        pdf.text(left + 13, legend_y + 1, _text(area.name))
    pdf.set_line_width(0.2)
    pdf.set_draw_color(138, 150, 163)
    pdf.set_fill_color(242, 245, 249)
    pdf.set_y(top + height + 9 + len(areas) * 4.5)


def _round(value: float):
    from decimal import Decimal

    return Decimal(str(round(value, 2)))


def _table(pdf: ReportPDF, header: list[str], rows: list[list[str]]) -> None:
    if not rows:
        return
    pdf.set_font("Helvetica", "", 8)
    pdf.set_draw_color(138, 150, 163)
    pdf.set_line_width(0.2)
    widths = [50] + [(pdf.epw - 50) / (len(header) - 1)] * (len(header) - 1)
    with pdf.table(
        col_widths=tuple(widths),
        text_align=("LEFT", *["RIGHT"] * (len(header) - 1)),
        line_height=4.5,
        first_row_as_headings=True,
    ) as table:
        heading = table.row()
        for cell in header:
            heading.cell(_text(cell))
        for values in rows:
            row = table.row()
            for cell in values:
                row.cell(_text(cell))
    pdf.ln(2)
