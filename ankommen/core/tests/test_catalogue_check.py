"""The catalogue check of `make lint` (scripts/check-catalogues.sh, scripts/public_strings.py)
fails on a broken copy of the catalogues; the public catalogues load and translate."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "ankommen"
# The languages whose catalogues this branch writes; the others come with their own branch.
WRITTEN_HERE = ["ar", "fa", "tr", "uk", "ru"]


def run_check(package: Path, languages: list[str]) -> subprocess.CompletedProcess:
    arguments = [sys.executable, str(ROOT / "scripts/public_strings.py"), "check"]
    arguments += ["--package", str(package)]
    for language in languages:
        arguments += ["--language", language]
    return subprocess.run(arguments, capture_output=True, text=True, check=False)


@pytest.fixture
def catalogues(tmp_path: Path) -> Path:
    """A copy of every locale directory of the package, in the package's layout."""
    copy = tmp_path / "ankommen"
    for locale in PACKAGE.glob("**/locale"):
        shutil.copytree(locale, copy / locale.relative_to(PACKAGE))
    return copy


def edit(po_path: Path, msgid: str, change) -> None:
    po = polib.pofile(str(po_path))
    entry = next(e for e in po if e.msgid == msgid and e.msgctxt is None)
    change(entry)
    po.save()


def test_the_check_passes_on_the_catalogues_of_this_branch(catalogues):
    result = run_check(catalogues, WRITTEN_HERE)

    assert result.returncode == 0, result.stderr


def test_a_public_string_without_its_translation_fails_the_check(catalogues):
    po_path = catalogues / "locale/ar/LC_MESSAGES/django.po"
    edit(po_path, "Skip to content", lambda entry: setattr(entry, "msgstr", ""))

    result = run_check(catalogues, WRITTEN_HERE)

    assert result.returncode == 1
    assert "ar: 1 problem(s)" in result.stderr
    assert "untranslated 'Skip to content'" in result.stderr


def test_a_missing_plural_form_fails_the_check(catalogues):
    po_path = catalogues / "directory/locale/ar/LC_MESSAGES/django.po"
    edit(po_path, "One offer found.", lambda entry: entry.msgstr_plural.update({3: ""}))

    result = run_check(catalogues, WRITTEN_HERE)

    assert result.returncode == 1
    assert "untranslated 'One offer found.'" in result.stderr


def test_a_fuzzy_translation_of_a_public_string_fails_the_check(catalogues):
    po_path = catalogues / "directory/locale/uk/LC_MESSAGES/django.po"
    edit(po_path, "Opening hours", lambda entry: entry.flags.append("fuzzy"))

    result = run_check(catalogues, WRITTEN_HERE)

    assert result.returncode == 1
    assert "uk: 1 problem(s)" in result.stderr


def test_a_renamed_placeholder_fails_the_check(catalogues):
    po_path = catalogues / "core/locale/tr/LC_MESSAGES/django.po"
    edit(
        po_path,
        "Page %(number)s of %(total)s",
        lambda entry: setattr(entry, "msgstr", "Sayfa %(sayi)s / %(total)s"),
    )

    result = run_check(catalogues, WRITTEN_HERE)

    assert result.returncode == 1
    assert "tr: 1 problem(s)" in result.stderr
    assert "placeholders differ from 'Page %(number)s of %(total)s'" in result.stderr


def test_a_dropped_brace_placeholder_fails_the_check(catalogues):
    po_path = catalogues / "directory/locale/fa/LC_MESSAGES/django.po"
    po = polib.pofile(str(po_path))
    po.append(polib.POEntry(msgid="{count} places", msgstr="مکان‌ها"))
    po.save()

    result = run_check(catalogues, WRITTEN_HERE)

    assert result.returncode == 1
    assert "placeholders differ from '{count} places'" in result.stderr


def test_a_plural_form_that_drops_a_positional_placeholder_fails_the_check(catalogues):
    po_path = catalogues / "directory/locale/ru/LC_MESSAGES/django.po"
    po = polib.pofile(str(po_path))
    po.append(
        polib.POEntry(
            msgid="%s offer",
            msgid_plural="%s offers",
            msgstr_plural={0: "одна услуга", 1: "%s услуги", 2: "%s услуг"},
            flags=["python-format"],
        )
    )
    po.save()

    result = run_check(catalogues, WRITTEN_HERE)

    assert result.returncode == 1
    assert "placeholders differ from '%s offer'" in result.stderr


def test_check_catalogues_sh_runs_msgfmt_check_format_on_every_catalogue(catalogues):
    po_path = catalogues / "monitoring/locale/ru/LC_MESSAGES/django.po"
    edit(
        po_path,
        "Source: %(source)s",
        lambda entry: setattr(entry, "msgstr", "Источник: %(source)d"),
    )

    result = subprocess.run(
        [str(ROOT / "scripts/check-catalogues.sh"), str(catalogues)],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHON": sys.executable},
    )

    assert result.returncode == 1
    assert f"{po_path}: msgfmt --check-format failed" in result.stderr


@pytest.fixture(scope="module")
def compiled_catalogues():
    """The .mo files, as `make messages` builds them before the tests."""
    for po_path in PACKAGE.glob("**/locale/*/LC_MESSAGES/django.po"):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            msgfmt = shutil.which("msgfmt") or "msgfmt"
            subprocess.run([msgfmt, "-o", str(mo_path), str(po_path)], check=True)
    # Django keeps each language's catalogues once loaded; load them again from the .mo files.
    translation.trans_real._translations = {}
    yield
    translation.trans_real._translations = {}


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ar", "انتقل إلى المحتوى"),
        ("fa", "رفتن به محتوا"),
        ("tr", "İçeriğe geç"),
        ("uk", "Перейти до змісту"),
        ("ru", "Перейти к содержанию"),
    ],
)
def test_the_skip_link_comes_out_in_the_language(compiled_catalogues, language, text):
    with translation.override(language):
        assert gettext("Skip to content") == text


@pytest.mark.parametrize(
    ("language", "count", "text"),
    [
        ("ar", 0, "لم يُعثر على أي خدمة."),
        ("ar", 2, "عُثر على خدمتين."),
        ("ar", 5, "عُثر على 5 خدمات."),
        ("ar", 11, "عُثر على 11 خدمةً."),
        ("ar", 100, "عُثر على 100 خدمة."),
        ("ru", 21, "Найдена 21 услуга."),
        ("ru", 3, "Найдены 3 услуги."),
        ("ru", 12, "Найдено 12 услуг."),
        ("uk", 5, "Знайдено 5 послуг."),
    ],
)
def test_the_result_count_takes_the_language_plural_form(
    compiled_catalogues, language, count, text
):
    with translation.override(language):
        found = ngettext("One offer found.", "%(counter)s offers found.", count)
        assert found % {"counter": count} == text
