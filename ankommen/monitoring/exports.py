"""Downloads of exactly what a chart shows: CSV (UTF-8 with BOM, “;”, the visitor's
decimal sign, as spreadsheet programs in Germany expect) and XLSX, both opening with the
source, the licence and the Stand."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ankommen.core.http import set_filename
from ankommen.core.models import Area, Region
from ankommen.core.spreadsheets import CsvWriter, append_row
from ankommen.monitoring.models import Indicator, Point, Unit


@dataclass
class SeriesTable:
    indicator: Indicator
    region: Region
    areas: list[Area]
    series: dict[int, list[Point]]
    split_label: str

    def header_lines(self) -> list[tuple[str, str]]:
        indicator = self.indicator
        stands = [p.stand for points in self.series.values() for p in points if p.stand]
        stand = timezone.localtime(max(stands)).strftime("%d.%m.%Y") if stands else ""
        return [
            (_("Indicator"), indicator.label()),
            (_("Split"), self.split_label),
            (_("Unit"), str(Unit(indicator.unit).label)),
            (_("Source"), indicator.source),
            (_("Table"), indicator.table_code),
            (_("Licence"), indicator.licence),
            (_("As of (Stand)"), stand),
        ]

    def columns(self) -> list[str]:
        return [
            pgettext("monitoring", "Official key"),
            _("Area"),
            _("Reference date"),
            _("Period"),
            _("Value"),
            _("Quality mark"),
            _("Demo data"),
        ]

    def rows(self):
        for area in self.areas:
            for point in self.series.get(area.pk, []):
                yield [
                    area.official_key,
                    area.name,
                    point.date,
                    point.period_label,
                    point.value,
                    point.quality,
                    _("yes") if point.is_demo else "",
                ]


def _text(value, decimals: int, decimal_sign: str) -> str:
    if value is None:
        return ""
    if hasattr(value, "quantize"):
        text = f"{round(value, decimals):.{decimals}f}"
        return text.replace(".", decimal_sign)
    if hasattr(value, "strftime"):
        return value.isoformat()
    return str(value)


def csv_response(table: SeriesTable, name: str, *, decimal_sign: str = ",") -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = CsvWriter(buffer, delimiter=";", lineterminator="\r\n")
    for label, value in table.header_lines():
        writer.writerow([label, value])
    writer.writerow([])
    writer.writerow(table.columns())
    decimals = table.indicator.decimals
    for row in table.rows():
        writer.writerow([_text(cell, decimals, decimal_sign) for cell in row])
    response = HttpResponse(
        buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    set_filename(response, f"{name}.csv")
    return response


def xlsx_response(table: SeriesTable, name: str) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = table.indicator.slug[:31]
    for label, value in table.header_lines():
        append_row(sheet, [label, value])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    sheet.append([])
    append_row(sheet, table.columns())
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    number_format = "0" if not table.indicator.decimals else "0." + "0" * table.indicator.decimals
    for row in table.rows():
        append_row(sheet, row)
        sheet.cell(row=sheet.max_row, column=3).number_format = "DD.MM.YYYY"
        sheet.cell(row=sheet.max_row, column=5).number_format = number_format
    for column, width in zip("ABCDEFG", (14, 30, 14, 22, 14, 12, 10), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    set_filename(response, f"{name}.xlsx")
    return response
