"""Locale formats and bidirectional isolation for templates (see core/formats.py).

    {% load locale_formats %}
    {{ event.starts|l10n_datetime }}   {{ offer.last_confirmed|l10n_date }}
    {{ h.opens|l10n_range:h.closes }}  {{ h.weekday|l10n_weekday }}
    {{ offer.phone|ltr }}              {{ place.address|isolate }}

The formatting filters answer isolated text (`<bdi>`), ready for right-to-left pages;
`ltr` and `isolate` isolate any other text.
"""

from __future__ import annotations

from django import template
from django.utils import translation
from django.utils.safestring import SafeData, mark_safe

from ankommen.core import formats

register = template.Library()


def _isolated(text: str, *, ltr: bool = False):
    return formats.isolate(text, ltr=ltr) if text else ""


@register.filter
def l10n_date(value, style: str = "long"):
    return _isolated(formats.format_date(value, style)) if value else ""


@register.filter
def l10n_month(value):
    """A month and its year: "decembrie 2026"."""
    return _isolated(formats.format_month(value)) if value else ""


@register.filter
def mirrored_arrows(value):
    """ "← earlier" and "later →" point the way the page reads: in a right-to-left page
    the earlier month lies to the right, so the arrows swap (Unicode does not mirror
    arrows by itself)."""
    if not value or not translation.get_language_bidi():
        return value
    swapped = str(value).translate(str.maketrans({"←": "→", "→": "←"}))
    if not isinstance(value, SafeData):
        return swapped
    return mark_safe(swapped)  # noqa: S308  # safe: arrows swapped in markup already safe


@register.filter
def l10n_weekday(value):
    return formats.format_weekday(value) if value is not None and value != "" else ""


@register.filter
def l10n_time(value):
    return _isolated(formats.format_time(value)) if value else ""


@register.filter
def l10n_datetime(value):
    return _isolated(formats.format_datetime(value)) if value else ""


@register.filter
def l10n_range(start, end):
    """Opening hours or an event's times: "10:00–16:00"."""
    if not start or not end:
        return ""
    return _isolated(formats.format_time_range(start, end))


@register.filter
def l10n_number(value):
    return _isolated(formats.format_number(value)) if value is not None and value != "" else ""


@register.filter
def l10n_price(value, currency: str = "EUR"):
    return _isolated(formats.format_price(value, currency)) if value is not None else ""


@register.filter
def ltr(value):
    """Always left to right: a phone number, an e-mail or web address, a postal code."""
    return _isolated(str(value), ltr=True) if value not in (None, "") else ""


@register.filter
def isolate(value):
    """Isolated, direction from its own first letter: an address, a German name,
    text a user entered."""
    return _isolated(str(value)) if value not in (None, "") else ""


@register.simple_tag
def text_in(record, field: str, language=None):
    """A short translated text of a record (`TRANSLATED_FIELDS`, core/translation.py) in the
    page's language; where it falls back to another language (German), isolated and marked
    with that language and its direction, so screen readers read it in the right voice and
    it keeps its order in a right-to-left page:

        {% text_in event "title" language %}
    """
    code = getattr(language, "code", language)
    text, found = record.translated(field, code)
    asked = (code or "").split("-")[0]
    if not text:
        return ""
    if found.split("-")[0] == asked:
        return formats.isolate(text)
    return formats.isolate_in(text, found)
