"""What the unchanged Integreat app (release 2026.8.1) needs of the v3 answers beyond their
shape: category icons and colours from Integreat's set with a real SVG, tile icons of the
top-level pages, absolute links, the district's extent, organisations with a website,
translated place names, the directory's offers as pages and "save as PDF"."""

from decimal import Decimal
from urllib.parse import quote

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError

from ankommen.api.v3.locations import INTEGREAT_COLOURS, INTEGREAT_ICONS
from ankommen.api.v3.offer_pages import VIRTUAL_ID_BASE
from ankommen.core.models import Language
from ankommen.devtools.testing.pdf import pdf_text
from ankommen.directory.models import Offer, Place
from ankommen.portal.icons import PAGE_ICON_NAMES
from ankommen.portal.models import Page, PageTranslation

R = "/api/v3/kreis-guetersloh"
PUBLIC = "https://ankommen.example.org"


@pytest.fixture
def public_host(settings):
    settings.API_PUBLIC_URL = PUBLIC
    return PUBLIC


def static_file(url: str, base: str = PUBLIC) -> str | None:
    """The file a /static/ address names, found as the static files app finds it."""
    assert url.startswith(base + "/static/"), url
    return finders.find(url.removeprefix(base + "/static/"))


# --- Place categories ------------------------------------------------------------------------


def test_every_category_has_an_icon_and_colour_of_integreats_set(client, demo):
    for category in client.get(f"{R}/de/location-categories/").json():
        assert category["icon"] in INTEGREAT_ICONS
        assert category["color"] in INTEGREAT_COLOURS
        assert category["icon_color"] == f"{category['icon']}_{category['color']}"


def test_every_category_icon_url_is_a_bundled_svg_on_the_public_host(client, demo, public_host):
    for category in client.get(f"{R}/de/location-categories/").json():
        path = static_file(category["icon_url"])
        assert path is not None, category["icon_url"]
        with open(path, encoding="utf-8") as svg:
            assert "<svg" in svg.read()


def test_the_category_set_names_integreats_icons_exactly():
    # integreat_cms/cms/constants/poicategory.py, Integreat CMS 2026.7: 21 icons, 12 colours.
    assert len(INTEGREAT_ICONS) == 21 and "meeting_point" in INTEGREAT_ICONS
    assert "meeting" not in INTEGREAT_ICONS and "network" not in INTEGREAT_ICONS
    assert len(INTEGREAT_COLOURS) == 12


def test_category_names_are_in_the_language_of_the_answer(client, demo):
    names = {c["id"]: c["name"] for c in client.get(f"{R}/uk/location-categories/").json()}
    assert names[1] == "консультація"


# --- Page thumbnails -------------------------------------------------------------------------


def test_every_top_level_demo_page_has_a_bundled_icon_as_thumbnail(client, demo, public_host):
    # The imprint the fixture adds is no demo page of the tree (the app shows it apart).
    top = [
        p
        for p in client.get(f"{R}/de/children/?depth=1").json()
        if not p["path"].endswith("/impressum/")
    ]
    assert len(top) > 10
    for page in top:
        assert page["thumbnail"] is not None, page["path"]
        assert static_file(page["thumbnail"]) is not None


def test_each_tile_of_the_demo_start_page_has_its_own_icon(client, demo):
    # "Offers" had the helping hands of "Beratung und Hilfe": two tiles alike in the app.
    icons = [p["thumbnail"] for p in client.get(f"{R}/de/children/?depth=1").json()]
    icons = [icon for icon in icons if icon]
    assert len(icons) > 10 and len(icons) == len(set(icons))


def test_a_page_below_the_top_has_no_thumbnail(client, demo):
    jobcenter = Page.objects.get(region=demo, slug="jobcenter")
    answer = client.get(f"{R}/de/page/?id={jobcenter.pk}").json()
    assert answer["thumbnail"] is None


def test_an_icon_on_a_page_below_the_top_is_refused(demo):
    jobcenter = Page.objects.get(region=demo, slug="jobcenter")
    jobcenter.icon = "home"
    with pytest.raises(ValidationError) as problem:
        jobcenter.full_clean()
    assert "icon" in problem.value.message_dict


def test_every_page_icon_editors_can_choose_is_bundled():
    for name in PAGE_ICON_NAMES:
        assert finders.find(f"portal/page-icons/{name}.svg") is not None, name
    assert finders.find("portal/page-icons/LICENSE.txt") is not None


# --- Absolute links --------------------------------------------------------------------------


def test_a_link_to_a_region_page_is_absolute_on_the_public_host(client, demo, public_host):
    page = Page.objects.get(region=demo, slug="jobcenter")
    text = PageTranslation.objects.get(page=page, language__code="de")
    text.body = (
        '<p><a href="/kreis-guetersloh/de/wohnen/">Wohnen</a> '
        '<a href="https://example.org/x">außen</a> <a href="#anker">hier</a></p>'
    )
    text.save()
    content = client.get(f"{R}/de/page/?id={page.pk}").json()["content"]
    assert f'href="{PUBLIC}/kreis-guetersloh/de/wohnen/"' in content
    assert 'href="https://example.org/x"' in content
    assert 'href="#anker"' in content


def test_no_content_in_any_v3_page_keeps_a_root_relative_link(client, demo, public_host):
    for code in ("de", "ar", "uk", "ro"):
        for page in client.get(f"{R}/{code}/pages/").json():
            assert 'href="/' not in page["content"] and 'src="/' not in page["content"]


# --- Region, places --------------------------------------------------------------------------


def test_the_bounding_box_contains_every_place_of_the_district(client, demo):
    (west, south), (east, north) = client.get("/api/v3/regions/kreis-guetersloh/").json()[
        "bounding_box"
    ]
    places = Place.objects.filter(region=demo, latitude__isnull=False)
    assert places.exists()
    for place in places:
        assert west < float(place.longitude) < east, place.key
        assert south < float(place.latitude) < north, place.key


def test_a_place_far_out_widens_the_bounding_box(client, demo):
    place = Place.objects.filter(region=demo, latitude__isnull=False).first()
    place.latitude, place.longitude = Decimal("52.5"), Decimal("9.1")
    place.save()
    (_west, _south), (east, north) = client.get("/api/v3/regions/kreis-guetersloh/").json()[
        "bounding_box"
    ]
    assert east > 9.1 and north > 52.5


def test_a_place_of_an_organisation_without_website_has_no_organization(client, demo):
    places = client.get(f"{R}/de/locations/").json()
    assert places
    for place in places:
        organization = place["organization"]
        assert organization is None or (
            organization["website"].startswith("http") and organization["logo"]
        )


def test_an_organisation_with_a_website_comes_with_it_and_a_logo(client, demo, public_host):
    place = Place.objects.public().filter(region=demo, offers__isnull=False).first()
    # The place's organisation is that of its first public offer by key.
    offer = Offer.objects.public().filter(places=place).order_by("key").first()
    organisation = offer.organisation
    organisation.website = "https://www.caritas-guetersloh.de/"
    organisation.save()
    item = next(p for p in client.get(f"{R}/de/locations/").json() if p["id"] == place.pk)
    assert item["organization"]["website"] == "https://www.caritas-guetersloh.de/"
    assert static_file(item["organization"]["logo"]) is not None


def test_a_place_name_is_given_in_the_language_where_a_translation_exists(client, demo):
    place = Place.objects.get(region=demo, key="kreishaus-guetersloh")
    titles = {p["id"]: p["title"] for p in client.get(f"{R}/uk/locations/").json()}
    assert titles[place.pk] == place.name_translations["uk"]
    german = {p["id"]: p["title"] for p in client.get(f"{R}/de/locations/").json()}
    assert german[place.pk] == "Kreishaus Gütersloh"


def test_a_place_without_a_translation_keeps_its_name(demo):
    place = Place(name="Café Connect", name_translations={"ar": "  "})
    assert place.name_in("ar") == "Café Connect"


# --- Offers as pages -------------------------------------------------------------------------


def test_the_offers_page_is_a_top_level_tile_after_the_portals_pages(client, demo):
    top = client.get(f"{R}/ro/children/?depth=1").json()
    assert top[-1]["path"] == "/kreis-guetersloh/ro/angebote/"
    assert top[-1]["title"] == "Oferte"
    assert top[-1]["thumbnail"] is not None


def test_each_kind_of_offer_is_a_child_page_listing_its_public_offers(client, demo):
    pages = client.get(f"{R}/de/children/?url=/kreis-guetersloh/de/angebote/&depth=1").json()
    kinds = pages[1:]
    assert kinds and all(p["parent"]["id"] == VIRTUAL_ID_BASE for p in kinds)
    counselling = next(p for p in kinds if p["path"].endswith("/angebote/counselling/"))
    offer = Offer.objects.public().filter(region=demo, kind="counselling").first()
    assert f"/kreis-guetersloh/de/angebote/{offer.key}/" in counselling["content"]


def test_an_unpublished_offer_is_on_no_offer_page(client, demo):
    offer = Offer.objects.public().filter(region=demo).first()
    offer.is_published = False
    offer.save()
    contents = " ".join(p["content"] for p in client.get(f"{R}/de/pages/").json())
    assert f"/angebote/{offer.key}/" not in contents


def test_a_kind_page_is_found_by_its_path_and_its_id(client, demo):
    path = "/kreis-guetersloh/uk/angebote/counselling/"
    by_url = client.get(f"{R}/uk/page/?url={quote(path)}").json()
    assert by_url["path"] == path
    assert client.get(f"{R}/uk/page/?id={by_url['id']}").json()["path"] == path
    parents = client.get(f"{R}/uk/parents/?url={quote(path)}").json()
    assert [p["path"] for p in parents] == ["/kreis-guetersloh/uk/angebote/"]


# --- Save as PDF -----------------------------------------------------------------------------


def pdf_url(code: str, page_path: str | None = None) -> str:
    base = f"/kreis-guetersloh/{code}/wp-json/ig-mpdf/v1/pdf"
    return base if page_path is None else f"{base}?url={quote(page_path, safe='')}"


def test_the_pdf_of_a_page_holds_it_and_its_children(client, demo):
    response = client.get(pdf_url("de", "/kreis-guetersloh/de/arbeit-und-anerkennung/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Arbeit" in text
    child = PageTranslation.objects.get(page__slug="jobcenter", language__code="de").title
    assert child in text
    assert "Notfall" not in text


def test_the_pdf_is_in_the_language_and_script_of_the_page(client, demo):
    response = client.get(pdf_url("ar", "/kreis-guetersloh/ar/arbeit-und-anerkennung/"))
    title = PageTranslation.objects.get(
        page__slug="arbeit-und-anerkennung", language__code="ar"
    ).title
    assert title in pdf_text(response.content)


def test_the_pdf_without_a_page_holds_every_top_level_page(client, demo):
    text = pdf_text(client.get(pdf_url("uk")).content)
    # Every top-level page of the tree (the legal pages stand outside it).
    for page in Page.objects.tree().filter(region=demo, parent=None, status="published"):
        translation = PageTranslation.objects.filter(page=page, language__code="uk").first()
        if translation:
            assert translation.title in text


def test_the_pdf_of_an_unknown_page_is_a_404(client, demo):
    response = client.get(pdf_url("de", "/kreis-guetersloh/de/gibt-es-nicht/"))
    assert response.status_code == 404


def test_the_pdf_of_an_unpublished_page_is_a_404(client, demo):
    Page.objects.filter(region=demo, slug="notfall").update(status=Page.Status.DRAFT)
    response = client.get(pdf_url("de", "/kreis-guetersloh/de/notfall/"))
    assert response.status_code == 404


def test_the_pdf_route_answers_in_a_language_the_region_does_not_offer_404(client, demo):
    demo.languages.remove(Language.objects.get(code="uk"))
    assert client.get(pdf_url("uk")).status_code == 404
