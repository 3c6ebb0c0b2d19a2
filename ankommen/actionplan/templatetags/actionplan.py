from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import get_language

from ankommen.core import formats

register = template.Library()


@register.simple_tag(takes_context=True)
def content(context, obj, field: str):
    """A content field in the page's language, falling back to German; text in another
    language than the page's is marked with its lang attribute for screen readers."""
    language = context.get("language") or context.get("content_language")
    code = getattr(language, "code", None) or get_language() or "de"
    text, found = obj.translated(field, code)
    page = getattr(language, "html_lang", None) or (get_language() or "de")
    if found.split("-")[0] != page.split("-")[0]:
        # Isolated and marked (lang, dir): a German fallback in an Arabic page keeps its
        # own order and is read with a German voice.
        return formats.isolate_in(text, found)
    return text


@register.filter
def percent(value) -> str:
    if value is None or value == "":
        return "–"
    # As on every page and in the steering report (core/formats.py), isolated so that
    # "40 %" keeps its order in a right-to-left page.
    return formats.isolate(formats.format_percent(Decimal(value) / 100), ltr=True)


@register.filter
def whole(value) -> int:
    if value is None or value == "":
        return 0
    return int(Decimal(value).to_integral_value())
