import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ankommen.core.models import ConflictError, Language
from ankommen.portal.models import Page, PageRevision, PageTranslation, TranslationState, sanitise
from ankommen.portal.services import SourceChangedError, restore_revision, save_translation
from ankommen.portal.tests.factories import PageFactory

pytestmark = pytest.mark.django_db


def german_of(page):
    return PageTranslation.objects.get(page=page, language__code="de")


def edit_german(page, body="<p>Neu</p>", minor=False):
    german = german_of(page)
    return save_translation(
        page,
        german.language,
        title=german.title,
        body=body,
        opened_source_version=page.source_version,
        expected_version=german.version,
        minor=minor,
    )


def test_demo_has_at_least_twelve_pages_in_every_language(portal):
    pages = Page.objects.filter(region=portal)
    assert pages.count() >= 12
    for language in portal.languages.all():
        assert PageTranslation.objects.filter(page__in=pages, language=language).count() == (
            pages.count()
        ), language.code


def test_loading_the_demo_twice_writes_nothing_more(portal):
    import io

    from ankommen.portal.demo import load_demo_pages

    before = (Page.objects.count(), PageTranslation.objects.count(), PageRevision.objects.count())
    out = io.StringIO()
    load_demo_pages(stdout=out, region=portal)
    after = (Page.objects.count(), PageTranslation.objects.count(), PageRevision.objects.count())
    assert before == after
    assert out.getvalue() == ""


def test_changing_the_german_text_makes_all_ten_translations_outdated(portal):
    page = Page.objects.get(region=portal, slug="jobcenter")
    edit_german(page)
    page.refresh_from_db()
    states = [t.state(page) for t in page.translations.exclude(language__code="de")]
    assert len(states) == 10
    assert set(states) == {TranslationState.OUTDATED}


def test_a_minor_german_edit_leaves_translations_up_to_date(portal):
    page = Page.objects.get(region=portal, slug="notfall")
    edit_german(page, minor=True)
    page.refresh_from_db()
    assert page.source_version == 1
    assert {t.state(page) for t in page.translations.all()} == {TranslationState.UP_TO_DATE}


def test_a_translation_made_from_an_older_german_version_is_refused(portal):
    page = Page.objects.get(region=portal, slug="wohnen")
    english = page.translations.get(language__code="en")
    opened = page.source_version
    edit_german(page)
    with pytest.raises(SourceChangedError) as raised:
        save_translation(
            page,
            english.language,
            title="Changed",
            body="<p>x</p>",
            opened_source_version=opened,
            expected_version=english.version,
        )
    with translation.override("en"):
        message = raised.value.message
    assert "version 1" in message and "version 2" in message
    english.refresh_from_db()
    assert english.title == "Housing"


def test_a_translation_saved_by_someone_else_meanwhile_is_not_overwritten(portal):
    page = Page.objects.get(region=portal, slug="wohnen")
    english = page.translations.get(language__code="en")
    arguments = {
        "title": "First",
        "body": "",
        "opened_source_version": page.source_version,
        "expected_version": english.version,
    }
    save_translation(page, english.language, **arguments)
    with pytest.raises(ConflictError):
        save_translation(page, english.language, **{**arguments, "title": "Second"})
    english.refresh_from_db()
    assert english.title == "First"


def test_every_save_keeps_a_revision_that_can_be_restored(portal):
    page = Page.objects.get(region=portal, slug="wohnen")
    english = page.translations.get(language__code="en")
    save_translation(
        page,
        english.language,
        title="Flats",
        body="<p>new</p>",
        opened_source_version=page.source_version,
        expected_version=english.version,
    )
    english.refresh_from_db()
    first = english.revisions.get(number=1)
    restore_revision(first, expected_version=english.version, author=None)
    english.refresh_from_db()
    assert english.title == "Housing"
    assert english.revisions.count() == 3


def test_html_is_sanitised_with_an_allow_list():
    cleaned = sanitise(
        '<p onclick="x()">Hi<script>alert(1)</script> <a href="javascript:alert(1)">a</a>'
        '<a href="https://example.org">b</a><img src=x onerror=y><style>p{}</style></p>'
    )
    assert "script" not in cleaned and "onclick" not in cleaned and "javascript" not in cleaned
    assert "<img" not in cleaned and "style" not in cleaned
    assert 'href="https://example.org"' in cleaned


def test_a_saved_translation_is_stored_sanitised(portal):
    page = Page.objects.get(region=portal, slug="wohnen")
    english = page.translations.get(language__code="en")
    saved = save_translation(
        page,
        english.language,
        title="Housing",
        body='<p>ok</p><script>evil()</script><a href="javascript:x">l</a>',
        opened_source_version=page.source_version,
        expected_version=english.version,
    )
    saved.refresh_from_db()
    assert "script" not in saved.body and "javascript" not in saved.body


def test_a_page_cannot_become_its_own_ancestor(cast):
    top = PageFactory(region=cast.region, slug="oben")
    below = PageFactory(region=cast.region, slug="unten", parent=top)
    top.parent = below
    with pytest.raises(ValidationError) as raised:
        top.full_clean()
    assert raised.value.error_dict["parent"][0].code == "cycle"


def test_a_page_cannot_use_a_slug_of_the_portal(cast):
    page = Page(region=cast.region, slug="kiosk")
    with pytest.raises(ValidationError) as raised:
        page.full_clean()
    assert raised.value.error_dict["slug"][0].code == "reserved_slug"


def test_a_town_of_another_region_is_refused(cast):
    other_town = cast.other_region.areas.first()
    page = Page(region=cast.region, slug="bunde", town=other_town)
    with pytest.raises(ValidationError) as raised:
        page.full_clean()
    assert "town" in raised.value.error_dict


def test_machine_translation_is_unreviewed_until_a_person_checks_it(portal):
    page = Page.objects.get(region=portal, slug="wohnen")
    polish = Language.objects.get(code="pl")
    row = page.translations.get(language=polish)
    saved = save_translation(
        page,
        polish,
        title="Mieszkanie",
        body="",
        opened_source_version=page.source_version,
        expected_version=row.version,
        machine_translated=True,
    )
    assert saved.state() == TranslationState.MACHINE
    saved.reviewed = True
    assert saved.state() == TranslationState.REVIEWED
