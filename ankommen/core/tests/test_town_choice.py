"""Issue 16: a visitor chooses her town once, without an account; a forged or foreign
town id gives the whole region."""

import pytest
from django.urls import reverse

from ankommen.core.town_choice import COOKIE


@pytest.fixture
def choose(client, public_region):
    def go(town_id, next_url=""):
        return client.get(f"/{public_region.slug}/de/ort/", {"town": town_id, "next": next_url})

    return go


def test_choosing_a_town_remembers_it_for_the_region_only(choose, cast):
    response = choose(cast.verl.pk)
    cookie = response.cookies[COOKIE]
    assert (cookie.value, cookie["path"]) == (str(cast.verl.pk), "/kreis-guetersloh/")


def test_choosing_a_quarter_is_allowed(choose, cast):
    response = choose(cast.verl_quarter.pk)
    assert response.cookies[COOKIE].value == str(cast.verl_quarter.pk)


def test_a_forged_town_id_forgets_the_choice(choose):
    response = choose("99999999")
    assert response.cookies[COOKIE].value == ""


def test_a_town_of_another_region_is_not_taken(choose, cast):
    other_town = cast.other_organisation.areas.first()
    response = choose(other_town.pk)
    assert response.cookies[COOKIE].value == ""


def test_the_choice_goes_back_to_the_page_it_was_made_on(choose, cast):
    response = choose(cast.verl.pk, "/kreis-guetersloh/de/angebote/")
    assert response["Location"] == "/kreis-guetersloh/de/angebote/"


def test_the_choice_never_leads_off_the_region(choose, cast):
    response = choose(cast.verl.pk, "https://evil.example/")
    assert response["Location"] == "/kreis-guetersloh/de/"


def test_the_chooser_is_on_a_public_page_with_the_town_selected(client, public_region, cast):
    client.cookies[COOKIE] = str(cast.verl.pk)
    body = client.get("/kreis-guetersloh/de/angebote/termine/").content.decode()
    assert f'<option value="{cast.verl.pk}" selected>Verl</option>' in body


def test_the_region_pages_towns_are_links_that_choose_them(client, public_region, cast):
    public_region.default_language = public_region.languages.get(code="de")
    public_region.save()
    # The region's overview (/<region>/ itself opens the portal in the visitor's language).
    body = client.get(reverse("core:region", args=["kreis-guetersloh"])).content.decode()
    assert f"/kreis-guetersloh/de/ort/?town={cast.verl.pk}" in body
