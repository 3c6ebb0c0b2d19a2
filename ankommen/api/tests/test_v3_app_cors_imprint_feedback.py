"""Issue 19 items 1–3: what the Integreat app needs beyond the answers' shapes. CORS on the
read API, its app paths and the files it references (the web app is served from another
origin), the region's imprint under `imprint/`, and every feedback kind the app sends."""

import pytest
from django.test import override_settings

from ankommen.api.models import Feedback
from ankommen.core.models import Language
from ankommen.portal.models import Page, PageKind, PageTranslation

R = "/api/v3/kreis-guetersloh"
APP = "https://web.integreat-app.de"


# --- CORS ----------------------------------------------------------------------------------


def test_a_v3_answer_allows_every_origin(client, verl_region):
    response = client.get(f"{R}/de/pages/", headers={"Origin": APP})
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_v3_answer_from_the_cache_allows_every_origin(client, verl_region):
    client.get(f"{R}/de/pages/", headers={"Origin": APP})
    response = client.get(f"{R}/de/pages/", headers={"Origin": APP})
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_v3_answer_varies_with_the_origin_for_shared_caches(client, verl_region):
    response = client.get(f"{R}/de/pages/", headers={"Origin": APP})
    assert "origin" in response["Vary"].lower()


def test_a_v3_404_allows_every_origin(client, verl_region):
    response = client.get(f"{R}/de/page/?id=999999", headers={"Origin": APP})
    assert (response.status_code, response["Access-Control-Allow-Origin"]) == (404, "*")


def test_an_unknown_region_404_allows_every_origin(client, verl_region):
    response = client.get("/api/v3/nirgendwo/de/pages/", headers={"Origin": APP})
    assert (response.status_code, response["Access-Control-Allow-Origin"]) == (404, "*")


def test_a_preflight_is_answered_with_the_allowed_methods(client, verl_region):
    response = client.options(
        f"{R}/de/feedback/page/",
        headers={
            "Origin": APP,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert response.status_code == 200
    assert "POST" in response["Access-Control-Allow-Methods"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_legacy_wp_json_path_allows_every_origin(client, verl_region):
    response = client.get(
        "/kreis-guetersloh/de/wp-json/extensions/v3/pages/", headers={"Origin": APP}
    )
    assert (response.status_code, response["Access-Control-Allow-Origin"]) == (200, "*")


def test_an_app_path_redirect_allows_every_origin(client, verl_region):
    response = client.get("/kreis-guetersloh/de/locations/unbekannt/", headers={"Origin": APP})
    assert (response.status_code, response["Access-Control-Allow-Origin"]) == (404, "*")


def test_a_static_file_allows_every_origin(client, db):
    response = client.get("/static/ankommen/favicon.svg", headers={"Origin": APP})
    assert (response.status_code, response["Access-Control-Allow-Origin"]) == (200, "*")


def test_a_missing_static_file_allows_every_origin(client, db):
    response = client.get("/static/ankommen/nicht-da.svg", headers={"Origin": APP})
    assert (response.status_code, response["Access-Control-Allow-Origin"]) == (404, "*")


def test_a_missing_media_file_allows_every_origin(client, db):
    response = client.get("/media/icons/nicht-da.svg", headers={"Origin": APP})
    assert (response.status_code, response["Access-Control-Allow-Origin"]) == (404, "*")


@override_settings(SECURE_SSL_REDIRECT=True)
def test_a_redirect_to_https_allows_every_origin(client, verl_region):
    response = client.get(f"{R}/de/pages/", headers={"Origin": APP})
    assert (response.status_code, response["Access-Control-Allow-Origin"]) == (301, "*")


def test_the_public_html_pages_send_no_cors_header(client, verl_region):
    response = client.get("/kreis-guetersloh/de/", headers={"Origin": APP})
    assert "Access-Control-Allow-Origin" not in response


def test_the_staff_pages_send_no_cors_header(client, verl_region):
    response = client.get("/kreis-guetersloh/intern/portal/", headers={"Origin": APP})
    assert "Access-Control-Allow-Origin" not in response


# --- Imprint -------------------------------------------------------------------------------


@pytest.fixture
def imprint(verl_region) -> Page:
    page = Page.objects.create(
        region=verl_region,
        slug="impressum",
        kind=PageKind.IMPRINT,
        status=Page.Status.PUBLISHED,
    )
    for code, title in (("de", "Impressum"), ("ar", "بيانات الناشر")):
        PageTranslation.objects.create(
            page=page,
            language=Language.objects.get(code=code),
            title=title,
            body="<p>Kreis Gütersloh, Herzebrocker Straße 140, 33334 Gütersloh</p>",
        )
    return page


def test_the_imprint_is_served_in_the_asked_language(client, imprint):
    assert client.get(f"{R}/ar/imprint/").json()["title"] == "بيانات الناشر"


def test_the_imprint_links_its_public_page(client, imprint):
    assert client.get(f"{R}/de/imprint/").json()["path"] == "/kreis-guetersloh/de/impressum/"


def test_the_imprint_names_its_other_languages(client, imprint):
    assert set(client.get(f"{R}/de/imprint/").json()["available_languages"]) == {"ar"}


def test_disclaimer_answers_the_same_as_imprint(client, imprint):
    assert client.get(f"{R}/de/disclaimer/").json() == client.get(f"{R}/de/imprint/").json()


def test_the_imprint_without_a_text_in_the_language_is_not_found(client, imprint):
    assert client.get(f"{R}/en/imprint/").status_code == 404


def test_an_unpublished_imprint_is_not_found(client, imprint):
    Page.objects.filter(pk=imprint.pk).update(status=Page.Status.DRAFT)
    assert client.get(f"{R}/de/imprint/").status_code == 404


def test_a_tree_page_named_impressum_is_not_the_imprint(client, verl_region):
    page = Page.objects.create(region=verl_region, slug="impressum", status="published")
    PageTranslation.objects.create(page=page, language=Language.objects.get(code="de"), title="Alt")
    assert client.get(f"{R}/de/imprint/").status_code == 404


def test_the_imprint_is_not_in_the_page_list(client, imprint):
    titles = [item["title"] for item in client.get(f"{R}/de/pages/").json()]
    assert "Impressum" not in titles


# --- Feedback kinds ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["map", "offers", "offer", "extras", "extra"])
def test_every_feedback_kind_of_the_integreat_app_is_stored(client, verl_region, kind):
    response = client.post(
        f"{R}/de/feedback/{kind}/", {"rating": "up", "comment": "Hilfreich", "slug": "x"}
    )
    assert response.status_code == 201
    assert Feedback.objects.get().kind == kind


def test_map_feedback_is_stored_with_the_other_feedback(client, verl_region):
    client.post(f"{R}/de/feedback/page/", {"rating": "up", "slug": "wohnen"})
    client.post(f"{R}/de/feedback/map/", {"rating": "down", "comment": "Marker fehlt"})
    assert sorted(Feedback.objects.values_list("kind", flat=True)) == ["map", "page"]


# --- Leichte Sprache as de-si --------------------------------------------------------------


@pytest.fixture
def easy_language(verl_region):
    easy = Language.objects.get(code="de-x-ls")
    verl_region.languages.add(easy)
    PageTranslation.objects.create(
        page=Page.objects.get(slug="wohnen"), language=easy, title="Wohnen in Leichter Sprache"
    )
    return easy


def test_leichte_sprache_is_listed_with_the_apps_code(client, easy_language):
    codes = [item["code"] for item in client.get(f"{R}/languages/").json()]
    assert "de-si" in codes and "de-x-ls" not in codes


def test_leichte_sprache_keeps_its_bcp47_tag(client, easy_language):
    item = next(i for i in client.get(f"{R}/languages/").json() if i["code"] == "de-si")
    assert item["bcp47_tag"] == "de-x-ls"


def test_pages_are_served_under_de_si(client, easy_language):
    titles = [item["title"] for item in client.get(f"{R}/de-si/pages/").json()]
    assert titles == ["Wohnen in Leichter Sprache"]


def test_the_old_de_x_ls_address_still_answers(client, easy_language):
    assert client.get(f"{R}/de-x-ls/pages/").json() == client.get(f"{R}/de-si/pages/").json()


def test_page_paths_in_leichte_sprache_use_de_si(client, easy_language):
    item = client.get(f"{R}/de-si/pages/").json()[0]
    assert item["path"] == "/kreis-guetersloh/de-si/wohnen/"


def test_other_languages_name_leichte_sprache_de_si(client, easy_language):
    item = client.get(f"{R}/de/pages/").json()[0]
    assert "de-si" in item["available_languages"]


def test_a_page_is_found_by_its_de_si_url(client, easy_language):
    response = client.get(f"{R}/de-si/page/", {"url": "/kreis-guetersloh/de-si/wohnen/"})
    assert response.json()["title"] == "Wohnen in Leichter Sprache"


def test_the_public_site_answers_a_de_si_address(client, easy_language):
    assert client.get("/kreis-guetersloh/de-si/").status_code == 200
