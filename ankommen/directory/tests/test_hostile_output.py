"""Text that editors and importers put into the directory reaches every visitor's page:
it must stay text, wherever it is written."""

import re

from ankommen.directory.tests.factories import OfferFactory, PlaceFactory

HOSTILE = "</script><meta http-equiv=refresh content=0;url=https://evil.example/>"


def _script_element(html: str) -> str:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "the page has its JSON-LD element"
    return match.group(1)


def test_an_offer_title_with_a_closing_script_tag_stays_inside_the_json_ld(
    public_region, cast, client
):
    offer = OfferFactory(organisation=cast.kreis_organisation, title=HOSTILE)
    html = client.get(f"/{public_region.slug}/de/angebote/{offer.key}/").content.decode()
    assert "<meta http-equiv=refresh" not in html
    assert "\\u003c/script\\u003e" in _script_element(html).lower()


def test_an_organisation_and_place_name_with_markup_render_inert_in_the_json_ld(
    public_region, cast, client
):
    cast.kreis_organisation.name = HOSTILE
    cast.kreis_organisation.save()
    offer = OfferFactory(organisation=cast.kreis_organisation)
    offer.places.add(PlaceFactory(region=public_region, name=HOSTILE, area=cast.verl))
    html = client.get(f"/{public_region.slug}/de/angebote/{offer.key}/").content.decode()
    assert "<meta http-equiv=refresh" not in html
    assert "<" not in _script_element(html)
