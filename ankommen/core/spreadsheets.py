"""The CSV and XLSX files the platform writes, and their cells: text stays text.

A spreadsheet reads a cell that begins with =, +, -, @, a tab or a carriage return as a
formula, so a progress report's reason `=HYPERLINK(…)` or a cost centre would run in the
KI's Excel (OWASP "CSV injection"). Every CSV and XLSX writer of the project goes through
this module: CSV cells get a leading apostrophe, XLSX cells are stored as strings with the
quote prefix. Numbers, also signed numbers written as text, stay numbers.

`excel_csv` is the one CSV format for people: what a spreadsheet program in Germany opens
without its import dialogue (UTF-8 with a byte order mark, ";" between cells, the
decimal sign of the interface language, CRLF line ends) — the monitoring's downloads and
the mediation pools' money exports.

`XlsxBook` is the one XLSX writer (the steering-group report, the monitoring downloads):
sheets of rows with bold heading rows, number formats per column and column widths.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A signed number written as text ("-3,5" in a German export) is no formula and must stay
# a number for the spreadsheet.
_PLAIN_NUMBER = re.compile(r"[-+]?[0-9][0-9.,]*")


def is_formula_like(value: Any) -> bool:
    return (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _PLAIN_NUMBER.fullmatch(value)
    )


def safe_cell(value: Any) -> Any:
    """`value` for a CSV cell: a string a spreadsheet would take for a formula gets a
    leading apostrophe, which the spreadsheet shows as text; anything else unchanged."""
    return "'" + value if is_formula_like(value) else value


class CsvWriter:
    """csv.writer whose rows go through safe_cell()."""

    def __init__(self, stream, **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def spreadsheet_text(value: Any, *, decimal_sign: str = ",", decimals: int | None = None) -> Any:
    """A cell's text for `excel_csv`: a Decimal or float with `decimal_sign` (and
    `decimals` places, if given), a date in ISO form, nothing as an empty cell; anything
    else unchanged."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, (Decimal, float)):
        text = f"{round(value, decimals):.{decimals}f}" if decimals is not None else str(value)
        return text.replace(".", decimal_sign)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def excel_csv(rows: Iterable[Iterable[Any]], *, decimal_sign: str = ",") -> bytes:
    """The rows as a CSV file that German Excel opens as it is: UTF-8 with BOM, ";",
    CRLF, numbers with `decimal_sign`, every cell through safe_cell()."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = CsvWriter(buffer, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([spreadsheet_text(value, decimal_sign=decimal_sign) for value in row])
    return buffer.getvalue().encode("utf-8")


def append_row(sheet, values: Iterable[Any]) -> None:
    """openpyxl's `sheet.append(values)`, with every formula-like string stored as text
    (openpyxl would store `=…` as a formula) and marked with the quote prefix, so that
    editing the cell in Excel does not turn it into one either."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if is_formula_like(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOLD = Font(bold=True)


class XlsxSheet:
    """One worksheet, written row by row through append_row()."""

    def __init__(self, worksheet: Worksheet) -> None:
        self.worksheet = worksheet

    def row(
        self,
        values: Iterable[Any] = (),
        *,
        bold: bool = False,
        size: float | None = None,
        formats: dict[int, str] | None = None,
    ) -> None:
        """A row; `bold` or `size` for every cell of it, `formats` a number format by
        column number (1 is column A)."""
        append_row(self.worksheet, values)
        cells = self.worksheet[self.worksheet.max_row] if values else ()
        if bold or size:
            for cell in cells:
                cell.font = Font(bold=bold, size=size)
        for column, number_format in (formats or {}).items():
            self.worksheet.cell(
                row=self.worksheet.max_row, column=column
            ).number_format = number_format

    def label_row(self, label: str, *values: Any) -> None:
        """A line such as "Source: IT.NRW" at the head of a sheet, the label in bold."""
        self.row([label, *values])
        self.worksheet.cell(row=self.worksheet.max_row, column=1).font = BOLD

    def table(self, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """A heading row in bold, kept in view while scrolling, then the rows."""
        self.row(columns, bold=True)
        if self.worksheet.max_row == 1:
            self.worksheet.freeze_panes = "A2"
        for values in rows:
            self.row(values)

    def widths(self, widths: Sequence[float]) -> None:
        for index, width in enumerate(widths, start=1):
            self.worksheet.column_dimensions[get_column_letter(index)].width = width

    def fit_columns(self, *, least: int = 8, most: int = 60) -> None:
        """Each column as wide as its longest value, between `least` and `most`
        characters; a column with longer values wraps them."""
        for column in self.worksheet.columns:
            width = max(len(str(cell.value or "")) for cell in column)
            self.worksheet.column_dimensions[column[0].column_letter].width = min(
                max(width, least), most
            )
            if width > most:
                for cell in column[1:]:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")


class XlsxBook:
    """An XLSX workbook: `sheet()` adds a worksheet, `to_bytes()` gives the file."""

    def __init__(self) -> None:
        self._book = Workbook()
        self._unused: Worksheet | None = self._book.active

    def sheet(self, title: str) -> XlsxSheet:
        # Excel allows 31 characters in a sheet's name.
        if self._unused is not None:
            worksheet, self._unused = self._unused, None
            worksheet.title = title[:31]
        else:
            worksheet = self._book.create_sheet(title[:31])
        return XlsxSheet(worksheet)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self._book.save(buffer)
        return buffer.getvalue()
