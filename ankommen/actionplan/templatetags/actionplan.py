from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

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
        return format_html('<span lang="{}">{}</span>', found, text)
    return text


@register.filter
def percent(value) -> str:
    if value is None or value == "":
        return "–"
    return f"{Decimal(value):.0f} %"


@register.filter
def whole(value) -> int:
    if value is None or value == "":
        return 0
    return int(Decimal(value).to_integral_value())
