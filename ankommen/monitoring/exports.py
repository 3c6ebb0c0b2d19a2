"""Downloads of exactly what a chart shows: CSV (UTF-8 with BOM, “;”, the visitor's
decimal sign, as spreadsheet programs in Germany expect) and XLSX, both opening with the
source, the licence and the Stand."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ankommen.core.http import set_filename
from ankommen.core.models import Area, Region
from ankommen.core.spreadsheets import (
    XLSX_CONTENT_TYPE,
    XlsxBook,
    excel_csv,
    spreadsheet_text,
)
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


def csv_response(table: SeriesTable, name: str, *, decimal_sign: str = ",") -> HttpResponse:
    decimals = table.indicator.decimals

    def rows():
        yield from table.header_lines()
        yield []
        yield table.columns()
        for row in table.rows():
            yield [
                spreadsheet_text(cell, decimal_sign=decimal_sign, decimals=decimals) for cell in row
            ]

    response = HttpResponse(
        excel_csv(rows(), decimal_sign=decimal_sign), content_type="text/csv; charset=utf-8"
    )
    set_filename(response, f"{name}.csv")
    return response


def xlsx_response(table: SeriesTable, name: str) -> HttpResponse:
    book = XlsxBook()
    sheet = book.sheet(table.indicator.slug)
    for label, value in table.header_lines():
        sheet.label_row(label, value)
    sheet.row([])
    sheet.row(table.columns(), bold=True)
    decimals = table.indicator.decimals
    formats = {3: "DD.MM.YYYY", 5: "0." + "0" * decimals if decimals else "0"}
    for row in table.rows():
        sheet.row(row, formats=formats)
    sheet.widths((14, 30, 14, 22, 14, 12, 10))
    response = HttpResponse(book.to_bytes(), content_type=XLSX_CONTENT_TYPE)
    set_filename(response, f"{name}.xlsx")
    return response
