from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ankommen.core import formats
from ankommen.monitoring.models import Quality, Unit

register = template.Library()


def figure_text(value: Decimal | None, decimals: int, unit: str) -> str:
    """15,2 % or 189.227 in German, 15.2 % or 189,227 in English; rounding is for display
    only, half up as the statistical offices round."""
    if value is None:
        return ""
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = formats.format_fixed(rounded, max(decimals, 0))
    return f"{text}\u00a0%" if unit == Unit.PERCENT else text


@register.simple_tag
def figure(point, indicator):
    """A point as shown in a table: the number, or its quality mark explained."""
    if point is None:
        return format_html('<span class="no-value">{}</span>', _("no figure"))
    if point.value is None:
        label = Quality(point.quality).label if point.quality in Quality.values else ""
        return format_html(
            '<abbr class="quality-mark" title="{}">{}</abbr>'
            '<span class="visually-hidden"> {}</span>',
            label,
            point.quality,
            label,
        )
    # Isolated, left to right: "15,2 %" keeps its order in an Arabic or Persian page.
    text = formats.isolate(figure_text(point.value, indicator.decimals, indicator.unit), ltr=True)
    if point.is_demo:
        return format_html(
            '{}<sup class="demo-mark" title="{}">D</sup><span class="visually-hidden"> ({})</span>',
            text,
            _("demo figure, invented"),
            _("demo figure, invented"),
        )
    return text


@register.simple_tag
def count(value):
    if value is None:
        return ""
    return formats.isolate(
        formats.format_fixed(value.quantize(Decimal(1), rounding=ROUND_HALF_UP), 0), ltr=True
    )


@register.simple_tag
def change(value, indicator):
    """A change between two figures: percentage points for shares."""
    if value is None:
        return ""
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    text = figure_text(abs(value), indicator.decimals, "")
    if indicator.unit == Unit.PERCENT:
        return format_html(
            _("%(sign)s%(value)s percentage points").replace("%(sign)s%(value)s", "{}"),
            formats.isolate(f"{sign}{text}", ltr=True),
        )
    return formats.isolate(f"{sign}{text}", ltr=True)
