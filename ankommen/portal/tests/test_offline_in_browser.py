"""Issue 16 item 8 in headless Chromium: a visitor who chose her town reads its offers
and events offline; a page that was never stored shows the offline page in her language,
listing what is stored."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ankommen.core.models import Language
from ankommen.directory.models import OfferTranslation
from ankommen.directory.tests.factories import EventFactory, OfferFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLES = {
    "ro": ("Cafeneaua de limbă Verl", "Seară de informare", "Sunteți offline"),
    "ar": ("مقهى اللغة في فيرل", "أمسية إعلامية", "أنت غير متصل بالإنترنت"),
}


@pytest.fixture
def verl(portal, cast):
    """An offer and its event in Verl, translated; an offer in Versmold."""
    offer = OfferFactory(
        organisation=cast.kreis_organisation, title="Sprachcafé Verl", key="sprachcafe-verl"
    )
    offer.areas.set([cast.verl])
    titles = {}
    for code, (offer_title, event_title, _offline) in TITLES.items():
        OfferTranslation.objects.create(
            offer=offer, language=Language.objects.get(code=code), title=offer_title
        )
        titles[code] = event_title
    EventFactory(
        organisation=cast.kreis_organisation,
        area=cast.verl,
        offer=offer,
        key="infoabend-verl",
        title="Infoabend",
        titles=titles,
        starts=timezone.now().replace(microsecond=0) + dt.timedelta(days=5),
        rrule="",
    )
    elsewhere = OfferFactory(
        organisation=cast.kreis_organisation, title="Beratung Versmold", key="beratung-versmold"
    )
    elsewhere.areas.set([cast.versmold])
    return cast.verl


STATE = """() => navigator.serviceWorker.getRegistration().then((reg) => caches.keys().then(
  (names) => ({
    ready: !!reg && !!reg.active && reg.active.state === "activated" && !reg.installing
      && !reg.waiting && !!navigator.serviceWorker.controller,
    names: names,
  })))"""


def _wait_until_stored(page, town_id: int, code: str) -> None:
    """Until the language's worker that stored the town's set is active and controls the
    page, and the sets it replaced are gone (the cache exists from the start of the
    installation; the older ones are deleted only on activation, after everything is
    stored)."""
    prefix = f"ankommen-kreis-guetersloh-{code}-"
    for _attempt in range(100):
        state = page.evaluate(STATE)
        mine = [name for name in state["names"] if name.startswith(prefix)]
        if state["ready"] and len(mine) == 1 and mine[0].endswith(f"-t{town_id}"):
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"The town's pages were not stored: {state}")


@pytest.mark.parametrize("code", ["ro", "ar"])
def test_a_visitor_reads_her_towns_offers_offline_and_sees_what_is_stored(page, verl, code):
    offer_title, event_title, offline_heading = TITLES[code]
    page.goto(f"/kreis-guetersloh/{code}/")
    page.locator("#town-choice-select").select_option(str(verl.pk))
    page.locator("form.town-choice button").click()
    page.wait_for_url(f"**/kreis-guetersloh/{code}/")
    _wait_until_stored(page, verl.pk, code)

    page.context.set_offline(True)
    # The offers list of Verl, never visited: stored when the town was chosen.
    page.goto(f"/kreis-guetersloh/{code}/angebote/")
    expect(page.get_by_role("link", name=offer_title).first).to_be_visible()
    page.goto(f"/kreis-guetersloh/{code}/angebote/sprachcafe-verl/")
    expect(page.get_by_role("heading", name=offer_title)).to_be_visible()
    page.goto(f"/kreis-guetersloh/{code}/angebote/termine/infoabend-verl/")
    expect(page.get_by_role("heading", name=event_title)).to_be_visible()

    # An offer of another town was not stored: the offline page in her language instead.
    page.goto(f"/kreis-guetersloh/{code}/angebote/beratung-versmold/")
    expect(page.get_by_role("heading", name=offline_heading)).to_be_visible()
    assert page.locator("html").get_attribute("lang") == code
    stored = page.locator("main .offline-list a")
    expect(stored.filter(has_text=offer_title)).to_have_attribute(
        "href", f"/kreis-guetersloh/{code}/angebote/sprachcafe-verl/"
    )
    expect(stored.filter(has_text=event_title)).to_have_count(1)
    assert stored.filter(has_text="Beratung Versmold").count() == 0
    # Its links lead to stored pages that open offline.
    stored.filter(has_text=offer_title).click()
    expect(page.get_by_role("heading", name=offer_title)).to_be_visible()
    page.context.set_offline(False)


def test_choosing_another_town_replaces_the_stored_set(page, verl, cast):
    page.goto("/kreis-guetersloh/ro/")
    page.goto(f"/kreis-guetersloh/ro/ort/?town={verl.pk}&next=/kreis-guetersloh/ro/")
    _wait_until_stored(page, verl.pk, "ro")
    page.goto(f"/kreis-guetersloh/ro/ort/?town={cast.versmold.pk}&next=/kreis-guetersloh/ro/")
    _wait_until_stored(page, cast.versmold.pk, "ro")

    page.context.set_offline(True)
    page.goto("/kreis-guetersloh/ro/angebote/beratung-versmold/")
    expect(page.get_by_role("heading", name="Beratung Versmold")).to_be_visible()
    page.goto("/kreis-guetersloh/ro/angebote/sprachcafe-verl/")
    expect(page.get_by_role("heading", name="Sunteți offline")).to_be_visible()
    page.context.set_offline(False)
