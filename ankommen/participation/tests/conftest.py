import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from ankommen.actionplan.tests.factories import (
    ChallengeFactory,
    FieldOfActionFactory,
    RecommendationFactory,
)
from ankommen.core.models import Language
from ankommen.core.tests.factories import LanguageFactory
from ankommen.participation.models import Choice, Consultation, Question, Survey


@pytest.fixture
def languages(cast) -> dict[str, Language]:
    """German, Romanian and Arabic (right to left), offered by the cast's region."""
    found = {
        "de": LanguageFactory(code="de"),
        "ro": LanguageFactory(
            code="ro", native_name="Română", name_de="Rumänisch", name_en="Romanian"
        ),
        "ar": LanguageFactory(
            code="ar", native_name="العربية", name_de="Arabisch", name_en="Arabic", direction="rtl"
        ),
    }
    cast.region.default_language = found["de"]
    cast.region.save()
    cast.region.languages.add(*found.values())
    return found


@pytest.fixture
def consultation(cast, languages) -> Consultation:
    """The KI asks for comments on the volunteer-coordination recommendation."""
    field = FieldOfActionFactory(region=cast.region, slug="zusammenleben", sort_order=1)
    recommendation = RecommendationFactory(
        challenge=ChallengeFactory(field=field),
        key="ehrenamtskoordination",
        title="Jede Kommune prüft eine Stelle für die Ehrenamtskoordination.",
        titles={"ro": "Fiecare comună analizează un post de coordonare a voluntarilor."},
    )
    today = timezone.localdate()
    found = Consultation.objects.create(
        region=cast.region,
        slug="ehrenamt",
        title="Ehrenamt stärken",
        titles={"ro": "Sprijin pentru voluntari"},
        opens_on=today - dt.timedelta(days=3),
        closes_on=today + dt.timedelta(days=30),
    )
    found.recommendations.add(recommendation)
    return found


@dataclass
class OfficersSurvey:
    survey: Survey
    town: Question
    needs: Question
    network: Question
    wish: Question


@pytest.fixture
def officers_survey(cast, languages) -> OfficersSurvey:
    """The survey of the towns' integration officers, open, results by town from 2 up."""
    now = timezone.now()
    survey = Survey.objects.create(
        region=cast.region,
        slug="integrationsarbeit",
        title="Kommunale Integrationsarbeit",
        titles={"ro": "Munca de integrare în comune"},
        audience=Survey.Audience.INTEGRATION_OFFICERS,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=10),
        min_group_size=2,
    )
    town = Question.objects.create(
        survey=survey, number=1, kind="single", text="Kommune?", required=True
    )
    for number, name in enumerate(["Verl", "Versmold", "Werther"], start=1):
        Choice.objects.create(question=town, number=number, text=name)
    needs = Question.objects.create(survey=survey, number=2, kind="multiple", text="Bedarf?")
    for number, name in enumerate(["Wohnraum", "Sprachkurse"], start=1):
        Choice.objects.create(question=needs, number=number, text=name)
    network = Question.objects.create(
        survey=survey, number=3, kind="scale", text="Vernetzt?", scale_max=5
    )
    wish = Question.objects.create(survey=survey, number=4, kind="text", text="Wünsche?")
    survey.subgroup_question = town
    survey.save()
    survey.owners.add(cast.officer_verl)
    return OfficersSurvey(survey, town, needs, network, wish)
