"""The Art. 15 export as PDF: what is stored about a person, in the scripts it was written in."""

from ankommen.cases.reports import export_pdf
from ankommen.devtools.testing.pdf import ALL_SCRIPTS, SAMPLES, unreadable_scripts


def test_the_export_keeps_arabic_cyrillic_ethiopic_and_latin_diacritics():
    data = {
        "client": {"first_name": SAMPLES["Arabic"], "last_name": SAMPLES["Cyrillic"]},
        "notes": [SAMPLES["Ethiopic"], SAMPLES["Farsi"]],
        "consents": [{"recipient": SAMPLES["Latin with diacritics"]}],
        "household": SAMPLES["Sorani"],
        "summary": ALL_SCRIPTS,
    }
    assert unreadable_scripts(export_pdf(data, watermark="Kopie für Amina")) == []
