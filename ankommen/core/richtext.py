"""Rich text: what editors write in the rich-text editor (core/widgets.py RichTextWidget)
and what the public pages show of it.

A text is either HTML from the editor, kept to one allow-list (`sanitise`), or plain text
as imports and older records hold it (HSDS, CSV, the demo files): paragraphs separated by
blank lines. `render` shows either kind; `plain_text` gives the words alone for search,
calendar files and exports.
"""

from __future__ import annotations

import html
import re

import nh3
from django.utils.html import escape, linebreaks, strip_tags
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "b", "i", "a",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "abbr", "dl", "dt", "dd",
    "bdi",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "lang", "hreflang"},
    "abbr": {"title"},
    "th": {"scope"},
    "*": {"lang", "dir"},
}
# A text that starts with one of the editor's block elements is HTML; anything else is
# plain text (an imported description may well contain a "<" of its own).
_HTML_START = re.compile(r"\s*<(?:p|h[2-4]|ul|ol|blockquote|table|dl)[\s>]", re.IGNORECASE)
_BLOCK_END = re.compile(r"</(?:p|h[2-4]|li|blockquote|tr|dt|dd)>|<br\s*/?>", re.IGNORECASE)


def sanitise(text: str) -> str:
    """Keep only the allowed tags and attributes; no script, no event handlers, no
    javascript: links."""
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    ).strip()


def is_html(text: str) -> bool:
    return bool(_HTML_START.match(text or ""))


def clean(text: str) -> str:
    """What is stored: the editor's HTML sanitised, plain text as it is (trimmed)."""
    text = (text or "").strip()
    if not is_html(text):
        return text
    cleaned = sanitise(text)
    # An editor that leaves only empty paragraphs has written nothing.
    return cleaned if plain_text(cleaned) else ""


def render(text: str) -> SafeString:
    """The text as HTML for a page: stored HTML sanitised once more (it may come from an
    import or the admin), plain text as escaped paragraphs."""
    if not text:
        return mark_safe("")  # safe: an empty string
    if is_html(text):
        return mark_safe(sanitise(text))  # noqa: S308  # safe: the allow-list applied just now
    return mark_safe(linebreaks(escape(text)))  # noqa: S308  # safe: escaped


def for_editor(text: str) -> str:
    """The value the editor opens with: plain text becomes paragraphs so that the editor
    keeps them apart."""
    return text if not text or is_html(text) else linebreaks(escape(text))


def plain_text(text: str) -> str:
    """The words without markup, block ends as line breaks (search, iCalendar, exports)."""
    if not is_html(text or ""):
        return (text or "").strip()
    with_breaks = _BLOCK_END.sub("\n", text)
    lines = (html.unescape(line).strip() for line in strip_tags(with_breaks).splitlines())
    return "\n".join(line for line in lines if line)
