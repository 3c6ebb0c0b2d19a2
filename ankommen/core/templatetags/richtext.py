"""`{{ text|rich_text }}`: a description as the public page shows it (core/richtext.py)."""

from django import template
from django.utils.safestring import SafeString

from ankommen.core import richtext

register = template.Library()


@register.filter
def rich_text(text: str) -> SafeString:
    return richtext.render(text)
