"""The directory page's shortcuts (one ranked query per search page, the typo pass among
the filtered offers' ids, select boxes written without templates) give the same answers
as the general path."""

import pytest
from django import forms
from django.db import connection

from ankommen.core.tests.factories import AreaFactory
from ankommen.directory.forms import DirectoryFilterForm
from ankommen.directory.tests.factories import OfferFactory

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the typo pass uses pg_trgm"
)


def _page(client, region, **params):
    return client.get(f"/{region.slug}/de/angebote/", params)


@postgresql_only
def test_typo_search_with_a_town_filter_finds_only_that_towns_offers(cast, public_region, client):
    elsewhere = AreaFactory(region=cast.region, parent=cast.verl.parent, name="Rietberg")
    here = OfferFactory(organisation=cast.kreis_organisation, title="Schuldnerberatung Verl")
    here.areas.set([cast.verl])
    there = OfferFactory(organisation=cast.kreis_organisation, title="Schuldnerberatung Rietberg")
    there.areas.set([elsewhere])

    response = _page(client, public_region, q="Schuldnerberatug", area=cast.verl.pk)

    assert [row["offer"] for row in response.context["rows"]] == [here]
    assert response.context["count"] == 1


def test_search_results_are_paged_in_ranked_order_without_gaps(cast, public_region, client):
    offers = [
        OfferFactory(organisation=cast.kreis_organisation, title=f"Sprachcafé {n}")
        for n in range(23)
    ]

    first = _page(client, public_region, q="Sprachcafé")
    second = _page(client, public_region, q="Sprachcafé", page=2)

    assert first.context["count"] == second.context["count"] == 23
    shown = [row["offer"] for row in first.context["rows"] + second.context["rows"]]
    assert len(first.context["rows"]) == 20
    assert sorted(o.pk for o in shown) == sorted(o.pk for o in offers)
    assert second.context["page"].number == 2


def test_filter_selects_have_djangos_own_html(cast, public_region):
    AreaFactory(region=cast.region, parent=cast.verl, kind="quarter", name="Sürenheide & <Nord>")
    form = DirectoryFilterForm({"area": cast.verl.pk, "kind": "counselling"}, region=cast.region)
    form.is_valid()
    for name in ("area", "near", "field", "target", "audience", "spoken", "kind", "cost"):
        field = form[name]
        ours = str(field)
        attrs = field.build_widget_attrs({"id": field.auto_id})
        django = forms.Select.render(field.field.widget, field.html_name, field.value(), attrs)
        assert ours == django, name
    assert "Sürenheide &amp; &lt;Nord&gt;" in str(form["area"])
