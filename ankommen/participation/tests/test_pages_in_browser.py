"""Participation's pages in headless Chromium at 390 px (a phone): no serious
accessibility violation, nothing wider than the screen; the public pages in Romanian and
Arabic (right to left)."""

import pytest
from django.urls import reverse

from ankommen.devtools.testing.axe import axe_violations, describe
from ankommen.devtools.testing.browser import sign_in
from ankommen.participation.models import Answer, Comment, Response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def fits(page) -> bool:
    return (
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        <= 0
    )


@pytest.fixture
def with_answers(officers_survey, languages):
    town = officers_survey.town.choices.order_by("number").first()
    for index in range(3):
        response = Response.objects.create(
            survey=officers_survey.survey, language=languages["de"], browser=f"b{index}"
        )
        Answer.objects.create(response=response, question=officers_survey.town, choice=town)
        Answer.objects.create(response=response, question=officers_survey.network, value=4)
        Answer.objects.create(response=response, question=officers_survey.wish, text="Mehr Treffen")
    return officers_survey


@pytest.mark.parametrize("code", ["ro", "ar"])
def test_the_survey_page_is_accessible_on_a_phone(page, officers_survey, code):
    page.set_viewport_size(PHONE)
    page.goto(
        reverse(
            "participation:survey",
            args=[officers_survey.survey.region.slug, code, officers_survey.survey.slug],
        )
    )
    violations = axe_violations(page)
    assert violations == [] and fits(page), describe(violations)


@pytest.mark.parametrize("code", ["ro", "ar"])
def test_the_consultation_page_is_accessible_on_a_phone(page, consultation, languages, code):
    Comment.objects.create(
        consultation=consultation,
        recommendation=consultation.recommendations.get(),
        language=languages["ar"],
        text="فكرة جيدة",
        status=Comment.Status.APPROVED,
    )
    page.set_viewport_size(PHONE)
    page.goto(
        reverse(
            "participation:consultation", args=[consultation.region.slug, code, consultation.slug]
        )
    )
    violations = axe_violations(page)
    assert violations == [] and fits(page), describe(violations)


@pytest.mark.parametrize("code", ["ro", "ar"])
def test_the_missing_offer_form_is_accessible_on_a_phone(page, cast, languages, code):
    page.set_viewport_size(PHONE)
    page.goto(reverse("participation:missing_offer", args=[cast.region.slug, code]))
    violations = axe_violations(page)
    assert violations == [] and fits(page), describe(violations)


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, PHONE])
def test_the_moderation_queue_is_accessible(page, live_server, cast, consultation, viewport):
    Comment.objects.create(
        consultation=consultation,
        recommendation=consultation.recommendations.get(),
        language=consultation.region.languages.get(code="ro"),
        text="Aș vrea să ajut.",
    )
    sign_in(page, live_server, cast.ki_coordinator)
    page.set_viewport_size(viewport)
    page.goto(reverse("participation_staff:moderation", args=[cast.region.slug]))
    violations = axe_violations(page)
    assert violations == [] and fits(page), describe(violations)


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, PHONE])
def test_the_results_page_is_accessible(page, live_server, cast, with_answers, viewport):
    sign_in(page, live_server, cast.ki_coordinator)
    page.set_viewport_size(viewport)
    page.goto(
        reverse("participation_staff:results", args=[cast.region.slug, with_answers.survey.pk])
    )
    violations = axe_violations(page)
    assert violations == [] and fits(page), describe(violations)


def test_a_resident_answers_the_survey_in_arabic(page, officers_survey):
    survey = officers_survey.survey
    page.goto(reverse("participation:survey", args=[survey.region.slug, "ar", survey.slug]))
    page.check("input[name=q1] >> nth=0")
    page.check("input[name=q3] >> nth=3")
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_load_state()
    assert Response.objects.filter(survey=survey, language__code="ar").count() == 1
