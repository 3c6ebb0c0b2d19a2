"""Integreat's "save as PDF" (`/<region>/<lang>/wp-json/ig-mpdf/v1/pdf?url=…`): a page
with all the pages below it, or without `url` the region's whole page tree, as one PDF in
the page's language and script, set by the platform's one PDF helper
(`ankommen.core.pdf.Document`: Arabic joined and right to left, Cyrillic, Latin)."""

from __future__ import annotations

from html.parser import HTMLParser

from ankommen.api.v3.pages import PageNode, PageTree
from ankommen.core.pdf import Document

# Block elements of the sanitised page HTML that start a new paragraph.
BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "dt", "dd"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _Blocks(HTMLParser):
    """The text of sanitised HTML as (kind, text) blocks: "heading", "item" or
    "paragraph"; a link keeps its address in brackets, so the printed page still leads
    there."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.kind = "paragraph"
        self.parts: list[str] = []
        self.href: str | None = None

    def _flush(self) -> None:
        text = " ".join("".join(self.parts).split())
        if text:
            self.blocks.append((self.kind, text))
        self.parts = []
        self.kind = "paragraph"

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in BLOCKS:
            self._flush()
            self.kind = "heading" if tag in HEADINGS else "item" if tag == "li" else "paragraph"
        elif tag == "br":
            self.parts.append(" ")
        elif tag == "a":
            self.href = dict(attrs).get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self._flush()
        elif tag == "a" and self.href:
            if self.href.startswith(("http://", "https://")) and self.href not in self.parts[-1:]:
                self.parts.append(f" ({self.href})")
            self.href = None

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_blocks(html: str) -> list[tuple[str, str]]:
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    return parser.blocks


def subtree(tree: PageTree, node: PageNode | None) -> list[PageNode]:
    """The page and every public page below it in tree order (all pages without one),
    those with a text in the tree's language."""
    if node is None:
        chosen = list(tree.order)
    else:
        start = tree.order.index(node)
        chosen = [node]
        for other in tree.order[start + 1 :]:
            if other.depth <= node.depth:
                break
            chosen.append(other)
    return [n for n in chosen if n.text is not None]


def render_pages(tree: PageTree, node: PageNode | None) -> bytes:
    """The PDF of `node` and its descendants (or of the whole tree), with the region's
    name and the public address of each page."""
    language = tree.language
    nodes = subtree(tree, node)
    title = nodes[0].text.title if node is not None and nodes else tree.region.name
    pdf = Document(
        f"{title} – {tree.region.name}",
        language=language.html_lang,
        rtl=language.is_rtl,
        margin=18,
        footer=tree.region.name,
    )
    pdf.add_page()
    top = node.depth if node is not None else 0
    for each in nodes:
        level = each.depth - top
        pdf.write_heading(each.text.title, size=max(18 - 2 * level, 12), space_before=4)
        with pdf.left_to_right():
            pdf.write_paragraph(
                tree.base + tree.path(language.code, each.tail), size=8, line_height=4
            )
        pdf.ln(2)
        pdf.set_font(size=10)
        for kind, text in html_blocks(each.text.body):
            if kind == "heading":
                pdf.write_heading(text, size=11, space_before=2)
            else:
                pdf.write_paragraph(f"• {text}" if kind == "item" else text, line_height=5)
                pdf.ln(1)
    return pdf.to_bytes()
