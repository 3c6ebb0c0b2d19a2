import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from ankommen.core.tests.factories import LanguageFactory
from ankommen.directory.models import Event, Offer, OfferTranslation, Place


class OfferFactory(DjangoModelFactory):
    class Meta:
        model = Offer
        skip_postgeneration_save = True

    key = factory.Sequence(lambda n: f"angebot-{n}")
    organisation = None
    maintainer = factory.LazyAttribute(lambda o: o.organisation)
    region = factory.LazyAttribute(lambda o: o.organisation.region)
    kind = Offer.Kind.COUNSELLING

    @factory.post_generation
    def title(self, create, extracted, **kwargs):
        OfferTranslation.objects.create(
            offer=self,
            language=LanguageFactory(code="de"),
            title=extracted or f"Angebot {self.key}",
        )


class PlaceFactory(DjangoModelFactory):
    class Meta:
        model = Place

    key = factory.Sequence(lambda n: f"ort-{n}")
    name = factory.Sequence(lambda n: f"Ort {n}")
    area = None
    region = factory.LazyAttribute(lambda o: o.area.region)
    street = "Hauptstraße 1"
    postal_code = "33415"
    city = "Verl"


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event

    key = factory.Sequence(lambda n: f"termin-{n}")
    organisation = None
    region = factory.LazyAttribute(lambda o: o.organisation.region)
    title = "Infoabend"
    online_url = "https://example.org/online"
    area = None
    starts = factory.LazyFunction(
        lambda: timezone.now().replace(microsecond=0, second=0) + dt.timedelta(days=7)
    )
    rrule = "FREQ=WEEKLY;INTERVAL=6;COUNT=9"
    capacity = 2
    registration = True
