"""Rich text (core/richtext.py): the editor's HTML is kept to the allow-list, plain text
from imports is shown as paragraphs, and search and exports get the words alone."""

from ankommen.core import richtext


def test_the_editors_html_loses_scripts_and_event_handlers():
    stored = richtext.clean(
        '<p onclick="steal()">Kurs <strong>mit</strong> Kinderbetreuung</p>'
        '<script>alert(1)</script><p><a href="javascript:alert(1)">Link</a></p>'
    )
    assert stored == (
        "<p>Kurs <strong>mit</strong> Kinderbetreuung</p>"
        '<p><a rel="noopener noreferrer">Link</a></p>'
    )


def test_an_editor_who_leaves_only_empty_paragraphs_has_written_nothing():
    assert richtext.clean("<p><br></p><p> </p>") == ""


def test_plain_text_from_an_import_is_kept_and_shown_as_escaped_paragraphs():
    text = "Dienstags 9 < 12 Uhr.\n\nMit Anmeldung & Kinderbetreuung."
    assert richtext.clean(f"  {text} ") == text
    assert richtext.render(text) == (
        "<p>Dienstags 9 &lt; 12 Uhr.</p>\n\n<p>Mit Anmeldung &amp; Kinderbetreuung.</p>"
    )


def test_stored_html_is_sanitised_again_when_shown():
    shown = richtext.render('<p>Hallo</p><img src=x onerror="alert(1)">')
    assert shown == "<p>Hallo</p>"


def test_the_editor_opens_plain_text_as_paragraphs():
    assert richtext.for_editor("Eins\n\nZwei") == "<p>Eins</p>\n\n<p>Zwei</p>"
    assert richtext.for_editor("<p>Eins</p>") == "<p>Eins</p>"


def test_search_and_calendar_files_get_the_words_without_markup():
    assert richtext.plain_text(
        "<h2>Kurs</h2><ul><li>Montag &amp; Mittwoch</li><li>9 Uhr</li></ul>"
    ) == ("Kurs\nMontag & Mittwoch\n9 Uhr")
