"""Factories for the pools: a mediator comes with valid evidence and one language unless
told otherwise."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from ankommen.core.tests.factories import AreaFactory, OrganisationFactory
from ankommen.mediation.models import (
    Evidence,
    MediationLanguage,
    MediationRequest,
    Mediator,
    MediatorLanguage,
    Mode,
    Setting,
    Tier,
)


class MediationLanguageFactory(DjangoModelFactory):
    class Meta:
        model = MediationLanguage
        django_get_or_create = ["code"]

    code = "bg"
    name_de = "Bulgarisch"
    name_en = "Bulgarian"


class MediatorFactory(DjangoModelFactory):
    class Meta:
        model = Mediator
        skip_postgeneration_save = True

    region = factory.SubFactory("ankommen.core.tests.factories.RegionFactory")
    key = factory.Sequence(lambda n: f"mediator-{n}")
    tier = Tier.VOLUNTEER
    name = factory.Sequence(lambda n: f"Mediatorin {n}")
    email = factory.Sequence(lambda n: f"mediator{n}@example.org")
    phone = factory.Sequence(lambda n: f"+49 5242 9{n:05d}")
    address = "Hauptstraße 1"
    german_level = "C1"
    allowed_settings = factory.LazyFunction(
        lambda: [Setting.EVERYDAY, Setting.SCHOOL, Setting.AUTHORITIES]
    )
    home_area = factory.LazyAttribute(lambda o: AreaFactory(region=o.region))
    travel_radius_km = 30
    monthly_hour_cap = 10
    hourly_allowance = 10

    @factory.post_generation
    def speaks(self, create, extracted, **kwargs):
        if not create:
            return
        for code in extracted if extracted is not None else ["bg"]:
            language = MediationLanguageFactory(code=code, name_de=code, name_en=code)
            MediatorLanguage.objects.create(mediator=self, language=language, level="native")

    @factory.post_generation
    def evidence(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        start = dt.date(2020, 1, 1)
        for kind in (
            Evidence.Kind.CONFIDENTIALITY,
            Evidence.Kind.GOOD_CONDUCT,
            Evidence.Kind.BASIC_TRAINING,
        ):
            Evidence.objects.create(mediator=self, kind=kind, valid_from=start)


class MediationRequestFactory(DjangoModelFactory):
    class Meta:
        model = MediationRequest

    region = factory.SubFactory("ankommen.core.tests.factories.RegionFactory")
    organisation = factory.LazyAttribute(lambda o: OrganisationFactory(region=o.region))
    language = factory.SubFactory(MediationLanguageFactory)
    tier = Tier.VOLUNTEER
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + dt.timedelta(days=14)).replace(
            hour=17, minute=0, second=0, microsecond=0
        )
    )
    duration_minutes = 90
    mode = Mode.IN_PERSON
    place_area = factory.LazyAttribute(lambda o: AreaFactory(region=o.region))
    setting = Setting.SCHOOL
    topic = "Elternabend Klasse 3b"
