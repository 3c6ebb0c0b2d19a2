"""The maps in headless Chromium (issue 16, "a map that helps"): named markers with
popups, clusters at low zoom, no tab stop per marker, towns' names without tiles, tiles
from the installation's server, a small map with route links on offer and place pages,
no serious accessibility violation, and no sideways scrolling at 320 px in Arabic."""

import struct
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ankommen.core.tests.factories import LanguageFactory
from ankommen.devtools.testing.axe import axe_violations, describe
from ankommen.directory.tests.factories import OfferFactory, PlaceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

READY = "#directory-map[data-ready]"


@pytest.fixture
def places(cast, public_region):
    """Three places in Verl a few hundred metres apart and one in Versmold, each with an
    offer."""
    cast.verl.latitude, cast.verl.longitude = "51.88330", "8.51670"
    cast.verl.save()
    cast.versmold.latitude, cast.versmold.longitude = "52.04360", "8.15000"
    cast.versmold.save()
    spots = [
        ("rathaus-verl", "Rathaus Verl", cast.verl, "51.88300", "8.51500"),
        ("treff-verl", "Treff Verl", cast.verl, "51.88500", "8.51900"),
        ("drk-verl", "DRK Verl", cast.verl, "51.88100", "8.51200"),
        ("haus-versmold", "Haus der Familie Versmold", cast.versmold, "52.04100", "8.15200"),
    ]
    offers = {}
    for key, name, area, latitude, longitude in spots:
        place = PlaceFactory(key=key, name=name, area=area, latitude=latitude, longitude=longitude)
        offer = OfferFactory(
            key=f"angebot-{key}", organisation=cast.kreis_organisation, title=f"Beratung {name}"
        )
        offer.places.set([place])
        offer.areas.set([area])
        offers[key] = offer
    return offers


def open_directory(page, region, language="de"):
    page.goto(f"/{region.slug}/{language}/angebote/")
    page.wait_for_selector(READY, timeout=15_000)
    # Leaflet's and the cluster's animations end within a second.
    page.wait_for_timeout(800)


def test_a_marker_is_named_by_its_place(page, places, cast):
    open_directory(page, cast.region)
    marker = page.locator("#directory-map img.leaflet-marker-icon[alt='Haus der Familie Versmold']")
    assert marker.count() == 1


def test_a_marker_shows_its_places_name_on_the_map(page, places, cast):
    open_directory(page, cast.region)
    label = page.locator("#directory-map .map-label", has_text="Haus der Familie Versmold")
    assert label.is_visible()


def test_a_marker_opens_a_popup_that_links_the_offer(page, places, cast):
    open_directory(page, cast.region)
    page.locator("img.leaflet-marker-icon[alt='Haus der Familie Versmold']").click(force=True)
    link = page.locator(".leaflet-popup-content a", has_text="Beratung Haus der Familie Versmold")
    assert link.get_attribute("href") == (f"/{cast.region.slug}/de/angebote/angebot-haus-versmold/")


def test_a_popup_links_the_places_page(page, places, cast):
    open_directory(page, cast.region)
    page.locator("img.leaflet-marker-icon[alt='Haus der Familie Versmold']").click(force=True)
    link = page.locator(".leaflet-popup-content a", has_text="Mehr über diesen Ort")
    assert link.get_attribute("href") == f"/{cast.region.slug}/de/angebote/orte/haus-versmold/"


def test_close_places_form_a_cluster_at_low_zoom(page, places, cast):
    open_directory(page, cast.region)
    cluster = page.locator("#directory-map .map-cluster [role=img]")
    assert cluster.get_attribute("aria-label") == (
        "Orte in dieser Gruppe: 3. Vergrößern Sie die Karte, um sie zu sehen."
    )


def test_a_cluster_opens_into_its_places(page, places, cast):
    open_directory(page, cast.region)
    page.locator("#directory-map .map-cluster").click(force=True)
    page.wait_for_selector("img.leaflet-marker-icon[alt='Treff Verl']", timeout=10_000)
    names = page.locator("#directory-map img.leaflet-marker-icon").evaluate_all(
        "icons => icons.map(icon => icon.alt).filter(alt => alt.endsWith('Verl')).sort()"
    )
    assert names == ["DRK Verl", "Rathaus Verl", "Treff Verl"]


def test_tabbing_through_the_page_does_not_step_through_markers(page, places, cast):
    open_directory(page, cast.region)
    stops = []
    for _ in range(120):
        page.keyboard.press("Tab")
        stops.append(
            page.evaluate(
                "() => { const e = document.activeElement;"
                " return [e.id, e.className && e.className.baseVal === undefined"
                " ? e.className : '', e.closest('#directory-map') !== null]; }"
            )
        )
    in_map = [stop for stop in stops if stop[2]]
    assert [s for s in in_map if "marker" in s[1] or "cluster" in s[1]] == []


def test_the_map_is_one_tab_stop_with_a_note_on_the_list(page, places, cast):
    open_directory(page, cast.region)
    described = page.evaluate(
        "() => { const map = document.getElementById('directory-map');"
        " return [map.tabIndex, document.getElementById(map.getAttribute('aria-describedby'))"
        ".querySelector('a').getAttribute('href')]; }"
    )
    assert described == [0, "#list-heading"]


def test_without_tiles_the_towns_names_orient(page, places, cast, settings):
    settings.ANKOMMEN_MAP_TILE_URL = ""
    open_directory(page, cast.region)
    shown = page.locator("#directory-map .map-town:not(.map-label-hidden)").all_inner_texts()
    assert sorted(shown) == ["Verl", "Versmold"]


def test_the_map_works_in_arabic(page, places, cast):
    cast.region.languages.add(LanguageFactory(code="ar", native_name="العربية", direction="rtl"))
    open_directory(page, cast.region, "ar")
    page.locator("img.leaflet-marker-icon[alt='Haus der Familie Versmold']").click(force=True)
    popup = page.locator(".leaflet-popup-content .map-popup")
    assert (popup.get_attribute("dir"), popup.locator("a").last.inner_text()) == (
        "rtl",
        "المزيد عن هذا المكان",
    )


# --- Tiles from the installation's server ---------------------------------------------------


def tiny_png() -> bytes:
    """A valid 1×1 grey PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x80"))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def tile_server():
    """A tile server on 127.0.0.1 that answers every path with a PNG and records them."""
    requested: list[str] = []
    png = tiny_png()

    class Tiles(BaseHTTPRequestHandler):
        def do_GET(self):
            requested.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(png)))
            self.end_headers()
            self.wfile.write(png)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Tiles)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.requested = requested
    yield server
    server.shutdown()
    server.server_close()


def test_tiles_come_from_the_installations_tile_server(page, places, cast, settings, tile_server):
    port = tile_server.server_address[1]
    settings.ANKOMMEN_MAP_TILE_URL = f"http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png"
    open_directory(page, cast.region)
    page.wait_for_selector("#directory-map img.leaflet-tile-loaded", timeout=10_000)
    assert any(path.count("/") == 3 and path.endswith(".png") for path in tile_server.requested)


def test_the_tiles_attribution_links_its_source(page, places, cast, settings, tile_server):
    port = tile_server.server_address[1]
    settings.ANKOMMEN_MAP_TILE_URL = f"http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png"
    settings.ANKOMMEN_MAP_TILE_ATTRIBUTION = "© Kartenserver <Kreis>"
    settings.ANKOMMEN_MAP_TILE_ATTRIBUTION_URL = "https://example.org/copyright"
    open_directory(page, cast.region)
    link = page.locator(".leaflet-control-attribution a", has_text="© Kartenserver <Kreis>")
    assert link.get_attribute("href") == "https://example.org/copyright"


# --- Offer and place pages -----------------------------------------------------------------


def test_the_offer_page_shows_a_small_map_of_its_place(page, places, cast):
    page.goto(f"/{cast.region.slug}/de/angebote/angebot-treff-verl/")
    page.wait_for_selector(".map-small[data-ready]", timeout=15_000)
    marker = page.locator(".map-small img.leaflet-marker-icon")
    assert marker.get_attribute("alt") == "Treff Verl"


def test_the_offer_page_offers_the_route(page, places, cast):
    page.goto(f"/{cast.region.slug}/de/angebote/angebot-treff-verl/")
    hrefs = page.locator(".place-actions a").evaluate_all("links => links.map(a => a.href)")
    assert [h.split("?")[0] for h in hrefs[:2]] == [
        "geo:51.88500,8.51900",
        "https://www.openstreetmap.org/directions",
    ]


def test_the_small_map_adds_no_tab_stop_for_its_marker(page, places, cast):
    page.goto(f"/{cast.region.slug}/de/angebote/angebot-treff-verl/")
    page.wait_for_selector(".map-small[data-ready]", timeout=15_000)
    focusable = page.locator(".map-small [tabindex='0'], .map-small[tabindex='0']").count()
    assert focusable == 0


def test_without_javascript_the_offer_page_keeps_the_route(chromium, live_server, places, cast):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"/{cast.region.slug}/de/angebote/angebot-treff-verl/")
    shown = (tab.locator(".map-small").is_visible(), tab.locator("a[href^='geo:']").is_visible())
    context.close()
    assert shown == (False, True)


@pytest.mark.parametrize("path", ["", "angebot-treff-verl/", "orte/treff-verl/", "?q=Beratung"])
def test_map_pages_have_no_serious_accessibility_violation(page, places, cast, path):
    page.goto(f"/{cast.region.slug}/de/angebote/{path}")
    page.wait_for_selector("[data-map][data-ready]", timeout=15_000)
    page.wait_for_timeout(800)
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_the_arabic_directory_with_its_map_has_no_serious_violation(page, places, cast):
    cast.region.languages.add(LanguageFactory(code="ar", native_name="العربية", direction="rtl"))
    open_directory(page, cast.region, "ar")
    violations = axe_violations(page)
    assert violations == [], describe(violations)


@pytest.mark.parametrize("path", ["", "angebot-treff-verl/", "orte/treff-verl/"])
def test_map_pages_fit_320_pixels_in_arabic(chromium, live_server, places, cast, path):
    cast.region.languages.add(LanguageFactory(code="ar", native_name="العربية", direction="rtl"))
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 320, "height": 640}, is_mobile=True
    )
    tab = context.new_page()
    tab.goto(f"/{cast.region.slug}/ar/angebote/{path}")
    tab.wait_for_selector("[data-map][data-ready]", timeout=15_000)
    overflow = tab.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    context.close()
    assert overflow <= 0
