import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ankommen.portal.phrases import phrases_for

register = template.Library()


@register.simple_tag
def phrase(language, key: str) -> str:
    return phrases_for(language).get(key, key)


_LINK = re.compile(r"<a\b[^>]*\bhref=\"([^\"]*)\"[^>]*>(.*?)</a>", re.S)


@register.simple_tag
def kiosk_html(body: str, region, language):
    """The page text for the kiosk: links inside the portal point to the kiosk pages,
    every other link becomes plain text (a kiosk leaves nothing to wander off to)."""
    prefix = f"/{region.slug}/{language.code}/"
    kiosk = f"/{region.slug}/{language.code}/kiosk/"

    def replace(match):
        href, text = match.group(1), match.group(2)
        if href.startswith(prefix) and not href.startswith(kiosk):
            return f'<a href="{escape(kiosk + href[len(prefix) :])}">{text}</a>'
        return f'<span class="kiosk-link">{text}</span>'

    return mark_safe(_LINK.sub(replace, body or ""))  # safe: body nh3-cleaned on save  # noqa: S308
