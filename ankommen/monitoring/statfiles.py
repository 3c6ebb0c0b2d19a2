"""Readers for the files the statistical offices' GENESIS databases deliver.

Pure functions, no database: each turns a file into long records (one value each) and
stops at the first problem with the line it is on. Three layouts are understood:

- the flat file CSV ("ffcsv") with English column names (since about 2024):
  `statistics_code;…;time;1_variable_code;…;value;value_unit;value_variable_code;…`;
- the older ffcsv with German column names (`Zeit;…;1_Merkmal_Code;…`) and one column per
  value variable, named `CODE__Label__Unit`;
- the classic "GENESIS-Tabelle" CSV that people download from the web pages: a title
  block, column headings over several lines, indented row labels and a footer with the
  licence and the "Stand".

Files come as UTF-8 (with or without BOM) or latin-1/Windows-1252, plain or zipped.
"""

from __future__ import annotations

import csv
import datetime
import io
import operator
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from ankommen.core.inputs import InputRefused, check_text, csv_rows, unzip_single

# Value-replacing quality marks ("wertersetzende Qualitätskennzeichen").
QUALITY_MARKS = frozenset({"-", ".", "x", "/", "..."})
# Marks that qualify a number without replacing it.
STATUS_FLAGS = frozenset({"p", "r", "s", "e"})
# The GENESIS variables that hold the region of a value.
REGIONAL_VARIABLES = frozenset(
    {"DINSG", "DLAND", "REGBEZ", "KREISE", "GEMEIN", "GEMVB", "GVBAND", "DGEBIET"}
)
FOOTER_START = "__________"
TOTAL_LABELS = frozenset({"insgesamt", "total", "zusammen"})

_AREA_KEY = re.compile(r"^(?:[0-9]{2,12}|DG)$")
_INTERVAL = re.compile(r"^(\d{4})-(\d{2})P(\d{1,2})M$")
_GERMAN_DATE = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")
_YEAR = re.compile(r"^\d{4}$")
_UNIT_LINE = re.compile(r"^(?P<label>.+?)\s*\((?P<unit>[^()]+)\)$")
_STAND = re.compile(r"Stand:\s*(\d{2}\.\d{2}\.\d{4})(?:\s*/\s*(\d{2}:\d{2}(?::\d{2})?))?")
_TABLE = re.compile(r"^GENESIS-Tabelle:\s*(\S+)")


class StatisticsFileError(Exception):
    """A file that cannot be read; `line` is 1-based, or None for the file as a whole."""

    def __init__(self, line: int | None, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(
            _("line %(line)s: %(message)s") % {"line": line, "message": message}
            if line
            else message
        )


class UnsupportedTimeFormat(StatisticsFileError):
    pass


@dataclass(slots=True)
class Record:
    """One value of a file. `dimensions` maps a dimension to a category, both as codes
    (ffcsv) or, for classic tables, as labels that the importer resolves; a dimension's
    total is left out. `dimension_labels_only` tells which of the two."""

    line: int
    area_key: str
    area_label: str
    date: datetime.date
    period_months: int
    dimensions: tuple[tuple[str | None, str], ...]
    value: Decimal | None
    quality: str
    status_flag: str
    unit: str
    variable_code: str
    variable_label: str


@dataclass
class ParsedFile:
    format: str
    table_code: str = ""
    statistics_code: str = ""
    title: str = ""
    stand: datetime.datetime | None = None
    records: list[Record] = field(default_factory=list)
    # Labels by code, as the file gives them: {dimension code: label} and
    # {(dimension code, category code): label}.
    dimension_labels: dict[str, str] = field(default_factory=dict)
    member_labels: dict[tuple[str, str], str] = field(default_factory=dict)
    dimensions_by_label: bool = False

    def stand_aware(self) -> datetime.datetime | None:
        """The Stand as an aware datetime (the offices give local German time)."""
        if self.stand is None or timezone.is_aware(self.stand):
            return self.stand
        return timezone.make_aware(self.stand)


# --- Shared pieces --------------------------------------------------------------------


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is dropped), else Windows-1252, the superset of latin-1 that the
    statistical offices' older downloads use."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # Five byte values are undefined in Windows-1252; latin-1 maps every byte.
        return data.decode("latin-1")


def unzip(data: bytes) -> tuple[str, bytes]:
    """The single CSV inside a zip as the web service sends it: (member name, bytes), read
    with the size and ratio limits of core.inputs (a zip bomb stops there)."""
    try:
        return unzip_single(data)
    except InputRefused as error:
        raise StatisticsFileError(None, error.message) from None


def parse_number(text: str, line: int) -> Decimal:
    """A decimal comma (German) or point (English); no thousands separators."""
    cleaned = text.strip().replace(" ", "")
    if "," in cleaned:
        if "." in cleaned:
            raise StatisticsFileError(
                line,
                _("“%(value)s” mixes a decimal comma and a point.") % {"value": text},
            )
        cleaned = cleaned.replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise StatisticsFileError(
            line,
            _("“%(value)s” is neither a number nor a quality mark (-, ., x, /, ...).")
            % {"value": text},
        )
    return number


def parse_value(text: str, line: int) -> tuple[Decimal | None, str, str]:
    """(number, quality mark, status flag): a mark such as "-" gives no number, never 0."""
    text = text.strip()
    if text in QUALITY_MARKS:
        return None, text, ""
    if text == "":
        raise StatisticsFileError(line, _("The value is empty."))
    flag = ""
    if text[-1] in STATUS_FLAGS and len(text) > 1:
        text, flag = text[:-1].strip(), text[-1]
    return parse_number(text, line), "", flag


def parse_time(code: str, text: str, line: int) -> tuple[datetime.date, int]:
    """(reference date, period in months). A Stichtag is a date and 0 months; a year is its
    31 December and 12 months; an ISO interval such as 2023-10P6M ends on its last day."""
    text = text.strip()
    try:
        if _YEAR.match(text) and code.upper() in ("JAHR", ""):
            return datetime.date(int(text), 12, 31), 12
        interval = _INTERVAL.match(text)
        if interval:
            year, month, months = (int(part) for part in interval.groups())
            if not 1 <= month <= 12 or not 1 <= months <= 12:
                raise ValueError(text)
            last = year * 12 + month - 1 + months  # first month after the period
            next_start = datetime.date(last // 12, last % 12 + 1, 1)
            return next_start - datetime.timedelta(days=1), months
        german = _GERMAN_DATE.match(text)
        if german:
            day, month, year = (int(part) for part in german.groups())
            return datetime.date(year, month, day), 0
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            return datetime.date.fromisoformat(text), 0
    except ValueError:
        pass
    raise UnsupportedTimeFormat(
        line,
        _("The time “%(time)s” (%(code)s) is not a date, a year or a period I know.")
        % {"time": text, "code": code or "?"},
    )


def _check_area_key(key: str, line: int) -> str:
    if not _AREA_KEY.match(key):
        raise StatisticsFileError(
            line, _("“%(key)s” is not an official area key (AGS).") % {"key": key}
        )
    return key


# --- Sniffing -------------------------------------------------------------------------


def parse_statistics_file(data: bytes, name: str = "") -> ParsedFile:
    """Reads any of the three layouts, plain or zipped."""
    if data[:4] == b"PK\x03\x04":
        _member, data = unzip(data)
    text = decode(data)
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip()
    head = first.split(";", 1)[0].strip().strip('"')
    parser = {
        "statistics_code": parse_ffcsv,
        "Statistik_Code": parse_ffcsv_old,
        "Zeit": parse_ffcsv_old,
        "Zeit_Code": parse_ffcsv_old,
    }.get(head, parse_classic if head.startswith("GENESIS-Tabelle") else None)
    if parser is not None:
        # NUL characters and csv's own errors (a field over its limit, a quote never
        # closed) are refusals naming the line, not tracebacks.
        try:
            check_text(text)
            return parser(text)
        except InputRefused as refused:
            raise StatisticsFileError(refused.line, refused.message) from None
    raise StatisticsFileError(
        1,
        _(
            "This is not a GENESIS file I know: expected a flat file CSV (first column "
            "statistics_code or Zeit) or a classic table (first line “GENESIS-Tabelle: …”)."
        ),
    )


# --- Flat file CSV, English header ------------------------------------------------------


def parse_ffcsv(text: str) -> ParsedFile:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    rows = csv_rows(reader)
    header = next(rows, None)
    if header is None:
        raise StatisticsFileError(None, _("The file is empty."))
    columns = {name: index for index, name in enumerate(header)}
    required = ("statistics_code", "time_code", "time", "value", "value_unit")
    missing = [name for name in required if name not in columns]
    if missing:
        raise StatisticsFileError(
            1, _("Columns are missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    numbers = sorted(
        int(name.split("_", 1)[0]) for name in header if re.match(r"^\d+_variable_code$", name)
    )
    dims = [
        (
            columns[f"{n}_variable_code"],
            columns.get(f"{n}_variable_label"),
            columns[f"{n}_variable_attribute_code"],
            columns.get(f"{n}_variable_attribute_label"),
        )
        for n in numbers
    ]
    parsed = ParsedFile(format="ffcsv")
    time_code, time_col, value_col = columns["time_code"], columns["time"], columns["value"]
    unit_col = columns["value_unit"]
    variable_col = columns.get("value_variable_code")
    variable_label_col = columns.get("value_variable_label")
    quality_col = columns.get("value_q")
    width = len(header)
    times: dict[tuple[str, str], tuple[datetime.date, int]] = {}
    checked_keys: set[str] = set()
    # A file has a few dozen distinct splits but a million rows: each split tuple is built
    # once and shared by its records, keyed by the row's category codes.
    splits: dict[tuple[str, ...], tuple[tuple[str, str], ...]] = {}
    records = parsed.records
    append = records.append
    # Each column normally holds one variable throughout the file; rows are checked against
    # the first row's layout and read by the general path only where they differ. The
    # area column may name any regional variable (KREISE for the district, GEMEIN for its
    # towns), so it is checked against that set rather than the first row's code.
    layout: tuple | None = None
    for row in rows:
        if len(row) != width:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            raise StatisticsFileError(
                reader.line_num,
                _("Expected %(expected)s fields separated by “;”, found %(found)s.")
                % {"expected": width, "found": len(row)},
            )
        line = reader.line_num
        if layout is None:
            layout = _ffcsv_layout(row, dims, parsed, line)
            parsed.statistics_code = row[columns["statistics_code"]]
            if "statistics_label" in columns:
                parsed.title = row[columns["statistics_label"]]
            signature, area_code_col, area_col, area_label_col, split_cols = layout
            split_codes = tuple(code for code, _col in split_cols)
            split_members = _row_getter([col for _code, col in split_cols])
            layout_codes = _row_getter([col for col, _code in signature])
            expected_codes = tuple(code for _col, code in signature)
        if row[area_code_col] not in REGIONAL_VARIABLES or layout_codes(row) != expected_codes:
            area_key, area_label, split = _ffcsv_row_dimensions(row, dims, parsed, line)
        else:
            area_key = row[area_col]
            area_label = row[area_label_col] if area_label_col is not None else ""
            members = split_members(row)
            split = splits.get(members)
            if split is None:
                split = splits[members] = tuple(
                    (code, member)
                    for code, member in zip(split_codes, members, strict=True)
                    if member
                )
                for pair in split:
                    if pair not in parsed.member_labels:
                        _remember_member(parsed, row, dims, pair)
        if area_key not in checked_keys:
            checked_keys.add(_check_area_key(area_key, line))
        when = times.get((row[time_code], row[time_col]))
        if when is None:
            when = times[(row[time_code], row[time_col])] = parse_time(
                row[time_code], row[time_col], line
            )
        text = row[value_col]
        quality = flag = ""
        if text in QUALITY_MARKS:
            value, quality = None, text
        else:
            try:
                value = Decimal(text.replace(",", ".") if "," in text else text)
                if not value.is_finite():
                    raise InvalidOperation
            except InvalidOperation:
                value, quality, flag = parse_value(text, line)
        if quality_col is not None:
            mark = row[quality_col].strip()
            if mark in QUALITY_MARKS and value is None:
                quality = mark
            elif mark in STATUS_FLAGS:
                flag = mark
        append(
            Record(
                line,
                area_key,
                area_label,
                when[0],
                when[1],
                split,
                value,
                quality,
                flag,
                row[unit_col],
                row[variable_col] if variable_col is not None else "",
                row[variable_label_col] if variable_label_col is not None else "",
            )
        )
    if not records:
        raise StatisticsFileError(None, _("The file holds no values."))
    return parsed


def _ffcsv_layout(row, dims, parsed: ParsedFile, line: int) -> tuple:
    """From the first row: which column holds the area, which the splits (sorted by
    dimension code, as dimension keys are)."""
    signature = tuple(
        (code_col, row[code_col])
        for code_col, *_rest in dims
        if row[code_col] not in REGIONAL_VARIABLES
    )
    area_code_col = area_col = area_label_col = None
    split_cols = []
    for code_col, label_col, member_col, member_label_col in dims:
        code = row[code_col]
        if code in REGIONAL_VARIABLES:
            area_code_col, area_col, area_label_col = code_col, member_col, member_label_col
        else:
            if label_col is not None:
                parsed.dimension_labels.setdefault(code, row[label_col])
            split_cols.append((code, member_col))
    if area_col is None:
        raise StatisticsFileError(
            line,
            _("No area in this row: none of its variables is a regional one (%(known)s).")
            % {"known": ", ".join(sorted(REGIONAL_VARIABLES))},
        )
    split_cols.sort()
    return signature, area_code_col, area_col, area_label_col, tuple(split_cols)


def _row_getter(columns: list[int]):
    """A function giving the row's fields at `columns` as a tuple (also for one or none)."""
    if not columns:
        return lambda row: ()
    if len(columns) == 1:
        index = columns[0]
        return lambda row: (row[index],)
    return operator.itemgetter(*columns)


def _ffcsv_row_dimensions(row, dims, parsed: ParsedFile, line: int):
    area_key = area_label = ""
    split: list[tuple[str, str]] = []
    for code_col, label_col, member_col, member_label_col in dims:
        code, member = row[code_col], row[member_col]
        if code in REGIONAL_VARIABLES:
            area_key = member
            area_label = row[member_label_col] if member_label_col is not None else ""
            continue
        if label_col is not None:
            parsed.dimension_labels.setdefault(code, row[label_col])
        if member:
            split.append((code, member))
            if (code, member) not in parsed.member_labels:
                _remember_member(parsed, row, dims, (code, member))
    if not area_key:
        raise StatisticsFileError(
            line,
            _("No area in this row: none of its variables is a regional one (%(known)s).")
            % {"known": ", ".join(sorted(REGIONAL_VARIABLES))},
        )
    split.sort()
    return area_key, area_label, tuple(split)


def _remember_member(parsed: ParsedFile, row, dims, pair: tuple[str, str]) -> None:
    for code_col, _label_col, member_col, member_label_col in dims:
        if row[code_col] == pair[0] and row[member_col] == pair[1]:
            label = row[member_label_col] if member_label_col is not None else ""
            parsed.member_labels[pair] = label
            return


# --- Flat file CSV, older German header ------------------------------------------------


def parse_ffcsv_old(text: str) -> ParsedFile:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    rows = csv_rows(reader)
    header = next(rows, None)
    if header is None:
        raise StatisticsFileError(None, _("The file is empty."))
    columns = {name: index for index, name in enumerate(header)}
    if "Zeit" not in columns:
        raise StatisticsFileError(1, _("Columns are missing: %(columns)s.") % {"columns": "Zeit"})
    numbers = sorted(
        int(name.split("_", 1)[0]) for name in header if re.match(r"^\d+_Merkmal_Code$", name)
    )
    dims = [
        (
            columns[f"{n}_Merkmal_Code"],
            columns.get(f"{n}_Merkmal_Label"),
            columns[f"{n}_Auspraegung_Code"],
            columns.get(f"{n}_Auspraegung_Label"),
        )
        for n in numbers
    ]
    value_columns = []
    quality_columns = {}
    for index, name in enumerate(header):
        parts = name.split("__")
        if len(parts) != 3:
            continue
        if parts[2] == "q":
            quality_columns[parts[0]] = index
        else:
            value_columns.append((index, parts[0], parts[1].replace("_", " "), parts[2]))
    if not value_columns:
        raise StatisticsFileError(
            1, _("No value column named like CODE__Label__Unit in the header.")
        )
    parsed = ParsedFile(format="ffcsv_old")
    time_code_col = columns.get("Zeit_Code")
    width = len(header)
    for row in rows:
        line = reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) != width:
            raise StatisticsFileError(
                line,
                _("Expected %(expected)s fields separated by “;”, found %(found)s.")
                % {"expected": width, "found": len(row)},
            )
        time_code = row[time_code_col] if time_code_col is not None else ""
        if not time_code:
            time_code = "JAHR" if _YEAR.match(row[columns["Zeit"]].strip()) else "STAG"
        date, months = parse_time(time_code, row[columns["Zeit"]], line)
        area_key = area_label = ""
        split = []
        for code_col, label_col, member_col, member_label_col in dims:
            code, member = row[code_col], row[member_col]
            if code in REGIONAL_VARIABLES:
                area_key = _check_area_key(member, line)
                area_label = row[member_label_col] if member_label_col is not None else ""
                continue
            if label_col is not None:
                parsed.dimension_labels.setdefault(code, row[label_col])
            if member:
                if member_label_col is not None:
                    parsed.member_labels.setdefault((code, member), row[member_label_col])
                split.append((code, member))
        if not area_key:
            raise StatisticsFileError(
                line,
                _("No area in this row: none of its variables is a regional one (%(known)s).")
                % {"known": ", ".join(sorted(REGIONAL_VARIABLES))},
            )
        split.sort()
        for index, code, label, unit in value_columns:
            value, quality, flag = parse_value(row[index], line)
            if code in quality_columns:
                mark = row[quality_columns[code]].strip()
                if mark in STATUS_FLAGS:
                    flag = mark
            parsed.records.append(
                Record(
                    line,
                    area_key,
                    area_label,
                    date,
                    months,
                    tuple(split),
                    value,
                    quality,
                    flag,
                    unit,
                    code,
                    label,
                )
            )
        if not parsed.statistics_code and "Statistik_Code" in columns:
            parsed.statistics_code = row[columns["Statistik_Code"]]
    if not parsed.records:
        raise StatisticsFileError(None, _("The file holds no values."))
    return parsed


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
            if _GERMAN_DATE.match(single) or _YEAR.match(single):
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
        area_key = _check_area_key(cells[layout["key"]].strip(), line)
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
        if _AREA_KEY.match(first) and second:
            return index
        if (_GERMAN_DATE.match(first) or _YEAR.match(first)) and _AREA_KEY.match(second):
            return index
    return None


def _label_layout(cells: list[str], line: int) -> dict:
    """Which of the leading columns hold the date, the area key, the area's name and
    further row labels (such as age groups)."""
    layout: dict = {"time": None, "key": None, "name": None, "extra": []}
    position = 0
    first = cells[0].strip() if cells else ""
    starts_with_date = bool(_GERMAN_DATE.match(first) or _YEAR.match(first))
    if starts_with_date and len(cells) > 1 and _AREA_KEY.match(cells[1].strip()):
        layout["time"] = 0
        position = 1
    if position >= len(cells) or not _AREA_KEY.match(cells[position].strip()):
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
