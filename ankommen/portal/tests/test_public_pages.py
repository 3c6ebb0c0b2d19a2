import io
import re
import shutil
import subprocess

import pypdf
import pytest
import zxingcpp
from PIL import Image

from ankommen.core.models import Language
from ankommen.portal.models import Page, PageTranslation
from ankommen.portal.services import save_translation

pytestmark = pytest.mark.django_db


def test_the_arabic_portal_is_right_to_left(client, portal):
    response = client.get("/kreis-guetersloh/ar/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl"' in html
    assert "الوصول والتسجيل" in html


def test_the_language_switcher_lists_the_region_languages_by_native_name(client, portal):
    html = client.get("/kreis-guetersloh/ar/notfall/").content.decode()
    assert 'href="/kreis-guetersloh/uk/notfall/" lang="uk" dir="ltr"' in html
    assert "Українська" in html and "فارسی" in html and "Leichte Sprache" in html


def test_leichte_sprache_pages_are_marked_as_german(client, portal):
    html = client.get("/kreis-guetersloh/de-x-ls/notfall/").content.decode()
    assert '<html lang="de" dir="ltr"' in html
    assert "Kranken-Wagen" in html


def test_a_page_shows_breadcrumbs_up_the_tree(client, portal):
    html = client.get("/kreis-guetersloh/en/jobcenter/").content.decode()
    crumbs = html.split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert "Work and recognition" in crumbs and "What is the Jobcenter?" in crumbs


def test_an_unpublished_page_answers_404(client, portal):
    Page.objects.filter(region=portal, slug="wohnen").update(status=Page.Status.DRAFT)
    assert client.get("/kreis-guetersloh/en/wohnen/").status_code == 404
    assert "Housing" not in client.get("/kreis-guetersloh/en/").content.decode()


def test_an_archived_page_answers_404(client, portal):
    Page.objects.filter(region=portal, slug="wohnen").update(status=Page.Status.ARCHIVED)
    assert client.get("/kreis-guetersloh/en/wohnen/").status_code == 404


def test_the_pages_below_a_draft_page_answer_404(client, portal):
    Page.objects.filter(region=portal, slug="arbeit-und-anerkennung").update(status="draft")
    assert client.get("/kreis-guetersloh/en/jobcenter/").status_code == 404


def test_a_language_the_region_does_not_offer_answers_404(client, portal):
    portal.languages.remove(Language.objects.get(code="tr"))
    assert client.get("/kreis-guetersloh/tr/").status_code == 404


def test_search_finds_pages_in_the_chosen_language(client, portal):
    html = client.get("/kreis-guetersloh/uk/suche/", {"q": "Jobcenter"}).content.decode()
    assert "Що таке Jobcenter?" in html


def test_search_also_finds_pages_by_their_german_text(client, portal):
    html = client.get("/kreis-guetersloh/en/suche/", {"q": "Wohnungsgeberbestätigung"})
    assert "Arriving and registering" in html.content.decode()


def test_search_without_hits_says_so(client, portal):
    html = client.get("/kreis-guetersloh/en/suche/", {"q": "xylophon"}).content.decode()
    assert "Nothing found." in html


def test_an_outdated_translation_shows_a_notice_with_a_link_to_german(client, portal):
    page = Page.objects.get(region=portal, slug="wohnen")
    german = page.translations.get(language__code="de")
    save_translation(
        page,
        german.language,
        title=german.title,
        body="<p>Neu</p>",
        opened_source_version=1,
        expected_version=german.version,
    )
    html = client.get("/kreis-guetersloh/en/wohnen/").content.decode()
    assert "older than the German text" in html
    assert 'href="/kreis-guetersloh/de/wohnen/" lang="de"' in html


def test_an_unreviewed_machine_translation_shows_a_notice(client, portal):
    PageTranslation.objects.filter(page__slug="wohnen", language__code="tr").update(
        machine_translated=True
    )
    html = client.get("/kreis-guetersloh/tr/wohnen/").content.decode()
    assert "makine tarafından çevrildi" in html
    assert 'href="/kreis-guetersloh/de/wohnen/"' in html


def test_a_missing_translation_shows_the_german_text_marked_as_german(client, portal):
    PageTranslation.objects.filter(page__slug="wohnen", language__code="ro").delete()
    html = client.get("/kreis-guetersloh/ro/wohnen/").content.decode()
    assert '<article lang="de" dir="ltr">' in html
    assert "Wohnungen finden Sie" in html


def test_the_professionals_glossary_explains_the_concept_terms(client, portal):
    html = client.get("/kreis-guetersloh/en/fachbegriffe/").content.decode()
    for term in ("GO", "NGO", "MO", "MSOE", "KIM", "KI", "IKÖ"):
        assert "<abbr title=" in html and f">{term}</abbr>" in html
    assert "Intercultural opening" in html


def test_the_newcomers_glossary_explains_the_words_they_meet(client, portal):
    html = client.get("/kreis-guetersloh/ro/glossar/").content.decode()
    assert "<dfn>Anmeldung (" in html and ">GO</abbr>" not in html


def test_the_region_start_page_links_to_the_portal(client, portal):
    html = client.get("/kreis-guetersloh/fachkraefte/").content.decode()
    assert 'href="/kreis-guetersloh/de/"' in html


def test_the_kiosk_has_no_external_links_and_sets_no_cookie(client, portal):
    response = client.get("/kreis-guetersloh/en/kiosk/arbeit-und-anerkennung/")
    html = response.content.decode()
    assert response.status_code == 200
    assert not re.search(r'href="https?://', html)
    assert "Recognition in Germany" in html
    assert not response.cookies
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_the_kiosk_returns_to_the_language_choice_after_two_minutes(client, portal):
    html = client.get("/kreis-guetersloh/uk/kiosk/").content.decode()
    assert 'data-kiosk-home="/kreis-guetersloh/de/kiosk/"' in html
    assert 'data-kiosk-idle="120"' in html


def test_the_kiosk_keeps_internal_links_inside_the_kiosk(client, portal):
    html = client.get("/kreis-guetersloh/en/kiosk/notfall/").content.decode()
    assert 'href="/kreis-guetersloh/en/kiosk/gesundheit/"' in html


def test_the_service_worker_caches_every_page_of_the_language(client, portal):
    response = client.get("/kreis-guetersloh/uk/sw.js")
    script = response.content.decode()
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/kreis-guetersloh/uk/"
    assert '"/kreis-guetersloh/uk/notfall/"' in script
    assert '"/kreis-guetersloh/uk/jobcenter/"' in script
    assert "/kreis-guetersloh/ar/" not in script


def test_the_portal_loads_its_script_from_a_file(client, portal):
    html = client.get("/kreis-guetersloh/uk/").content.decode()
    assert re.search(
        r'<script src="[^"]+portal\.js" defer data-sw="/kreis-guetersloh/uk/sw\.js"', html
    )
    assert "<script>" not in html


def _flyer_text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return reader, reader.pages[0].extract_text()


def test_the_flyer_carries_the_portal_address_titles_and_emergency_numbers(client, portal):
    reader, text = _flyer_text(client, "/kreis-guetersloh/uk/flyer.pdf")
    assert "http://testserver/kreis-guetersloh/uk/" in text
    assert "Перебування" in text and "Екстрені номери" in text
    for number in ("110", "112", "116 117"):
        assert number in text
    assert round(float(reader.pages[0].mediabox.width)) == 595  # A4


def test_the_a6_flyer_is_a6(client, portal):
    reader, _text = _flyer_text(client, "/kreis-guetersloh/pl/flyer.pdf?format=a6")
    assert round(float(reader.pages[0].mediabox.width)) == 298


def test_the_arabic_flyer_is_shaped_right_to_left(client, portal):
    _reader, text = _flyer_text(client, "/kreis-guetersloh/ar/flyer.pdf")
    assert "أرقام الطوارئ" in text
    assert "الإقامة" in text


def _qr_codes_on_flyer(pdf: bytes, tmp_path) -> list[str]:
    """Prints the flyer's first page to pixels with poppler, as a printer would, and reads
    every QR code on it with a real decoder."""
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm is missing: run scripts/system-deps.sh test (poppler-utils)"
    (tmp_path / "flyer.pdf").write_bytes(pdf)
    subprocess.run(
        [pdftoppm, "-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile",
         str(tmp_path / "flyer.pdf"), str(tmp_path / "flyer")],
        check=True,
    )  # fmt: skip
    image = Image.open(tmp_path / "flyer.png")
    return [
        code.text
        for code in zxingcpp.read_barcodes(image)
        if code.format == zxingcpp.BarcodeFormat.QRCode
    ]


def test_the_ukrainian_flyers_qr_code_opens_the_portal_in_ukrainian(client, portal, tmp_path):
    response = client.get("/kreis-guetersloh/uk/flyer.pdf")
    assert _qr_codes_on_flyer(response.content, tmp_path) == [
        "http://testserver/kreis-guetersloh/uk/"
    ]


def test_the_a6_flyers_qr_code_is_still_readable(client, portal, tmp_path):
    response = client.get("/kreis-guetersloh/ar/flyer.pdf?format=a6")
    assert _qr_codes_on_flyer(response.content, tmp_path) == [
        "http://testserver/kreis-guetersloh/ar/"
    ]


def test_an_unknown_flyer_format_answers_404(client, portal):
    assert client.get("/kreis-guetersloh/en/flyer.pdf?format=a3").status_code == 404


def test_the_public_pages_answer_405_to_post(client, portal):
    assert client.post("/kreis-guetersloh/en/").status_code == 405


def test_the_flyer_and_kiosk_links_on_an_arabic_page_are_arabic_right_to_left(client, portal):
    # Issue 15: the interface is in the page's language (German only as gettext's fallback).
    html = client.get("/kreis-guetersloh/ar/").content.decode()
    assert '<p class="portal-tools no-print" lang="ar" dir="rtl">' in html


MONTHS = {
    "ro": "ianuarie februarie martie aprilie mai iunie iulie august septembrie octombrie "
    "noiembrie decembrie",
    "ar": "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
}


@pytest.mark.parametrize(("code", "as_of"), [("ro", "Actualizat la"), ("ar", "بتاريخ")])
def test_the_flyer_dates_its_print_in_the_readers_date_format(client, portal, code, as_of):
    from django.utils import timezone

    pdf = client.get(f"/kreis-guetersloh/{code}/flyer.pdf").content
    text = subprocess.run(
        [shutil.which("pdftotext"), "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    today = timezone.localdate()
    month = MONTHS[code].split()[today.month - 1]
    line = next(line for line in text.splitlines() if as_of in line)
    assert month in line
    assert str(today.year) in line
    assert today.strftime("%d.%m.%Y") not in text
