"""Dates, weekdays, times, time ranges, numbers and prices in the reader's language.

One place for every locale format, used the same way by pages (the template filters in
`core/templatetags/locale_formats.py`), PDFs and e-mails: each function takes the value and,
optionally, a language code (default: the active interface language) and answers plain
text. The patterns are CLDR's, through Babel; digits are always Latin (CLDR's default for
Arabic in Germany is Latin too, and Persian readers here know them from every document).

Leichte Sprache (`de-x-ls`) and regional variants use their base language's patterns; a
language Babel does not know uses German.

Right-to-left pages isolate these texts (`isolate()` below, `<bdi>`): a time range or a
phone number keeps its own order inside Arabic or Persian text.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FALLBACK = "de"
# U+0590–U+08FF (Hebrew, Arabic, Syriac, Thaana, NKo …) and the Arabic presentation forms.
_RTL_RANGES = ((0x0590, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF))


@cache
def _locale(code: str) -> Locale:
    for candidate in (code, code.split("-")[0]):
        try:
            return Locale.parse(candidate.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse(FALLBACK)


def locale_for(language: str | None = None) -> Locale:
    """The Babel locale of a language code (default: the active interface language)."""
    code = language or translation.get_language() or FALLBACK
    if code.lower().startswith("de-x-"):
        code = FALLBACK
    return _locale(code)


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def format_date(value: dt.date, style: str = "long", language: str | None = None) -> str:
    """A date: `style` "short" (numeric), "medium", "long" (month named) or "full"
    (with the weekday)."""
    if isinstance(value, dt.datetime):
        value = _local(value).date()
    return babel_dates.format_date(value, style, locale=locale_for(language))


def format_month(value: dt.date, language: str | None = None) -> str:
    """A month and its year ("decembrie 2026", "Dezember 2026")."""
    if isinstance(value, dt.datetime):
        value = _local(value).date()
    return babel_dates.format_skeleton("yMMMM", value, locale=locale_for(language))


def format_weekday(value: dt.date | int, language: str | None = None) -> str:
    """The weekday's name: of a date, or of a number (0 Monday … 6 Sunday)."""
    if isinstance(value, int):
        return locale_for(language).days["format"]["wide"][value]
    return babel_dates.format_date(value, "EEEE", locale=locale_for(language))


def format_time(value: dt.time | dt.datetime, language: str | None = None) -> str:
    if isinstance(value, dt.datetime):
        value = _local(value).time()
    return babel_dates.format_time(value, "short", locale=locale_for(language))


def format_time_range(
    start: dt.time | dt.datetime, end: dt.time | dt.datetime, language: str | None = None
) -> str:
    """From … to …, in the language's own way ("10:00–16:00 Uhr", "10:00 تا 16:00")."""
    if isinstance(start, dt.datetime):
        start = _local(start).time()
    if isinstance(end, dt.datetime):
        end = _local(end).time()
    return babel_dates.format_interval(start, end, "Hm", locale=locale_for(language))


def format_datetime(value: dt.datetime, language: str | None = None) -> str:
    """Weekday, date and time ("Fr., 11. Dezember 2026, 16:00")."""
    locale = locale_for(language)
    local = _local(value)
    pattern = babel_dates.get_datetime_format("medium", locale=locale)
    return pattern.replace("{1}", format_date(local.date(), "full", language)).replace(
        "{0}", format_time(local.time(), language)
    )


def format_number(value: int | float | Decimal, language: str | None = None) -> str:
    return babel_numbers.format_decimal(value, locale=locale_for(language))


def format_fixed(value: int | float | Decimal, decimals: int, language: str | None = None) -> str:
    """A number with exactly `decimals` decimal places, grouped ("189.227", "15,20"): for
    figures whose trailing zeros mean something. Round before (Babel rounds half to even)."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return babel_numbers.format_decimal(value, format=pattern, locale=locale_for(language))


def format_percent(value: int | float | Decimal, language: str | None = None) -> str:
    """A share (0.25 → "25 %")."""
    return babel_numbers.format_percent(value, locale=locale_for(language))


def format_price(
    value: int | float | Decimal, currency: str = "EUR", language: str | None = None
) -> str:
    return babel_numbers.format_currency(value, currency, locale=locale_for(language))


def has_rtl(text: str) -> bool:
    """Whether `text` has a right-to-left letter (Arabic, Persian, Hebrew …)."""
    return any(low <= ord(ch) <= high for ch in text for low, high in _RTL_RANGES)


def isolate(text: str, *, ltr: bool = False) -> SafeString:
    """`text` escaped and isolated from the text around it (`<bdi>`): numbers, times,
    dates, names keep their own order on a right-to-left page. `ltr=True` for what is
    always left to right (phone numbers, e-mail and web addresses, postal codes); otherwise
    the direction follows the text's first strong letter."""
    direction = ' dir="ltr"' if ltr else ""
    # safe: the text is escaped here; the element and its attribute are ours.
    return mark_safe(f"<bdi{direction}>{escape(text)}</bdi>")  # safe: escaped above  # noqa: S308


def isolate_in(text: str, language: str) -> SafeString:
    """`text` in another language than the page's (a German fallback): isolated and
    marked with its language and direction."""
    direction = "rtl" if has_rtl(text) else "ltr"
    lang = language.split("-")[0] if language.lower().startswith("de-x-") else language
    markup = f'<bdi lang="{escape(lang)}" dir="{direction}">{escape(text)}</bdi>'
    return mark_safe(markup)  # safe: language and text escaped above  # noqa: S308
