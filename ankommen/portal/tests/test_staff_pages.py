import pytest
from django.test import Client
from django.utils import translation

from ankommen.portal.models import Page, PageTranslation, TranslationState
from ankommen.portal.tests.factories import PageFactory, PageTranslationFactory

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
def verl_page(portal, cast):
    page = PageFactory(region=portal, town=cast.verl, slug="verl-ankommen")
    PageTranslationFactory(page=page, title="Ankommen in Verl")
    return page


def test_the_coordinator_changes_a_german_page_and_ten_translations_turn_outdated(
    portal, cast, client_for
):
    client = client_for(cast.ki_coordinator)
    page = Page.objects.get(region=portal, slug="jobcenter")
    data = form_data(client, page, "de", body="<p>Das Jobcenter hat neue Öffnungszeiten.</p>")
    response = client.post(edit_url(page, "de"), data)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.source_version == 2
    board = client.get("/kreis-guetersloh/intern/portal/").content.decode()
    assert board.count(">1</td>") >= 10  # one outdated page per language
    states = [t.state(page) for t in page.translations.exclude(language__code="de")]
    assert states.count(TranslationState.OUTDATED) == 10


def test_the_board_lists_outdated_pages_oldest_first(portal, cast, client_for):
    client = client_for(cast.ki_coordinator)
    for slug in ("wohnen", "notfall"):
        page = Page.objects.get(region=portal, slug=slug)
        client.post(edit_url(page, "de"), form_data(client, page, "de", body=f"<p>{slug}</p>"))
    html = client.get("/kreis-guetersloh/intern/portal/uk/").content.decode()
    assert html.index("Wohnen") < html.index("Notfall")
    assert 'data-state="outdated"' in html


def test_a_translation_opened_before_the_german_changed_is_refused_with_a_message(
    portal, cast, client_for
):
    client = client_for(cast.ki_coordinator)
    page = Page.objects.get(region=portal, slug="wohnen")
    stale = form_data(client, page, "en", title="Homes")
    client.post(edit_url(page, "de"), form_data(client, page, "de", body="<p>neu</p>"))
    response = client.post(edit_url(page, "en"), stale, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    assert "The German text changed after you opened this translation" in (
        response.content.decode()
    )
    assert PageTranslation.objects.get(page=page, language__code="en").title == "Housing"


def test_two_editors_saving_one_translation_do_not_overwrite_each_other(portal, cast, client_for):
    client = client_for(cast.ki_coordinator)
    page = Page.objects.get(region=portal, slug="wohnen")
    first = form_data(client, page, "en", title="Homes")
    second = dict(first, title="Flats")
    assert client.post(edit_url(page, "en"), first).status_code == 302
    response = client.post(edit_url(page, "en"), second, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    assert "Someone else saved this translation" in response.content.decode()
    assert PageTranslation.objects.get(page=page, language__code="en").title == "Homes"


def test_the_officer_edits_her_towns_page(verl_page, cast, client_for):
    client = client_for(cast.officer_verl)
    response = client.post(
        edit_url(verl_page, "de"), form_data(client, verl_page, "de", title="Willkommen in Verl")
    )
    assert response.status_code == 302
    assert verl_page.translations.get(language__code="de").title == "Willkommen in Verl"


def test_the_officer_may_not_edit_the_region_pages(portal, cast, client_for):
    page = Page.objects.get(region=portal, slug="wohnen")
    client = client_for(cast.officer_verl)
    assert client.get(edit_url(page, "de")).status_code == 403
    response = client.post(edit_url(page, "de"), {"title": "x", "expected_version": 1})
    assert response.status_code == 403
    assert page.translations.get(language__code="de").title == "Wohnen"


def test_another_towns_officer_may_not_edit_the_page(verl_page, cast, client_for):
    client = client_for(cast.officer_versmold)
    response = client.post(edit_url(verl_page, "de"), {"title": "x", "expected_version": 1})
    assert response.status_code == 403
    assert verl_page.translations.get(language__code="de").title == "Ankommen in Verl"


@pytest.mark.parametrize("person", ["caritas_editor", "volunteer", "case_manager"])
def test_other_roles_may_not_edit(verl_page, cast, client_for, person):
    client = client_for(getattr(cast, person))
    response = client.post(edit_url(verl_page, "de"), {"title": "x", "expected_version": 1})
    assert response.status_code in (403, 404)
    assert verl_page.translations.get(language__code="de").title == "Ankommen in Verl"


def test_another_regions_coordinator_sees_nothing(verl_page, cast, client_for):
    client = client_for(cast.other_coordinator)
    assert client.get("/kreis-guetersloh/intern/portal/").status_code == 404
    response = client.post(edit_url(verl_page, "de"), {"title": "x", "expected_version": 1})
    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(verl_page, client):
    response = client.post(edit_url(verl_page, "de"), {"title": "x", "expected_version": 1})
    assert response.status_code == 302 and "/anmelden/" in response["Location"]
    assert verl_page.translations.get(language__code="de").title == "Ankommen in Verl"


@pytest.mark.parametrize("action", ["maschinell/", "geprueft/", "version/1/"])
def test_state_changes_answer_405_to_get(verl_page, cast, client_for, action):
    client = client_for(cast.ki_coordinator)
    assert client.get(edit_url(verl_page, "en") + action).status_code == 405


def test_moving_answers_405_to_get(verl_page, cast, client_for):
    client = client_for(cast.ki_coordinator)
    url = f"/kreis-guetersloh/intern/portal/seite/{verl_page.pk}/verschieben/"
    assert client.get(url).status_code == 405


def test_moving_a_page_up_swaps_it_with_the_one_before(portal, cast, client_for):
    client = client_for(cast.ki_coordinator)
    first = Page.objects.get(region=portal, slug="ankommen-und-anmelden")
    second = Page.objects.get(region=portal, slug="aufenthalt")
    url = f"/kreis-guetersloh/intern/portal/seite/{second.pk}/verschieben/"
    client.post(url, {"direction": "up"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.position < first.position


def test_reviewing_a_machine_translation_marks_it_reviewed(portal, cast, client_for):
    page = Page.objects.get(region=portal, slug="wohnen")
    row = page.translations.get(language__code="tr")
    PageTranslation.objects.filter(pk=row.pk).update(machine_translated=True)
    client = client_for(cast.ki_coordinator)
    client.post(edit_url(page, "tr") + "geprueft/", {"expected_version": row.version})
    row.refresh_from_db()
    assert row.state() == TranslationState.REVIEWED


def test_restoring_a_version_brings_back_its_text(portal, cast, client_for):
    client = client_for(cast.ki_coordinator)
    page = Page.objects.get(region=portal, slug="wohnen")
    client.post(edit_url(page, "en"), form_data(client, page, "en", title="Homes"))
    row = page.translations.get(language__code="en")
    client.post(edit_url(page, "en") + "version/1/", {"expected_version": row.version})
    row.refresh_from_db()
    assert row.title == "Housing" and row.version == 3


def test_broken_internal_links_are_reported_on_the_board(portal, cast, client_for):
    client = client_for(cast.ki_coordinator)
    Page.objects.filter(region=portal, slug="gesundheit").update(status=Page.Status.DRAFT)
    html = client.get("/kreis-guetersloh/intern/portal/en/").content.decode()
    assert "/kreis-guetersloh/en/gesundheit/" in html.split("portal-broken")[1]


def test_the_edit_form_sanitises_what_it_saves(portal, cast, client_for):
    client = client_for(cast.ki_coordinator)
    page = Page.objects.get(region=portal, slug="wohnen")
    data = form_data(client, page, "en", body='<p onclick="x()">a</p><script>bad()</script>')
    client.post(edit_url(page, "en"), data)
    body = page.translations.get(language__code="en").body
    assert body == "<p>a</p>"


def test_the_coordinator_edits_page_settings_in_the_admin(portal, cast, client_for):
    page = Page.objects.get(region=portal, slug="wohnen")
    response = client_for(cast.ki_coordinator).get(f"/admin/portal/page/{page.pk}/change/")
    assert response.status_code == 200


def test_the_officer_may_not_add_a_region_page_in_the_admin(portal, cast, client_for):
    client = client_for(cast.officer_verl)
    client.post(
        "/admin/portal/page/add/",
        {"region": portal.pk, "slug": "neu", "position": 0, "status": "draft"},
    )
    assert not Page.objects.filter(slug="neu").exists()


def test_the_officer_adds_a_page_for_her_town_in_the_admin(portal, cast, client_for):
    client = client_for(cast.officer_verl)
    response = client.post(
        "/admin/portal/page/add/",
        {
            "region": portal.pk,
            "kind": "page",
            "town": cast.verl.pk,
            "slug": "neu-in-verl",
            "position": 0,
            "status": "draft",
            "translations-TOTAL_FORMS": 0,
            "translations-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Page.objects.get(slug="neu-in-verl").town == cast.verl


# --- Reordering: arrow buttons and dragging share one rule ---------------------------------


def drop_url(page):
    return f"/kreis-guetersloh/intern/portal/seite/{page.pk}/ziehen/"


def slugs_in_order(region, parent=None):
    return list(
        Page.objects.filter(region=region, parent=parent)
        .order_by("position", "slug")
        .values_list("slug", flat=True)
    )


def test_the_coordinator_drops_a_page_before_another(portal, cast, client_for):
    emergency = Page.objects.get(region=portal, slug="notfall")
    housing = Page.objects.get(region=portal, slug="wohnen")
    response = client_for(cast.ki_coordinator).post(
        drop_url(emergency),
        {"target": housing.pk, "place": "before", "expected_version": emergency.version},
    )
    assert response.status_code == 200
    order = slugs_in_order(portal)
    assert order.index("notfall") == order.index("wohnen") - 1


def test_a_page_dropped_after_a_child_page_moves_below_its_parent(portal, cast, client_for):
    emergency = Page.objects.get(region=portal, slug="notfall")
    jobcenter = Page.objects.get(region=portal, slug="jobcenter")
    client_for(cast.ki_coordinator).post(
        drop_url(emergency),
        {"target": jobcenter.pk, "place": "after", "expected_version": emergency.version},
    )
    assert slugs_in_order(portal, jobcenter.parent) == ["jobcenter", "notfall"]


def test_a_dropped_page_shows_in_its_new_place_on_the_public_portal(
    portal, cast, client, client_for
):
    before = client.get("/kreis-guetersloh/de/").content.decode()
    assert before.index("Wohnen") < before.index("Notfall")
    emergency = Page.objects.get(region=portal, slug="notfall")
    housing = Page.objects.get(region=portal, slug="wohnen")
    client_for(cast.ki_coordinator).post(
        drop_url(emergency),
        {"target": housing.pk, "place": "before", "expected_version": emergency.version},
    )
    after = client.get("/kreis-guetersloh/de/").content.decode()
    assert after.index("Notfall") < after.index("Wohnen")


def test_a_page_dropped_onto_its_own_child_is_refused(portal, cast, client_for):
    work = Page.objects.get(region=portal, slug="arbeit-und-anerkennung")
    jobcenter = Page.objects.get(region=portal, slug="jobcenter")
    with translation.override("en"):
        response = client_for(cast.ki_coordinator).post(
            drop_url(work),
            {"target": jobcenter.pk, "place": "after", "expected_version": work.version},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 400
    assert response.json()["error"] == "A page cannot lie below itself."
    work.refresh_from_db()
    assert work.parent_id is None


def test_a_drop_from_a_stale_tree_is_refused_and_moves_nothing(portal, cast, client_for):
    emergency = Page.objects.get(region=portal, slug="notfall")
    housing = Page.objects.get(region=portal, slug="wohnen")
    order = slugs_in_order(portal)
    response = client_for(cast.ki_coordinator).post(
        drop_url(emergency),
        {"target": housing.pk, "place": "before", "expected_version": emergency.version + 1},
    )
    assert response.status_code == 409
    assert slugs_in_order(portal) == order


def test_the_officer_may_not_drag_a_region_page(portal, cast, client_for):
    emergency = Page.objects.get(region=portal, slug="notfall")
    housing = Page.objects.get(region=portal, slug="wohnen")
    response = client_for(cast.officer_verl).post(
        drop_url(emergency),
        {"target": housing.pk, "place": "before", "expected_version": emergency.version},
    )
    assert response.status_code == 403


def test_another_towns_officer_may_not_drag_the_towns_page(verl_page, portal, cast, client_for):
    housing = Page.objects.get(region=portal, slug="wohnen")
    response = client_for(cast.officer_versmold).post(
        drop_url(verl_page),
        {"target": housing.pk, "place": "before", "expected_version": verl_page.version},
    )
    assert response.status_code == 403


def test_the_officer_drags_her_towns_page(verl_page, portal, cast, client_for):
    housing = Page.objects.get(region=portal, slug="wohnen")
    response = client_for(cast.officer_verl).post(
        drop_url(verl_page),
        {"target": housing.pk, "place": "after", "expected_version": verl_page.version},
    )
    assert response.status_code == 200
    order = slugs_in_order(portal)
    assert order.index("verl-ankommen") == order.index("wohnen") + 1


def test_another_regions_coordinator_may_not_drag(verl_page, portal, cast, client_for):
    housing = Page.objects.get(region=portal, slug="wohnen")
    response = client_for(cast.other_coordinator).post(
        drop_url(verl_page),
        {"target": housing.pk, "place": "before", "expected_version": verl_page.version},
    )
    assert response.status_code == 404


def test_a_page_cannot_be_dropped_next_to_another_regions_page(portal, cast, client_for):
    foreign = PageFactory(region=cast.other_region, slug="ankommen-in-herford")
    emergency = Page.objects.get(region=portal, slug="notfall")
    response = client_for(cast.admin).post(
        drop_url(emergency),
        {"target": foreign.pk, "place": "before", "expected_version": emergency.version},
    )
    assert response.status_code == 404
    emergency.refresh_from_db()
    assert emergency.parent_id is None


def test_anonymous_visitors_may_not_drag(verl_page, portal, client):
    housing = Page.objects.get(region=portal, slug="wohnen")
    response = client.post(
        drop_url(verl_page),
        {"target": housing.pk, "place": "before", "expected_version": verl_page.version},
    )
    assert response.status_code == 302
    assert "/anmelden/" in response["Location"]


def test_dragging_answers_405_to_get(verl_page, cast, client_for):
    assert client_for(cast.ki_coordinator).get(drop_url(verl_page)).status_code == 405


def test_a_drop_without_csrf_token_is_refused(verl_page, portal, cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.ki_coordinator)
    housing = Page.objects.get(region=portal, slug="wohnen")
    response = client.post(
        drop_url(verl_page),
        {"target": housing.pk, "place": "before", "expected_version": verl_page.version},
    )
    assert response.status_code == 403


def test_a_button_move_from_a_stale_tree_is_refused(portal, cast, client_for):
    second = Page.objects.get(region=portal, slug="aufenthalt")
    order = slugs_in_order(portal)
    client_for(cast.ki_coordinator).post(
        f"/kreis-guetersloh/intern/portal/seite/{second.pk}/verschieben/",
        {"direction": "up", "expected_version": second.version + 1},
    )
    assert slugs_in_order(portal) == order
