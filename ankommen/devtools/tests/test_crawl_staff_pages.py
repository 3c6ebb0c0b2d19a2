"""Which addresses of a role's crawl `crawl_demo` opens in Chromium at 390 px: one per
staff page type that answered with a page."""

from ankommen.core.models import Region
from ankommen.devtools.management.commands.crawl_demo import staff_pages
from ankommen.devtools.testing.crawl import RoleReport

REGION = Region(slug="kreis-guetersloh")
BASE = "/kreis-guetersloh/intern"


def report(*visits):
    return RoleReport("KI coordinator", visits=list(visits))


def test_one_address_per_staff_page_type():
    pages = staff_pages(
        report(
            (200, f"{BASE}/sprachmittlung/anfrage/1/"),
            (200, f"{BASE}/sprachmittlung/anfrage/2/"),
            (200, f"{BASE}/sprachmittlung/uebersicht/"),
        ),
        REGION,
    )
    assert pages == [f"{BASE}/sprachmittlung/anfrage/1/", f"{BASE}/sprachmittlung/uebersicht/"]


def test_pages_that_did_not_answer_with_a_page_are_left_out():
    pages = staff_pages(
        report((403, f"{BASE}/sprachmittlung/uebersicht/"), (302, f"{BASE}/faelle/")), REGION
    )
    assert pages == []


def test_downloads_and_public_pages_are_left_out():
    pages = staff_pages(
        report(
            (200, f"{BASE}/sprachmittlung/aufwandsentschaedigung.csv?month=2026-03"),
            (200, f"{BASE}/aktionsplan/steuerungsbericht/2026-q4.pdf"),
            (200, "/kreis-guetersloh/de/angebote/"),
        ),
        REGION,
    )
    assert pages == []
