from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from ankommen.actionplan.models import Challenge, Recommendation, SubStep
from ankommen.actionplan.tests.factories import (
    ChallengeFactory,
    FieldOfActionFactory,
    RecommendationFactory,
    SubStepFactory,
)


@dataclass
class Plan:
    challenge: Challenge
    recommendation: Recommendation
    caritas_step: SubStep
    verl_step: SubStep
    versmold_step: SubStep
    other_region_step: SubStep


@pytest.fixture
def plan(cast) -> Plan:
    """The Mietführerschein recommendation of the cast's region with three sub-steps, each
    in the hands of another organisation, and one step of the other region."""
    today = timezone.localdate()
    field = FieldOfActionFactory(
        region=cast.region, slug="wohnen-mobilitaet", name="Wohnen und Mobilität", sort_order=1
    )
    challenge = ChallengeFactory(field=field, rank=5, text="Zu wenig Wissen über Mietrecht.")
    recommendation = RecommendationFactory(
        challenge=challenge,
        number=1,
        key="mietfuehrerschein",
        title="Ein Mietführerschein informiert über Rechte und Pflichten.",
    )
    caritas_step = SubStepFactory(
        recommendation=recommendation,
        number=1,
        text="Multiplikatorinnen einbinden",
        responsible_organisation=cast.kreis_organisation,
    )
    verl_step = SubStepFactory(
        recommendation=recommendation,
        number=2,
        text="Kurs in Verl anbieten",
        responsible_organisation=cast.verl_organisation,
        status="planned",
        progress=0,
        due_date=today + timedelta(days=200),
    )
    versmold_step = SubStepFactory(
        recommendation=recommendation,
        number=3,
        text="Kurs in Versmold anbieten",
        responsible_organisation=cast.versmold_organisation,
        due_date=today - timedelta(days=10),
    )
    other_field = FieldOfActionFactory(region=cast.other_region, slug="wohnen-mobilitaet")
    other_region_step = SubStepFactory(
        recommendation=RecommendationFactory(challenge=ChallengeFactory(field=other_field)),
        responsible_organisation=cast.other_organisation,
    )
    for step in (caritas_step, verl_step, versmold_step, other_region_step):
        step.refresh_from_db()
    recommendation.refresh_from_db()
    return Plan(
        challenge, recommendation, caritas_step, verl_step, versmold_step, other_region_step
    )
