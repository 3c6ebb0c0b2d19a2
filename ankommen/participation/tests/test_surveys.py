"""Anonymous survey answers: once per browser, counted per question, results only for the
survey's owners, small subgroups hidden, a closed link says so."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ankommen.participation.models import Answer, Response
from ankommen.participation.public_views import BROWSER_COOKIE

pytestmark = pytest.mark.django_db


def survey_page(survey, code="ro"):
    return reverse("participation:survey", args=[survey.region.slug, code, survey.slug])


def csv_page(survey):
    return reverse("participation_staff:results_csv", args=[survey.region.slug, survey.pk])


def results_page(survey):
    return reverse("participation_staff:results", args=[survey.region.slug, survey.pk])


def answer(o, *, town=0, needs=(0,), network=4, wish="", client=None, token=None):
    client = client or Client()
    form = client.get(survey_page(o.survey)).context["form"]
    town_choice = list(o.town.choices.order_by("number"))[town]
    need_choices = list(o.needs.choices.order_by("number"))
    data = {
        "token": token or form.initial["token"],
        "q1": town_choice.pk,
        "q2": [need_choices[n].pk for n in needs],
        "q3": network,
        "q4": wish,
    }
    return client.post(survey_page(o.survey), data)


def test_an_officer_s_answers_are_stored(officers_survey):
    answer(officers_survey, needs=(0, 1))
    assert Answer.objects.filter(response__survey=officers_survey.survey).count() == 4


def test_the_same_browser_cannot_answer_twice(officers_survey):
    client = Client()
    answer(officers_survey, client=client)
    # A second page of the form, opened before the first was sent: another form token,
    # the same browser cookie.
    client.post(
        survey_page(officers_survey.survey),
        {"token": "f" * 32, "q1": officers_survey.town.choices.first().pk, "q3": 2},
    )
    assert Response.objects.count() == 1


def test_the_same_browser_is_thanked_instead_of_asked_again(officers_survey):
    client = Client()
    answer(officers_survey, client=client)
    response = client.get(survey_page(officers_survey.survey))
    assert "form" not in response.context


def test_a_double_submit_without_cookie_is_stored_once(officers_survey):
    first = Client()
    token = first.get(survey_page(officers_survey.survey)).context["form"].initial["token"]
    for _ in range(2):
        client = Client()  # no cookie: e.g. cookies blocked
        client.post(
            survey_page(officers_survey.survey),
            {"token": token, "q1": officers_survey.town.choices.first().pk, "q3": 2},
        )
    assert Response.objects.count() == 1


def test_a_required_question_left_open_is_refused(officers_survey):
    client = Client()
    client.get(survey_page(officers_survey.survey))
    response = client.post(survey_page(officers_survey.survey), {"q3": 2})
    assert (response.status_code, Response.objects.count()) == (400, 0)


def test_a_response_carries_no_identity(officers_survey, cast):
    client = Client()
    client.force_login(cast.officer_versmold)
    answer(officers_survey, client=client)
    stored = Response.objects.values().get()
    assert set(stored) == {"id", "survey_id", "language_id", "submitted_on", "browser"}


def test_the_browser_token_is_stored_only_as_a_hash(officers_survey):
    client = Client()
    answer(officers_survey, client=client)
    token = client.cookies[BROWSER_COOKIE].value
    assert token not in Response.objects.get().browser


def test_the_results_count_the_answers_per_question(officers_survey, cast, client_for):
    answer(officers_survey, town=0, needs=(0, 1), network=4)
    answer(officers_survey, town=0, needs=(1,), network=2)
    answer(officers_survey, town=1, needs=(1,), network=4)
    results = (
        client_for(cast.ki_coordinator).get(results_page(officers_survey.survey)).context["results"]
    )
    counts = {r.question.number: [row.count for row in r.rows] for r in results}
    assert counts == {1: [2, 1, 0], 2: [1, 3], 3: [0, 1, 0, 2, 0], 4: []}


def test_a_named_owner_sees_free_text_answers(officers_survey, cast, client_for):
    answer(officers_survey, wish="Mehr Austausch zwischen den Kommunen")
    response = client_for(cast.officer_verl).get(results_page(officers_survey.survey))
    assert "Mehr Austausch zwischen den Kommunen" in response.content.decode()


def test_another_officer_cannot_see_the_results(officers_survey, cast, client_for):
    answer(officers_survey, wish="Mehr Austausch zwischen den Kommunen")
    response = client_for(cast.officer_versmold).get(results_page(officers_survey.survey))
    assert response.status_code == 404


def test_an_owner_of_another_survey_cannot_see_these_results(officers_survey, cast, client_for):
    officers_survey.survey.owners.remove(cast.officer_verl)
    other = type(officers_survey.survey).objects.create(
        region=cast.region,
        slug="andere",
        title="Andere",
        audience="residents",
        opens_at=officers_survey.survey.opens_at,
        closes_at=officers_survey.survey.closes_at,
    )
    other.owners.add(cast.officer_verl)
    response = client_for(cast.officer_verl).get(results_page(officers_survey.survey))
    assert response.status_code == 403


def test_the_coordinator_of_another_region_cannot_see_the_results(
    officers_survey, cast, client_for
):
    response = client_for(cast.other_coordinator).get(results_page(officers_survey.survey))
    assert response.status_code == 404


def test_a_subgroup_below_the_minimum_is_hidden(officers_survey, cast, client_for):
    for _ in range(3):
        answer(officers_survey, town=0)
    for _ in range(2):
        answer(officers_survey, town=1)
    answer(officers_survey, town=2)
    groups = (
        client_for(cast.ki_coordinator).get(results_page(officers_survey.survey)).context["groups"]
    )
    assert [(g.label, g.shown) for g in groups] == [
        ("Verl", True),
        ("Versmold", False),  # large enough, hidden so that Werther cannot be worked out
        ("Werther", False),
    ]


def test_the_export_is_a_csv_for_german_excel(officers_survey, cast, client_for):
    answer(officers_survey, town=0, network=4)
    response = client_for(cast.ki_coordinator).get(csv_page(officers_survey.survey))
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff") and "1. Kommune?;Verl;1;100,0" in body


def test_the_export_is_refused_to_a_non_owner(officers_survey, cast, client_for):
    response = client_for(cast.officer_versmold).get(csv_page(officers_survey.survey))
    assert response.status_code == 404


def test_a_closed_survey_link_says_so_in_the_visitor_s_language(officers_survey):
    survey = officers_survey.survey
    survey.closes_at = timezone.now() - dt.timedelta(hours=1)
    survey.save()
    response = Client().get(survey_page(survey, "de"))
    assert response.status_code == 410
    assert "Antworten werden nicht mehr angenommen" in response.content.decode()


def test_answers_sent_after_closing_are_not_stored(officers_survey):
    client = Client()
    token = client.get(survey_page(officers_survey.survey)).context["form"].initial["token"]
    survey = officers_survey.survey
    survey.closes_at = timezone.now() - dt.timedelta(seconds=1)
    survey.save()
    client.post(
        survey_page(survey), {"token": token, "q1": officers_survey.town.choices.first().pk}
    )
    assert Response.objects.count() == 0


def test_the_survey_page_shows_the_question_in_the_visitor_s_language(officers_survey):
    officers_survey.town.texts = {"ar": "أي بلدية؟"}
    officers_survey.town.save()
    response = Client().get(survey_page(officers_survey.survey, "ar"))
    html = response.content.decode()
    assert "أي بلدية؟" in html and 'dir="rtl"' in html
