"""The flat file CSV ("ffcsv"), with English column names and in the older layout with German
ones."""

from __future__ import annotations

import csv
import datetime
import io
import operator
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ankommen.core.inputs import csv_rows
from ankommen.monitoring.statfiles.common import (
    QUALITY_MARKS,
    STATUS_FLAGS,
    YEAR,
    ParsedFile,
    Record,
    StatisticsFileError,
    check_area_key,
    parse_time,
    parse_value,
)

# The GENESIS variables that hold the region of a value.
REGIONAL_VARIABLES = frozenset(
    {"DINSG", "DLAND", "REGBEZ", "KREISE", "GEMEIN", "GEMVB", "GVBAND", "DGEBIET"}
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
            checked_keys.add(check_area_key(area_key, line))
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
            time_code = "JAHR" if YEAR.match(row[columns["Zeit"]].strip()) else "STAG"
        date, months = parse_time(time_code, row[columns["Zeit"]], line)
        area_key = area_label = ""
        split = []
        for code_col, label_col, member_col, member_label_col in dims:
            code, member = row[code_col], row[member_col]
            if code in REGIONAL_VARIABLES:
                area_key = check_area_key(member, line)
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
