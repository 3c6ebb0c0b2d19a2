"""Reading a PDF back as text, to check that every script the portal offers survives in
every document the platform prints (ankommen.core.pdf)."""

from __future__ import annotations

import io
import unicodedata

from pypdf import PdfReader

# One short phrase per script (short enough not to wrap in a narrow table cell).
SAMPLES = {
    "Latin with diacritics": "ș ț ă ğ ł ü ß",
    "Cyrillic": "Ласкаво просимо",
    "Ethiopic": "እንኳን ደህና",
    "Arabic": "السلام عليكم",
    "Farsi": "خوش آمدید",
    "Sorani": "بەخێربێن",
}
# All of them in one line, for a field that appears once; it starts with a Latin letter, so
# it reads left to right as a whole.
ALL_SCRIPTS = " / ".join(SAMPLES.values())


def _plain(text: str) -> str:
    # NFKC turns Arabic presentation forms (the joined letters some extractors return)
    # back into the letters that were written; lines broken by the layout become spaces.
    return " ".join(unicodedata.normalize("NFKC", text).split())


def pdf_text(content: bytes) -> str:
    """The text of every page, in reading order as pypdf sees it, normalised."""
    reader = PdfReader(io.BytesIO(content))
    return _plain("\n".join(page.extract_text() for page in reader.pages))


def unreadable_scripts(content: bytes) -> list[str]:
    """The names of the SAMPLES that cannot be read back from the PDF `content`."""
    text = pdf_text(content)
    return [name for name, sample in SAMPLES.items() if _plain(sample) not in text]
