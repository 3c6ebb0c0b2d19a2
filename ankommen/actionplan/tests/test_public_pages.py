"""The public, read-only plan at /<region>/<language>/aktionsplan/."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def index_url(region, language="de"):
    return reverse("actionplan:index", args=[region.slug, language])


def field_url(region, field="wohnen-mobilitaet", language="de"):
    return reverse("actionplan:field", args=[region.slug, language, field])


def test_public_reads_the_plan_without_signing_in(public_region, plan, client_for):
    response = client_for(None).get(field_url(public_region))
    assert response.status_code == 200 and "Mietführerschein" in response.content.decode()


def test_public_overview_lists_the_fields(public_region, plan, client_for):
    assert "Wohnen und Mobilität" in client_for(None).get(index_url(public_region)).content.decode()


def test_internal_note_never_reaches_the_public(public_region, plan, client_for):
    plan.recommendation.internal_note = "Vertraulich: Streit um Finanzierung"
    plan.recommendation.save()
    page = client_for(None).get(field_url(public_region)).content.decode()
    assert "Vertraulich" not in page


def test_unpublished_recommendation_is_not_shown(public_region, plan, client_for):
    plan.recommendation.is_public = False
    plan.recommendation.save()
    page = client_for(None).get(field_url(public_region)).content.decode()
    assert "Mietführerschein" not in page


def test_responsible_person_is_not_published(public_region, plan, client_for):
    plan.caritas_step.responsible_person = "Frau Beispiel"
    plan.caritas_step.save()
    assert "Frau Beispiel" not in client_for(None).get(field_url(public_region)).content.decode()


def test_language_the_region_does_not_offer_answers_404(public_region, plan, client_for):
    assert client_for(None).get(index_url(public_region, "xx")).status_code == 404


def test_unknown_field_answers_404(public_region, plan, client_for):
    assert client_for(None).get(field_url(public_region, "unbekannt")).status_code == 404


def test_town_filter_keeps_recommendations_for_the_whole_district(
    public_region, plan, client_for, cast
):
    response = client_for(None).get(
        field_url(public_region), {"town": cast.verl.official_key, "district_wide": "on"}
    )
    assert plan.recommendation in response.context["challenges"][0][1]


def test_town_filter_without_district_wide_hides_them(public_region, plan, client_for, cast):
    response = client_for(None).get(field_url(public_region), {"town": cast.verl.official_key})
    assert response.context["challenges"][0][1] == []


def test_town_filter_finds_recommendations_naming_a_quarter_of_the_town(
    public_region, plan, client_for, cast
):
    plan.recommendation.areas.set([cast.verl_quarter])
    response = client_for(None).get(field_url(public_region), {"town": cast.verl.official_key})
    assert response.context["challenges"][0][1] == [plan.recommendation]


def test_region_start_page_links_to_the_plan(public_region, plan, client_for):
    page = client_for(None).get(reverse("core:region", args=[public_region.slug])).content
    assert index_url(public_region).encode() in page


def test_the_plans_pages_have_one_way_back(public_region, plan, client_for):
    for url in (index_url(public_region), field_url(public_region)):
        assert client_for(None).get(url).content.decode().count('class="breadcrumbs"') == 1
