"""The one PDF helper: every script of the portal in headings, paragraphs, tables and chart
labels, in a left-to-right and a right-to-left document."""

import pytest

from ankommen.core import pdf as pdf_module
from ankommen.core.pdf import Document, MissingFont
from ankommen.devtools.testing.pdf import ALL_SCRIPTS, SAMPLES, pdf_text, unreadable_scripts


def _document(**options) -> Document:
    document = Document("Test", **options)
    document.add_page()
    return document


def test_a_heading_keeps_every_script():
    document = _document()
    document.write_heading(ALL_SCRIPTS)
    assert unreadable_scripts(document.to_bytes()) == []


def test_a_paragraph_keeps_every_script():
    document = _document()
    document.write_paragraph(ALL_SCRIPTS)
    assert unreadable_scripts(document.to_bytes()) == []


def test_a_table_keeps_every_script():
    document = _document()
    document.write_table(
        ["Script", "Sample"], [[name, text] for name, text in SAMPLES.items()], widths=[40, 80]
    )
    assert unreadable_scripts(document.to_bytes()) == []


def test_a_chart_label_keeps_every_script():
    document = _document()
    for line, sample in enumerate(SAMPLES.values()):
        document.write_at(20, 20 + 8 * line, sample)
    assert unreadable_scripts(document.to_bytes()) == []


def test_a_right_to_left_document_keeps_every_script():
    document = _document(language="ar", rtl=True)
    document.write_heading(SAMPLES["Arabic"])
    document.write_paragraph(ALL_SCRIPTS)
    assert unreadable_scripts(document.to_bytes()) == []


def test_a_right_to_left_table_starts_on_the_right():
    document = _document(language="ar", rtl=True)
    document.write_table(["أول", "ثاني"], [["1", "2"]], widths=[40, 40])
    text = pdf_text(document.to_bytes())
    assert text.index("ثاني") < text.index("أول")


def test_an_address_stays_left_to_right_in_an_arabic_document():
    document = _document(language="ar", rtl=True)
    with document.left_to_right():
        document.write_paragraph("https://example.org/kreis-guetersloh/ar/", align="C")
    assert "https://example.org/kreis-guetersloh/ar/" in pdf_text(document.to_bytes())


def test_a_missing_font_is_an_error_naming_the_package(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf_module, "FONT_ROOT", tmp_path)
    with pytest.raises(MissingFont, match="fonts-dejavu-core"):
        Document("Test")


def test_a_missing_fallback_font_is_an_error_naming_the_package(monkeypatch, tmp_path):
    document = _document()
    monkeypatch.setattr(pdf_module, "FONT_ROOT", tmp_path)
    with pytest.raises(MissingFont, match="fonts-sil-abyssinica"):
        document.write_paragraph(SAMPLES["Ethiopic"])


def test_the_footer_numbers_the_pages():
    document = _document(footer="Bericht")
    document.add_page()
    assert "Bericht – 2" in pdf_text(document.to_bytes())
