"""Factories for the action plan; they build on core's."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from ankommen.actionplan.models import Challenge, Recommendation, SubStep
from ankommen.core.models import FieldOfAction
from ankommen.core.tests.factories import RegionFactory


class FieldOfActionFactory(DjangoModelFactory):
    class Meta:
        model = FieldOfAction

    region = factory.SubFactory(RegionFactory)
    slug = factory.Sequence(lambda n: f"feld-{n}")
    name = factory.Sequence(lambda n: f"Handlungsfeld {n}")
    sort_order = 1


class ChallengeFactory(DjangoModelFactory):
    class Meta:
        model = Challenge

    field = factory.SubFactory(FieldOfActionFactory)
    rank = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Herausforderung {n}")


class RecommendationFactory(DjangoModelFactory):
    class Meta:
        model = Recommendation

    challenge = factory.SubFactory(ChallengeFactory)
    field = factory.SelfAttribute("challenge.field")
    number = factory.Sequence(lambda n: n + 1)
    key = factory.Sequence(lambda n: f"empfehlung-{n}")
    title = factory.Sequence(lambda n: f"Empfehlung {n}")
    goal = "Ein Ziel"
    deadline_class = "medium"
    adopted_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=400))


class SubStepFactory(DjangoModelFactory):
    class Meta:
        model = SubStep

    recommendation = factory.SubFactory(RecommendationFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Teilschritt {n}")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=100))
    status = "in_progress"
    progress = 40
    weight = Decimal(1)
