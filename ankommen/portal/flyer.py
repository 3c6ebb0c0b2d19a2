"""The printable flyer (A4 or A6) for the Ausländerbehörde to hand out: the portal's name,
a QR code to the portal in the language, the important topics and the emergency numbers.

fpdf2 shapes the text with HarfBuzz (uharfbuzz), so Arabic and Farsi are joined and set
right to left; DejaVu Sans (Debian's fonts-dejavu-core) has Latin with diacritics,
Cyrillic and Arabic script. The QR code (segno) is drawn as vector squares.
"""

from __future__ import annotations

from pathlib import Path

import segno
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from ankommen.portal.phrases import phrases_for

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu")]
FONT_REGULAR = "DejaVuSans.ttf"
FONT_BOLD = "DejaVuSans-Bold.ttf"
FORMATS = {"a4": "A4", "a6": (105, 148)}  # A6 in millimetres
SCRIPTS = {"ar": ("arab", "ara"), "fa": ("arab", "fas"), "uk": ("cyrl", "ukr"),
           "ru": ("cyrl", "rus"), "bg": ("cyrl", "bgr")}  # fmt: skip


def _font(name: str) -> str:
    for directory in FONT_DIRS:
        if (directory / name).exists():
            return str(directory / name)
    raise FileNotFoundError(
        f"{name} is missing: install fonts-dejavu-core (scripts/system-deps.sh run)"
    )


def render_flyer(portal, *, url: str, size: str = "a4") -> bytes:
    language = portal.language
    words = phrases_for(language)
    small = size == "a6"
    pdf = FPDF(format=FORMATS[size])
    pdf.set_title(f"ankommen – {portal.region.name}")
    pdf.set_lang(language.html_lang)
    pdf.set_creator("ankommen")
    margin = 8 if small else 18
    pdf.set_margins(margin, margin, margin)
    pdf.set_auto_page_break(True, margin=margin)
    pdf.add_font("DejaVu", "", _font(FONT_REGULAR))
    pdf.add_font("DejaVu", "B", _font(FONT_BOLD))
    script, lang = SCRIPTS.get(language.code, ("latn", None))
    rtl = language.is_rtl
    pdf.set_text_shaping(
        use_shaping_engine=True,
        direction="rtl" if rtl else "ltr",
        script=script,
        language=lang,
    )
    align = "R" if rtl else "L"
    scale = 0.55 if small else 1.0
    pdf.add_page()
    width = pdf.epw

    def line(text: str, points: float, *, bold: bool = False, gap: float = 1.0) -> None:
        pdf.set_font("DejaVu", "B" if bold else "", points * scale)
        pdf.multi_cell(
            width, points * scale * 0.5, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        pdf.ln(gap * scale)

    line("ankommen", 14, bold=True, gap=0)
    line(portal.region.name, 24, bold=True, gap=1)
    line(words["first_steps"], 16, gap=4)

    # The QR code, as squares, with its URL printed below for people who type.
    qr = segno.make(url, error="m")
    matrix = list(qr.matrix)
    side = 38 if small else 60
    module = side / (len(matrix) + 8)
    left = pdf.l_margin + (width - side) / 2
    top = pdf.get_y()
    pdf.set_fill_color(0, 0, 0)
    for row_index, row in enumerate(matrix):
        for col_index, dark in enumerate(row):
            if dark:
                pdf.rect(
                    left + (col_index + 4) * module,
                    top + (row_index + 4) * module,
                    module,
                    module,
                    style="F",
                )
    pdf.set_y(top + side + 1)
    pdf.set_font("DejaVu", "", 9 * scale + (2 if small else 0))
    pdf.set_text_shaping(use_shaping_engine=True, direction="ltr", script="latn")
    pdf.multi_cell(width, 5 * scale + 1, url, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_shaping(
        use_shaping_engine=True, direction="rtl" if rtl else "ltr", script=script, language=lang
    )
    pdf.set_font("DejaVu", "", 11 * scale + (1 if small else 0))
    pdf.multi_cell(
        width, 6 * scale + 1, words["scan"], align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.ln(5 * scale)

    line(words["important"], 16, bold=True, gap=1)
    entries = portal.flyer_entries()[: 5 if small else 10]
    for entry in entries:
        line(f"• {entry.title}", 12, gap=0.5)
    pdf.ln(4 * scale)

    line(words["emergency"], 16, bold=True, gap=1)
    for number, label in (("110", words["police"]), ("112", words["fire"]),
                          ("116 117", words["doctor"])):  # fmt: skip
        text = f"{label}: {number}" if rtl else f"{number}  {label}"
        line(text, 13, bold=False, gap=0.5)
    return bytes(pdf.output())
