"""The participation demo: loaded twice, it is the same; the officers' survey shows counts
per question; the Romanian comment is approved and shown."""

import io

import pytest
from django.test import Client
from django.urls import reverse

from ankommen.actionplan.tests.factories import (
    ChallengeFactory,
    FieldOfActionFactory,
    RecommendationFactory,
)
from ankommen.core.tests.factories import LanguageFactory
from ankommen.participation.demo import CONSULTED, load_demo_participation
from ankommen.participation.models import Comment, MissingOfferReport, Response, Survey
from ankommen.participation.results import question_results

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(cast, languages):
    for code in ("uk", "ru", "tr", "fa"):
        cast.region.languages.add(LanguageFactory(code=code))
    field = FieldOfActionFactory(region=cast.region, slug="zusammenleben")
    for key in CONSULTED:
        RecommendationFactory(challenge=ChallengeFactory(field=field), key=key)
    load_demo_participation(stdout=io.StringIO())
    load_demo_participation(stdout=io.StringIO())
    return cast.region


def test_loading_twice_stores_everything_once(demo):
    counts = (Comment.objects.count(), Response.objects.count(), MissingOfferReport.objects.count())
    assert counts == (5, 13 + 14, 3)


def test_the_officers_survey_counts_one_answer_per_town(demo):
    survey = Survey.objects.get(slug="kommunale-integrationsarbeit-2023")
    towns = question_results(survey)[0]
    assert [row.count for row in towns.rows] == [1] * 13


def test_the_approved_romanian_comment_is_shown(demo):
    response = Client().get(
        reverse(
            "participation:consultation", args=[demo.slug, "ro", "ehrenamt-und-antidiskriminierung"]
        )
    )
    assert "Aș vrea să ajut ca voluntară" in response.content.decode()
