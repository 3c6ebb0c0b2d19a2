"""Every PDF the platform prints is a `Document`: the steering-group report, the monitoring
report, the Art. 15 export and the portal flyer.

A document is set in DejaVu Sans (Debian's fonts-dejavu-core: Latin with every diacritic,
Cyrillic, Greek, Armenian, Georgian, Hebrew and the Arabic script of Arabic, Farsi, Dari and
Sorani); a character DejaVu lacks is taken from a fallback font (Abyssinica SIL from
fonts-sil-abyssinica for the Ethiopic script of Tigrinya and Amharic). Text is shaped by
HarfBuzz (uharfbuzz), so Arabic letters join, and laid out with the Unicode bidirectional
algorithm, so an Arabic name in a German table reads right to left and a document in an
RTL language runs right to left as a whole. The fonts are system packages installed by
`scripts/system-deps.sh run`; a missing one is an error, never a silent Latin-1 fallback
that drops characters.

The pieces the documents share: a footer with the page number, headings, paragraphs, tables
and a label at a point (for charts).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import TextEmphasis, XPos, YPos
from fpdf.fonts import FontFace
from fpdf.line_break import Fragment

# fontTools reports every table it subsets at INFO level, and that it drops Abyssinica's
# Graphite table (Silt), which PDF readers do not use, as a warning: noise in the server log.
logging.getLogger("fontTools").setLevel(logging.WARNING)
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)

FONT_ROOT = Path("/usr/share/fonts/truetype")
FAMILY = "DejaVu"
# (family, style) -> (file below FONT_ROOT, Debian package)
FONTS = {
    (FAMILY, ""): ("dejavu/DejaVuSans.ttf", "fonts-dejavu-core"),
    (FAMILY, "B"): ("dejavu/DejaVuSans-Bold.ttf", "fonts-dejavu-core"),
    ("Abyssinica", ""): ("abyssinica/AbyssinicaSIL-Regular.ttf", "fonts-sil-abyssinica"),
}
FALLBACK_FAMILIES = ["Abyssinica"]

# OpenType script and language of a document written in one content language, for the
# forms that depend on the language (Farsi digits, Bulgarian and Ukrainian letter forms).
# Other languages are left to HarfBuzz, which guesses the script of each run of text.
SHAPING = {
    "ar": ("arab", "ara"),
    "fa": ("arab", "fas"),
    "uk": ("cyrl", "ukr"),
    "ru": ("cyrl", "rus"),
    "bg": ("cyrl", "bgr"),
}
# Text made only of these needs neither shaping nor the bidi algorithm: precomposed Latin,
# Greek and Cyrillic letters, punctuation (without the bidi controls), currency, arrows and
# mathematical signs. HarfBuzz costs about a millisecond a word when fpdf2 breaks lines,
# which made the steering report twice as slow; such text is set without it.
_SIMPLE_TEXT = re.compile(
    "[\u0000-\u02ff\u0370-\u052f\u1e00-\u1fff\u2010-\u2027\u2030-\u205e\u20a0-\u20cf\u2100-\u22ff]*"
)
HEADING_FILL = (230, 235, 242)
RULE_GREY = (138, 150, 163)


class MissingFont(FileNotFoundError):
    pass


def font_file(family: str, style: str = "") -> Path:
    """The path of one of FONTS; raises MissingFont naming the package to install."""
    relative, package = FONTS[(family, style)]
    path = FONT_ROOT / relative
    if not path.exists():
        raise MissingFont(f"{path} is missing: install {package} (scripts/system-deps.sh run)")
    return path


class Document(FPDF):
    """An A4 (or other) page in millimetres with the fonts, text shaping and direction set.

    `language` is the BCP 47 code of the text (the PDF's /Lang, and its shaping if the
    document is in one content language); `rtl` sets the whole document right to left,
    aligned right. `margin` is the page margin on every side, `bottom` the space at the foot
    of a page that text does not enter, if not `margin`. `footer` is printed at the foot of
    every page with the page number.
    """

    def __init__(
        self,
        title: str,
        *,
        language: str = "de",
        rtl: bool = False,
        orientation: str = "portrait",
        page_format: str | tuple[float, float] = "A4",
        margin: float = 10,
        bottom: float | None = None,
        footer: str | None = None,
    ) -> None:
        super().__init__(orientation=orientation, unit="mm", format=page_format)
        self.set_title(title)
        self.set_lang(language)
        self.set_creator("ankommen")
        self.set_margins(margin, margin, margin)
        self.set_auto_page_break(True, margin=margin if bottom is None else bottom)
        self.add_font(FAMILY, "", str(font_file(FAMILY)))
        self.rtl = rtl
        self._fallbacks_added = False
        self.script, self.shaping_language = SHAPING.get(language.split("-")[0], (None, None))
        self._shape("rtl" if rtl else None)
        self.footer_text = footer
        self.set_font(FAMILY, "", 10)

    # Every font added is parsed and embedded (0.1 to 0.2 s each), used or not: the bold
    # face and the fallback fonts are added when the text first needs them.

    def set_font(
        self, family: str | None = None, style: str | TextEmphasis = "", size: float = 0
    ) -> None:
        letters = style.style if isinstance(style, TextEmphasis) else style
        if "B" in letters.upper():
            self._add_bold()
        super().set_font(family, style, size)

    def _add_bold(self) -> None:
        if FAMILY.lower() + "B" not in self.fonts:
            self.add_font(FAMILY, "B", str(font_file(FAMILY, "B")))

    def get_fallback_font(self, char: str, style: str = "") -> str | None:
        """The font for a character the current one lacks (FPDF asks only then)."""
        if not self._fallbacks_added:
            self._fallbacks_added = True
            for family in FALLBACK_FAMILIES:
                self.add_font(family, "", str(font_file(family)))
            # Ethiopic has no bold face: bold text takes the regular one.
            self.set_fallback_fonts(FALLBACK_FAMILIES, exact_match=False)
        return super().get_fallback_font(char, style)

    @property
    def align(self) -> str:
        """Where a line starts: right in a right-to-left document."""
        return "R" if self.rtl else "L"

    def _shape(self, direction: str | None) -> None:
        # No direction: each paragraph takes the direction of its first strong letter.
        self.set_text_shaping(
            use_shaping_engine=True,
            direction=direction,
            script=self.script,
            language=self.shaping_language,
        )

    def _preload_bidirectional_text(self, text: str, markdown: bool) -> Sequence[Fragment]:
        # fpdf2 (2.8) splits every piece of text into fragments in this internal method,
        # and each fragment keeps the shaping setting it was made with; the tests that read
        # every script back from every document notice if a new fpdf2 changes that. A
        # document in one language (the flyer) is always shaped, for that language's forms.
        if (
            self.rtl
            or self.shaping_language
            or not self.text_shaping
            or not _SIMPLE_TEXT.fullmatch(text)
        ):
            return super()._preload_bidirectional_text(text, markdown)
        shaping, self.text_shaping = self.text_shaping, None
        try:
            return super()._preload_bidirectional_text(text, markdown)
        finally:
            self.text_shaping = shaping

    @contextmanager
    def left_to_right(self) -> Iterator[None]:
        """For an address or a number that reads left to right in any document."""
        script, language = self.script, self.shaping_language
        self.script = self.shaping_language = None
        self._shape("ltr")
        try:
            yield
        finally:
            self.script, self.shaping_language = script, language
            self._shape("rtl" if self.rtl else None)

    def footer(self) -> None:
        if not self.footer_text:
            return
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(74, 74, 74)
        self.cell(0, 5, f"{self.footer_text} – {self.page_no()}", align="C")
        self.set_text_color(0, 0, 0)

    def write_heading(
        self, text: str, *, size: float = 13, line_height: float | None = None, space_before=0.0
    ) -> None:
        """A bold line (wrapped if long); the font is regular 10 pt after it."""
        if space_before:
            self.ln(space_before)
        self.set_font(FAMILY, "B", size)
        self.multi_cell(
            0,
            line_height or size * 0.55,
            text,
            align=self.align,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.set_font(FAMILY, "", 10)

    def write_paragraph(
        self,
        text: str,
        *,
        size: float | None = None,
        line_height: float = 5,
        bold: bool = False,
        align: str | None = None,
        width: float = 0,
    ) -> None:
        """Wrapped text at the current size (or `size`), starting on the next line."""
        if size is not None or bold:
            self.set_font(FAMILY, "B" if bold else "", size or self.font_size_pt)
        self.multi_cell(
            width,
            line_height,
            text,
            align=align or self.align,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )

    def write_table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        widths: Sequence[float],
        align: str | Sequence[str] = "LEFT",
        size: float = 8,
        line_height: float = 4.5,
        heading_fill: tuple[int, int, int] | None = None,
    ) -> None:
        """A table with a bold heading row (repeated on every page) and thin grey rules;
        in a right-to-left document the first column is on the right."""
        aligns = [align] * len(widths) if isinstance(align, str) else list(align)
        if self.rtl:
            mirror = {"LEFT": "RIGHT", "RIGHT": "LEFT"}
            header, widths = list(reversed(header)), list(reversed(widths))
            rows = [list(reversed(row)) for row in rows]
            aligns = [mirror.get(a, a) for a in reversed(aligns)]
        self._add_bold()  # for the heading row, which fpdf sets without set_font()
        self.set_font(FAMILY, "", size)
        self.set_draw_color(*RULE_GREY)
        self.set_line_width(0.2)
        style = FontFace(emphasis="BOLD", fill_color=heading_fill)
        with self.table(
            col_widths=tuple(widths),
            text_align=tuple(aligns),
            line_height=line_height,
            headings_style=style,
        ) as table:
            heading = table.row()
            for cell in header:
                heading.cell(str(cell))
            for values in rows:
                row = table.row()
                for cell in values:
                    row.cell(str(cell))
        self.set_font(FAMILY, "", 10)

    def write_at(self, x: float, y: float, text: str, *, align: str = "L") -> float:
        """A one-line label whose baseline starts at (x, y), or ends there with align="R",
        or is centred on x with align="C"; shaped like all other text (`FPDF.text()` is
        not). Returns the label's width."""
        width = self.get_string_width(text)
        left = {"L": x, "R": x - width, "C": x - width / 2}[align]
        height = self.font_size
        breaks, self.auto_page_break = self.auto_page_break, False
        self.set_xy(left - self.c_margin, y - 0.8 * height)
        self.cell(width + 2 * self.c_margin, height, text, new_x=XPos.RIGHT, new_y=YPos.TOP)
        self.auto_page_break = breaks
        return width

    def to_bytes(self) -> bytes:
        return bytes(self.output())
