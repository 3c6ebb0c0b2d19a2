"""The classic "GENESIS-Tabelle" CSV that people download from the web pages."""

from __future__ import annotations

import csv
import datetime
import re

from django.utils.translation import gettext as _

from ankommen.core.inputs import csv_rows
from ankommen.monitoring.statfiles.common import (
    AREA_KEY,
    GERMAN_DATE,
    YEAR,
    ParsedFile,
    Record,
    StatisticsFileError,
    check_area_key,
    parse_time,
    parse_value,
)

FOOTER_START = "__________"
TOTAL_LABELS = frozenset({"insgesamt", "total", "zusammen"})
_UNIT_LINE = re.compile(r"^(?P<label>.+?)\s*\((?P<unit>[^()]+)\)$")
_STAND = re.compile(r"Stand:\s*(\d{2}\.\d{2}\.\d{4})(?:\s*/\s*(\d{2}:\d{2}(?::\d{2})?))?")
_TABLE = re.compile(r"^GENESIS-Tabelle:\s*(\S+)")


# --- Classic "GENESIS-Tabelle" CSV -----------------------------------------------------


def _cells(line: str) -> list[str]:
    return next(csv_rows(csv.reader([line], delimiter=";")), [])


def parse_classic(text: str) -> ParsedFile:
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    match = _TABLE.match(lines[0].strip())
    if not match:
        raise StatisticsFileError(1, _("The first line must be “GENESIS-Tabelle: <code>”."))
    parsed = ParsedFile(format="classic", table_code=match.group(1), dimensions_by_label=True)
    parsed.statistics_code = parsed.table_code[:5]
    footer = next((i for i, line in enumerate(lines) if line.startswith(FOOTER_START)), len(lines))
    for line in lines[footer:]:
        stand = _STAND.search(line)
        if stand:
            day = datetime.datetime.strptime(stand.group(1), "%d.%m.%Y")
            if stand.group(2):
                clock = stand.group(2) if stand.group(2).count(":") == 2 else stand.group(2) + ":00"
                day = datetime.datetime.strptime(f"{stand.group(1)} {clock}", "%d.%m.%Y %H:%M:%S")
            parsed.stand = day
    first_data = _first_data_line(lines, footer)
    if first_data is None:
        raise StatisticsFileError(None, _("The table holds no rows of values."))
    title_lines: list[str] = []
    variable_label = unit = ""
    table_time: tuple[datetime.date, int] | None = None
    headers: list[tuple[int, list[str]]] = []
    for index in range(1, first_data):
        cells = _cells(lines[index])
        filled = [c for c in cells if c.strip()]
        if not filled:
            continue
        if cells and cells[0].strip() and len(filled) == 1:
            single = cells[0].strip()
            if GERMAN_DATE.match(single) or YEAR.match(single):
                table_time = parse_time("STAG" if "." in single else "JAHR", single, index + 1)
                continue
            unit_match = _UNIT_LINE.match(single)
            if unit_match and _known_unit(unit_match.group("unit")):
                variable_label, unit = unit_match.group("label"), unit_match.group("unit")
                continue
            title_lines.append(single)
            continue
        headers.append((index + 1, cells))
    if not unit:
        raise StatisticsFileError(
            None,
            _(
                "The title block names no value variable with its unit, such as "
                "“Bevölkerung (Anzahl)”."
            ),
        )
    parsed.title = " ".join(title_lines)
    label_columns = min((_leading_empty(cells) for _n, cells in headers), default=2)
    first_cells = _cells(lines[first_data])
    width = len(first_cells)
    layout = _label_layout(first_cells[:label_columns], first_data + 1)
    columns = _column_splits(headers, label_columns, width)
    label_dimension = {
        position: next(
            (cells[position].strip() for _n, cells in headers if cells[position].strip()), None
        )
        for position in layout["extra"]
    }
    for index in range(first_data, footer):
        raw = lines[index]
        if not raw.strip():
            continue
        line = index + 1
        cells = _cells(raw)
        if len(cells) != width:
            raise StatisticsFileError(
                line,
                _("Expected %(expected)s fields separated by “;”, found %(found)s.")
                % {"expected": width, "found": len(cells)},
            )
        if layout["time"] is not None:
            text = cells[layout["time"]].strip()
            date, months = parse_time("STAG" if "." in text else "JAHR", text, line)
        elif table_time is not None:
            date, months = table_time
        else:
            raise StatisticsFileError(line, _("The table gives no reference date."))
        area_key = check_area_key(cells[layout["key"]].strip(), line)
        area_label = cells[layout["name"]].strip() if layout["name"] is not None else ""
        row_split = [
            (label_dimension[position], cells[position].strip())
            for position in layout["extra"]
            if cells[position].strip().lower() not in TOTAL_LABELS
        ]
        for position in range(label_columns, width):
            value, quality, flag = parse_value(cells[position], line)
            split = tuple(row_split + columns[position - label_columns])
            parsed.records.append(
                Record(
                    line,
                    area_key,
                    area_label,
                    date,
                    months,
                    split,
                    value,
                    quality,
                    flag,
                    unit,
                    "",
                    variable_label,
                )
            )
    return parsed


def _known_unit(text: str) -> bool:
    from ankommen.monitoring.models import Unit

    return Unit.from_source(text) is not None or text.strip().lower() in ("euro", "tsd.", "1000")


def _leading_empty(cells: list[str]) -> int:
    count = 0
    for cell in cells:
        if cell.strip():
            break
        count += 1
    return count


def _first_data_line(lines: list[str], footer: int) -> int | None:
    """The first row that starts with an area key or a date followed by one."""
    for index in range(1, footer):
        cells = _cells(lines[index])
        if len(cells) < 2:
            continue
        first, second = cells[0].strip(), cells[1].strip()
        if AREA_KEY.match(first) and second:
            return index
        if (GERMAN_DATE.match(first) or YEAR.match(first)) and AREA_KEY.match(second):
            return index
    return None


def _label_layout(cells: list[str], line: int) -> dict:
    """Which of the leading columns hold the date, the area key, the area's name and
    further row labels (such as age groups)."""
    layout: dict = {"time": None, "key": None, "name": None, "extra": []}
    position = 0
    first = cells[0].strip() if cells else ""
    starts_with_date = bool(GERMAN_DATE.match(first) or YEAR.match(first))
    if starts_with_date and len(cells) > 1 and AREA_KEY.match(cells[1].strip()):
        layout["time"] = 0
        position = 1
    if position >= len(cells) or not AREA_KEY.match(cells[position].strip()):
        raise StatisticsFileError(line, _("The row does not start with an official area key."))
    layout["key"] = position
    if position + 1 < len(cells):
        layout["name"] = position + 1
    layout["extra"] = list(range(position + 2, len(cells)))
    return layout


def _column_splits(
    headers: list[tuple[int, list[str]]], label_columns: int, width: int
) -> list[list[tuple[str | None, str]]]:
    """Combines the heading lines above each value column into its split. A line that
    repeats one label over all columns names a dimension ("Nationalität"); the line below
    it gives each column's category ("Insgesamt", "Ausländer(innen)"). Category lines
    without a naming line leave the dimension for the importer to recognise."""
    splits: list[list[tuple[str | None, str]]] = [[] for _ in range(width - label_columns)]
    current: str | None = None
    for _line, cells in headers:
        values = [(cells[i].strip() if i < len(cells) else "") for i in range(label_columns, width)]
        distinct = {v for v in values if v}
        if (
            len(distinct) == 1
            and len(values) > 1
            and next(iter(distinct)).lower() not in (TOTAL_LABELS)
        ):
            current = next(iter(distinct))
            continue
        for position, label in enumerate(values):
            if label and label.lower() not in TOTAL_LABELS:
                splits[position].append((current, label))
        current = None
    return splits
