"""What the service worker stores for a visitor's town, and the offline page that lists it
(portal/offline.py)."""

import json
import re

import pytest

from ankommen.core.models import Language
from ankommen.directory.models import OfferTranslation
from ankommen.directory.tests.factories import EventFactory, OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(portal, cast):
    verl = OfferFactory(organisation=cast.kreis_organisation, title="Sprachcafé", key="cafe-verl")
    verl.areas.set([cast.verl])
    OfferTranslation.objects.create(
        offer=verl, language=Language.objects.get(code="ro"), title="Cafeneaua de limbă"
    )
    EventFactory(organisation=cast.kreis_organisation, area=cast.verl, key="abend-verl")
    versmold = OfferFactory(organisation=cast.kreis_organisation, key="rat-versmold")
    versmold.areas.set([cast.versmold])
    return verl


def _config(client) -> dict:
    script = client.get("/kreis-guetersloh/ro/sw.js").content.decode()
    return json.loads(re.match(r"const CONFIG = (.*);\n", script).group(1))


def test_the_worker_stores_the_chosen_towns_offers_and_events(client, offers, cast):
    client.cookies["ankommen_town"] = str(cast.verl.pk)
    urls = _config(client)["urls"]
    assert "/kreis-guetersloh/ro/angebote/cafe-verl/" in urls
    assert "/kreis-guetersloh/ro/angebote/termine/abend-verl/" in urls
    assert "/kreis-guetersloh/ro/angebote/" in urls
    assert "/kreis-guetersloh/ro/offline/" in urls
    assert "/kreis-guetersloh/ro/angebote/rat-versmold/" not in urls


def test_without_a_town_the_worker_stores_the_lists_but_no_offer(client, offers):
    urls = _config(client)["urls"]
    assert "/kreis-guetersloh/ro/angebote/" in urls
    assert not [url for url in urls if url.startswith("/kreis-guetersloh/ro/angebote/cafe")]


def test_a_forged_town_stores_what_no_town_stores(client, offers):
    client.cookies["ankommen_town"] = "999999"
    assert _config(client)["cache"].endswith("-t0")


def test_the_cache_is_named_by_region_language_content_version_and_town(client, offers, cast):
    client.cookies["ankommen_town"] = str(cast.verl.pk)
    before = _config(client)
    assert before["prefix"] == "ankommen-kreis-guetersloh-ro-"
    assert before["cache"].startswith(before["prefix"])
    assert before["cache"].endswith(f"-t{cast.verl.pk}")
    offers.translations.filter(language__code="de").update(title="Sprachcafé Verl")
    offers.save()
    assert _config(client)["cache"] != before["cache"]


def test_the_offline_page_lists_what_is_stored_in_the_visitors_language(client, offers, cast):
    client.cookies["ankommen_town"] = str(cast.verl.pk)
    html = client.get("/kreis-guetersloh/ro/offline/").content.decode()
    assert "<h1>Sunteți offline</h1>" in html
    assert '<a href="/kreis-guetersloh/ro/angebote/cafe-verl/">Cafeneaua de limbă</a>' in html
    # The event has no Romanian title: its German one is marked as German.
    assert 'href="/kreis-guetersloh/ro/angebote/termine/abend-verl/" lang="de" dir="ltr"' in html
    assert "rat-versmold" not in html


def test_every_public_page_registers_the_worker_of_its_language(client, offers):
    html = client.get("/kreis-guetersloh/ar/angebote/cafe-verl/").content.decode()
    assert 'data-sw="/kreis-guetersloh/ar/sw.js" data-scope="/kreis-guetersloh/ar/"' in html
