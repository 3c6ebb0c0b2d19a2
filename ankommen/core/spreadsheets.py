"""Cells of the CSV and XLSX files the platform writes: text stays text.

A spreadsheet reads a cell that begins with =, +, -, @, a tab or a carriage return as a
formula, so a progress report's reason `=HYPERLINK(…)` or a cost centre would run in the
KI's Excel (OWASP "CSV injection"). Every CSV and XLSX writer of the project goes through
this module: CSV cells get a leading apostrophe, XLSX cells are stored as strings with the
quote prefix. Numbers, also signed numbers written as text, stay numbers.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

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


def append_row(sheet, values: Iterable[Any]) -> None:
    """openpyxl's `sheet.append(values)`, with every formula-like string stored as text
    (openpyxl would store `=…` as a formula) and marked with the quote prefix, so that
    editing the cell in Excel does not turn it into one either."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if is_formula_like(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True
