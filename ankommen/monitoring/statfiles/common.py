"""What the three readers share: the records they return, their errors, and numbers, quality
marks, periods and area keys as GENESIS writes them."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from ankommen.core.inputs import InputRefused, unzip_single

# Value-replacing quality marks ("wertersetzende Qualitätskennzeichen").
QUALITY_MARKS = frozenset({"-", ".", "x", "/", "..."})
# Marks that qualify a number without replacing it.
STATUS_FLAGS = frozenset({"p", "r", "s", "e"})

AREA_KEY = re.compile(r"^(?:[0-9]{2,12}|DG)$")
_INTERVAL = re.compile(r"^(\d{4})-(\d{2})P(\d{1,2})M$")
GERMAN_DATE = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")
YEAR = re.compile(r"^\d{4}$")


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
        if YEAR.match(text) and code.upper() in ("JAHR", ""):
            return datetime.date(int(text), 12, 31), 12
        interval = _INTERVAL.match(text)
        if interval:
            year, month, months = (int(part) for part in interval.groups())
            if not 1 <= month <= 12 or not 1 <= months <= 12:
                raise ValueError(text)
            last = year * 12 + month - 1 + months  # first month after the period
            next_start = datetime.date(last // 12, last % 12 + 1, 1)
            return next_start - datetime.timedelta(days=1), months
        german = GERMAN_DATE.match(text)
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


def check_area_key(key: str, line: int) -> str:
    if not AREA_KEY.match(key):
        raise StatisticsFileError(
            line, _("“%(key)s” is not an official area key (AGS).") % {"key": key}
        )
    return key
