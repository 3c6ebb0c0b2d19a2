"""A word-level difference between two texts or two HTML fragments, for people: what a
translator must look at when the German source changed since her translation's version.

The HTML is read as text (tags dropped, a line break after every block), split into words,
and compared with difflib; the result is a list of segments that a template renders as
plain, <del> and <ins> text (escaped like any other text).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from html.parser import HTMLParser

_BLOCKS = frozenset(
    {"p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "dt", "dd", "blockquote"}
)
_TOKEN = re.compile(r"\n|[^\s]+")


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n• ")

    def handle_endtag(self, tag) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data) -> None:
        self.parts.append(data)


def html_text(html: str) -> str:
    """The text of an HTML fragment: no tags, one line per block, no empty lines."""
    parser = _TextOf()
    parser.feed(html or "")
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


@dataclass(frozen=True)
class Segment:
    kind: str  # "same", "removed" or "added"
    text: str

    @property
    def is_removed(self) -> bool:
        return self.kind == "removed"

    @property
    def is_added(self) -> bool:
        return self.kind == "added"


def _join(tokens: list[str]) -> str:
    text = ""
    for word in tokens:
        text += word if word == "\n" or not text or text.endswith("\n") else " " + word
    return text


def word_diff(old: str, new: str, *, html: bool = True) -> list[Segment]:
    """The segments that turn `old` into `new`, word by word (line breaks count as words).
    Empty when nothing changed."""
    if html:
        old, new = html_text(old), html_text(new)
    a, b = _TOKEN.findall(old or ""), _TOKEN.findall(new or "")
    if a == b:
        return []
    segments: list[Segment] = []

    def add(kind: str, tokens: list[str]) -> None:
        if not tokens:
            return
        text = _join(tokens)
        if segments and not text.startswith("\n") and not segments[-1].text.endswith("\n"):
            text = " " + text
        segments.append(Segment(kind, text))

    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            add("same", a[i1:i2])
        else:
            add("removed", a[i1:i2])
            add("added", b[j1:j2])
    return segments
