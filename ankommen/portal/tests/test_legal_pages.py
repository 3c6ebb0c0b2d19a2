"""Issue 15 item 5: the region's imprint, privacy statement and accessibility statement, in
every content language, edited by the region's editors; the accessibility statement's
feedback form reaches them (stored, listed, mailed)."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from ankommen.core.models import Language
from ankommen.outbox.models import OutgoingMail
from ankommen.portal.content import Portal
from ankommen.portal.models import (
    LEGAL_SLUGS,
    AccessibilityFeedback,
    Page,
    PageKind,
    PageTranslation,
)
from ankommen.portal.services import save_translation

pytestmark = pytest.mark.django_db

R = "kreis-guetersloh"
LANGUAGES = ("de", "en", "ar", "uk", "ru", "ro", "pl", "bg", "tr", "fa", "de-x-ls")


def _url(name: str, language: str = "de") -> str:
    return reverse(f"portal:{name}", kwargs={"region": R, "language": language})


def _message(**extra) -> dict:
    return {
        "message": "Die Karte kann ich mit dem Screenreader nicht bedienen.",
        "address": "/kreis-guetersloh/de/angebote/",
        "name": "",
        "email": "leser@example.org",
        "submission_key": str(uuid.uuid4()),
        **extra,
    }


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ["imprint", "privacy", "accessibility"])
def test_every_legal_page_of_the_demo_answers_in_every_language(client, portal, name, language):
    response = client.get(_url(name, language))
    assert response.status_code == 200


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_legal_page_is_shown_in_the_asked_language_not_in_german(client, portal, language):
    response = client.get(_url("privacy", language))
    title = PageTranslation.objects.get(
        page__region=portal, page__kind=PageKind.PRIVACY, language__code=language
    ).title
    assert f"<h1>{title}</h1>" in response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_demo_has_a_translation_of_each_legal_page_in_every_language(portal, language):
    found = PageTranslation.objects.filter(
        page__region=portal, page__kind__in=["imprint", "privacy", "accessibility"]
    ).filter(language__code=language)
    assert found.count() == 3


def test_the_imprint_names_the_district_administrations_address(client, portal):
    response = client.get(_url("imprint"))
    assert "Herzebrocker Straße 140" in response.content.decode()


def test_the_accessibility_statement_names_the_enforcement_body(client, portal):
    response = client.get(_url("accessibility", "ro"))
    assert "Ombudsstelle für barrierefreie Informationstechnik NRW" in response.content.decode()


def test_a_region_without_a_published_imprint_answers_404(client, portal):
    Page.objects.filter(region=portal, kind=PageKind.IMPRINT).update(status=Page.Status.DRAFT)
    assert client.get(_url("imprint")).status_code == 404


def test_the_footer_of_a_portal_page_links_the_three_legal_pages(client, portal):
    content = client.get(reverse("portal:index", args=[R, "ro"])).content.decode()
    assert all(_url(name, "ro") in content for name in ("imprint", "privacy", "accessibility"))


def test_legal_pages_are_not_in_the_page_tree(portal):
    tree = Portal(portal, Language.objects.get(code="de"))
    assert {"impressum", "datenschutz", "barrierefreiheit"} & set(tree.by_slug) == set()


def test_legal_pages_are_not_found_by_the_portal_search(client, portal):
    response = client.get(reverse("search:results", args=[R, "de"]), {"q": "Aufsichtsbehörde"})
    pages = response.context["results"].groups.get("page", [])
    assert [hit.key for hit in pages if hit.key in LEGAL_SLUGS.values()] == []


def test_a_legal_page_must_have_its_own_slug(portal):
    page = Page(region=portal, kind=PageKind.PRIVACY, slug="daten")
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "slug" in error.value.error_dict


def test_a_legal_page_belongs_to_no_town(portal, cast):
    page = Page(region=portal, kind=PageKind.PRIVACY, slug="datenschutz", town=cast.verl)
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "town" in error.value.error_dict


def test_a_tree_page_cannot_take_a_legal_pages_slug(portal):
    page = Page(region=portal, slug="barrierefreiheit")
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "slug" in error.value.error_dict


# --- Editing -------------------------------------------------------------------------------


def _imprint(region) -> Page:
    return Page.objects.get(region=region, kind=PageKind.IMPRINT)


def _edit_url(page: Page, language: str = "de") -> str:
    return reverse("portal_staff:edit", args=[R, page.pk, language])


def test_the_ki_coordinator_edits_the_imprint_and_the_public_page_shows_it(client, portal, cast):
    page = _imprint(portal)
    german = PageTranslation.objects.get(page=page, language__code="de")
    client.force_login(cast.ki_coordinator)
    response = client.post(
        _edit_url(page),
        {
            "title": "Impressum",
            "summary": "",
            "body": "<p>Kreis Gütersloh, Herzebrocker Straße 140, 33334 Gütersloh, Zimmer 1</p>",
            "opened_source_version": page.source_version,
            "expected_version": german.version,
        },
    )
    assert response.status_code == 302
    client.logout()
    assert "Zimmer 1" in client.get(_url("imprint")).content.decode()


def test_an_edit_of_the_german_imprint_makes_its_translations_outdated(portal, cast):
    page = _imprint(portal)
    german = PageTranslation.objects.get(page=page, language__code="de")
    save_translation(
        page,
        german.language,
        title=german.title,
        summary=german.summary,
        body=german.body + "<p>Neu</p>",
        opened_source_version=page.source_version,
        expected_version=german.version,
        author=cast.ki_coordinator,
    )
    page.refresh_from_db()
    romanian = PageTranslation.objects.get(page=page, language__code="ro")
    assert romanian.state(page) == "outdated"


def test_an_organisation_editor_may_not_edit_the_imprint(client, portal, cast):
    client.force_login(cast.caritas_editor)
    assert client.get(_edit_url(_imprint(portal))).status_code == 403


def test_a_municipal_officer_may_not_edit_the_imprint(client, portal, cast):
    client.force_login(cast.officer_verl)
    assert client.get(_edit_url(_imprint(portal))).status_code == 403


def test_the_coordinator_of_another_region_cannot_reach_the_imprint(client, portal, cast):
    client.force_login(cast.other_coordinator)
    assert client.get(_edit_url(_imprint(portal))).status_code == 404


def test_the_staff_index_lists_the_legal_pages_for_the_coordinator(client, portal, cast):
    client.force_login(cast.ki_coordinator)
    response = client.get(reverse("portal_staff:index", args=[R]))
    assert {page.kind for page in response.context["legal_pages"]} == {
        "imprint",
        "privacy",
        "accessibility",
    }


def test_legal_pages_are_not_moved_with_the_arrow_buttons(client, portal, cast):
    page = _imprint(portal)
    before = page.position
    client.force_login(cast.ki_coordinator)
    client.post(
        reverse("portal_staff:move", args=[R, page.pk]),
        {"direction": "up", "expected_version": page.version},
    )
    page.refresh_from_db()
    assert (page.parent_id, page.position) == (None, before)


# --- Feedback form -------------------------------------------------------------------------


@pytest.fixture
def coordinator_with_mail(cast):
    cast.ki_coordinator.email = "katrin@example.org"
    cast.ki_coordinator.save()
    return cast.ki_coordinator


def test_a_message_is_stored_for_the_region(client, portal):
    client.post(_url("accessibility", "ar"), _message())
    row = AccessibilityFeedback.objects.get()
    assert (row.region, row.language.code, row.email) == (portal, "ar", "leser@example.org")


def test_a_message_is_mailed_to_the_regions_ki_coordinators(client, portal, coordinator_with_mail):
    client.post(_url("accessibility"), _message())
    assert OutgoingMail.objects.get().recipients == ["katrin@example.org"]


def test_the_mail_answers_to_the_sender(client, portal, coordinator_with_mail):
    client.post(_url("accessibility"), _message())
    assert OutgoingMail.objects.get().reply_to == ["leser@example.org"]


def test_after_sending_the_visitor_is_thanked_on_the_statement(client, portal):
    response = client.post(_url("accessibility"), _message(), follow=True)
    with translation.override("de"):
        assert "Vielen Dank" in response.content.decode()


def test_a_form_sent_twice_stores_one_message(client, portal, coordinator_with_mail):
    data = _message()
    client.post(_url("accessibility"), data)
    client.post(_url("accessibility"), data)
    assert (AccessibilityFeedback.objects.count(), OutgoingMail.objects.count()) == (1, 1)


def test_an_empty_message_is_refused_and_the_input_kept(client, portal):
    response = client.post(_url("accessibility"), _message(message=" ", name="Rana Haddad"))
    assert response.status_code == 400
    assert 'value="Rana Haddad"' in response.content.decode()


def test_a_refused_message_stores_nothing(client, portal):
    client.post(_url("accessibility"), _message(email="no address"))
    assert not AccessibilityFeedback.objects.exists()


def test_too_many_messages_from_one_address_answer_429(client, portal, settings):
    settings.API_FEEDBACK_RATE_LIMIT_PER_MINUTE = 2
    answers = [client.post(_url("accessibility"), _message()).status_code for _ in range(3)]
    assert answers == [302, 302, 429]


def test_the_coordinator_sees_the_messages_on_her_staff_page(client, portal, cast):
    client.post(_url("accessibility"), _message())
    client.force_login(cast.ki_coordinator)
    response = client.get(reverse("portal_staff:feedback", args=[R]))
    assert "Screenreader" in response.content.decode()


def test_an_organisation_editor_may_not_read_the_messages(client, portal, cast):
    client.force_login(cast.caritas_editor)
    assert client.get(reverse("portal_staff:feedback", args=[R])).status_code == 403


def test_the_coordinator_of_another_region_cannot_reach_the_messages(client, portal, cast):
    client.force_login(cast.other_coordinator)
    assert client.get(reverse("portal_staff:feedback", args=[R])).status_code == 404


def test_the_coordinator_marks_a_message_as_answered(client, portal, cast):
    client.post(_url("accessibility"), _message())
    row = AccessibilityFeedback.objects.get()
    client.force_login(cast.ki_coordinator)
    client.post(reverse("portal_staff:feedback_answered", args=[R, row.pk]))
    row.refresh_from_db()
    assert row.handled_at is not None


def test_marking_as_answered_refuses_get(client, portal, cast):
    client.post(_url("accessibility"), _message())
    row = AccessibilityFeedback.objects.get()
    client.force_login(cast.ki_coordinator)
    response = client.get(reverse("portal_staff:feedback_answered", args=[R, row.pk]))
    assert response.status_code == 405
