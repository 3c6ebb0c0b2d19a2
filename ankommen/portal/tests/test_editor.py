"""The page editor: rich-text widget, preview, the word-level difference of the German,
states in words, the machine-translation action only with a provider."""

import pytest
from django.utils import translation

from ankommen.portal.models import Page, PageTranslation

pytestmark = pytest.mark.django_db


def edit_url(page, code):
    return f"/kreis-guetersloh/intern/portal/seite/{page.pk}/{code}/"


def form_data(client, page, code, **changes):
    form = client.get(edit_url(page, code)).context["form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    data = {k: v for k, v in data.items() if v is not None and v is not False}
    data.update(changes)
    return data


@pytest.fixture
def german(settings):
    settings.LANGUAGE_CODE = "de"
    with translation.override("de"):
        yield


def test_the_text_field_is_the_rich_text_editor_with_its_script(portal, cast, client_for):
    page = Page.objects.get(region=portal, slug="jobcenter")
    html = client_for(cast.ki_coordinator).get(edit_url(page, "de")).content.decode()
    assert 'name="body"' in html and "data-richtext=" in html
    assert "core/quill/quill.js" in html and "core/richtext.js" in html


def test_the_state_is_shown_in_words_of_the_interface_language(portal, cast, client_for):
    page = Page.objects.get(region=portal, slug="jobcenter")
    client = client_for(cast.ki_coordinator)
    client.cookies["django_language"] = "de"
    html = client.get(edit_url(page, "ro"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    state = PageTranslation.objects.get(page=page, language__code="ro").state(page)
    assert state == "up_to_date"
    assert 'data-state="up_to_date">aktuell<' in html


def test_the_machine_translation_action_is_offered_only_with_a_provider(
    portal, cast, client_for, settings
):
    page = Page.objects.get(region=portal, slug="jobcenter")
    client = client_for(cast.ki_coordinator)
    machine = f"/kreis-guetersloh/intern/portal/seite/{page.pk}/ro/maschinell/"
    settings.PORTAL_MACHINE_TRANSLATION = {"provider": "", "url": ""}
    assert machine not in client.get(edit_url(page, "ro")).content.decode()
    settings.PORTAL_MACHINE_TRANSLATION = {"provider": "libretranslate", "url": "http://x"}
    assert machine in client.get(edit_url(page, "ro")).content.decode()


def test_a_changed_german_text_is_shown_to_the_translator_word_by_word(portal, cast, client_for):
    page = Page.objects.get(region=portal, slug="jobcenter")
    client = client_for(cast.ki_coordinator)
    old_body = PageTranslation.objects.get(page=page, language__code="de").body
    new_body = old_body.replace("</p>", " Neu: dienstags geschlossen.</p>", 1)
    response = client.post(edit_url(page, "de"), form_data(client, page, "de", body=new_body))
    assert response.status_code == 302
    response = client.get(edit_url(page, "ro"))
    compare = response.context["compare"]
    assert [field["label"] for field in compare] == ["Text"]
    added = [s.text.strip() for s in compare[0]["segments"] if s.is_added]
    assert added == ["Neu: dienstags geschlossen."]
    section = response.content.decode().split('class="word-diff"')[1].split("</section>")[0]
    assert "<ins> Neu: dienstags geschlossen.</ins>" in section
    assert "@@" not in section and "&lt;p&gt;" not in section  # no raw diff of the HTML


def test_preview_shows_the_sanitised_text_and_saves_nothing(portal, cast, client_for):
    page = Page.objects.get(region=portal, slug="jobcenter")
    client = client_for(cast.ki_coordinator)
    row = PageTranslation.objects.get(page=page, language__code="de")
    data = form_data(
        client,
        page,
        "de",
        body='<h2>Vorschau</h2><p onclick="x()">Text<script>alert(1)</script></p>',
        preview="1",
    )
    response = client.post(edit_url(page, "de"), data)
    assert response.status_code == 200
    assert response.context["preview"]["body"] == "<h2>Vorschau</h2><p>Text</p>"
    assert (
        "alert(1)"
        not in response.content.decode().split('id="preview-heading"')[1].split("</section>")[0]
    )
    row_after = PageTranslation.objects.get(pk=row.pk)
    assert (row_after.body, row_after.version) == (row.body, row.version)
