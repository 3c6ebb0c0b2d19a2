"""Factories for case records, on top of core's."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from ankommen.cases.models import Case, Client, Consent, ConsentText


class ClientFactory(DjangoModelFactory):
    class Meta:
        model = Client

    first_name = "Amina"
    last_name = factory.Sequence(lambda n: f"Beispiel{n}")
    birth_year = 1990


class CaseFactory(DjangoModelFactory):
    class Meta:
        model = Case

    kind = Case.Kind.KIM
    status = Case.Status.ACTIVE
    client = factory.SubFactory(
        ClientFactory,
        region=factory.SelfAttribute("..region"),
        organisation=factory.SelfAttribute("..organisation"),
    )


class ConsentTextFactory(DjangoModelFactory):
    class Meta:
        model = ConsentText
        django_get_or_create = ["region", "purpose", "version"]

    purpose = "referral"
    version = "2026-1"
    text = "Einwilligung in die Weitergabe (Test)."


class ConsentFactory(DjangoModelFactory):
    class Meta:
        model = Consent

    purpose = "referral"
    categories = factory.LazyFunction(lambda: ["identity", "languages"])
    form = Consent.Form.SIGNED
    given_on = factory.LazyFunction(timezone.localdate)
    text_version = factory.SubFactory(
        ConsentTextFactory,
        region=factory.SelfAttribute("..client.region"),
        purpose=factory.SelfAttribute("..purpose"),
    )
