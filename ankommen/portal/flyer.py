"""The printable flyer (A4 or A6) for the Ausländerbehörde to hand out: the portal's name,
a QR code to the portal in the language, the important topics and the emergency numbers.

The text is set by ankommen.core.pdf.Document, which joins Arabic and Farsi and sets them
right to left; the QR code (segno) is drawn as vector squares.
"""

from __future__ import annotations

import segno
from django.utils import timezone

from ankommen.core import formats
from ankommen.core.pdf import Document
from ankommen.portal.phrases import phrases_for

FORMATS = {"a4": "A4", "a6": (105, 148)}  # A6 in millimetres
NO_BREAK_SPACE = "\u00a0"


def render_flyer(portal, *, url: str, size: str = "a4") -> bytes:
    language = portal.language
    words = phrases_for(language)
    small = size == "a6"
    margin = 8 if small else 18
    pdf = Document(
        f"ankommen – {portal.region.name}",
        language=language.html_lang,
        rtl=language.is_rtl,
        page_format=FORMATS[size],
        margin=margin,
    )
    rtl = language.is_rtl
    scale = 0.55 if small else 1.0
    pdf.add_page()
    width = pdf.epw

    def line(text: str, points: float, *, bold: bool = False, gap: float = 1.0) -> None:
        pdf.write_paragraph(
            text, size=points * scale, bold=bold, line_height=points * scale * 0.5, width=width
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
    with pdf.left_to_right():
        pdf.write_paragraph(
            url, size=9 * scale + (2 if small else 0), line_height=5 * scale + 1, align="C"
        )
    pdf.write_paragraph(
        words["scan"], size=11 * scale + (1 if small else 0), line_height=6 * scale + 1, align="C"
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
        # In a right-to-left line the bidi algorithm would set "116 117" as two numbers in
        # right-to-left order ("117 116"); a no-break space joins them into one number.
        text = f"{label}: {number.replace(' ', NO_BREAK_SPACE)}" if rtl else f"{number}  {label}"
        line(text, 13, bold=False, gap=0.5)
    # The day of printing, in the reader's own date format (core/formats.py, as on pages).
    pdf.ln(3 * scale)
    today = formats.format_date(timezone.localdate(), "long", language.code)
    line(words["as_of"].format(date=today), 9, gap=0)
    return pdf.to_bytes()
