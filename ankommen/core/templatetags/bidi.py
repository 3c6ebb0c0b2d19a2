"""Text that must read left to right inside right-to-left pages (Arabic, Farsi)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def ltr(value: object) -> SafeString:
    """Isolates a phone number, an address or a code so that an Arabic page does not turn
    "+49 5246 000001" into "000001 5246 49+"."""
    return format_html('<bdi dir="ltr">{}</bdi>', value)
