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

from django.utils.translation import gettext as _

from ankommen.core.inputs import InputRefused, check_text
from ankommen.monitoring.statfiles.classic import parse_classic
from ankommen.monitoring.statfiles.common import (
    QUALITY_MARKS,
    STATUS_FLAGS,
    ParsedFile,
    Record,
    StatisticsFileError,
    UnsupportedTimeFormat,
    decode,
    parse_number,
    parse_time,
    parse_value,
    unzip,
)
from ankommen.monitoring.statfiles.ffcsv import parse_ffcsv, parse_ffcsv_old

__all__ = [
    "QUALITY_MARKS",
    "STATUS_FLAGS",
    "ParsedFile",
    "Record",
    "StatisticsFileError",
    "UnsupportedTimeFormat",
    "decode",
    "parse_classic",
    "parse_ffcsv",
    "parse_ffcsv_old",
    "parse_number",
    "parse_statistics_file",
    "parse_time",
    "parse_value",
    "unzip",
]


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
