"""Volunteering in the cast's region: AK Asyl in Verl with its coordinator Elke and the
Libelle association in Versmold with its coordinator Lars, each with an opportunity and
volunteers; a resident's answer; a KI training."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from ankommen.core.models import Language, Organisation, Role, User
from ankommen.core.tests.factories import (
    LanguageFactory,
    OrganisationFactory,
    UserFactory,
    give_role,
)
from ankommen.volunteering.models import (
    Kind,
    Opportunity,
    OpportunityTranslation,
    Training,
    Volunteer,
)


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@dataclass
class Ehrenamt:
    ak_asyl: Organisation
    libelle: Organisation
    ki: Organisation
    elke: User  # coordinator of AK Asyl
    lars: User  # coordinator of Libelle
    patenschaft: Opportunity
    homework: Opportunity
    marlene: Volunteer  # AK Asyl
    jonas: Volunteer  # Libelle
    marlene_user: User
    training: Training
    arabic: Language
    german: Language


def volunteer(organisation, name, **values) -> Volunteer:
    return Volunteer.objects.create(
        region=organisation.region,
        organisation=organisation,
        name=name,
        consent_at=timezone.now(),
        **values,
    )


@pytest.fixture
def ehrenamt(cast) -> Ehrenamt:
    region = cast.region
    german = LanguageFactory(code="de")
    arabic = LanguageFactory(
        code="ar", native_name="العربية", name_de="Arabisch", name_en="Arabic", direction="rtl"
    )
    romanian = LanguageFactory(
        code="ro", native_name="Română", name_de="Rumänisch", name_en="Romanian"
    )
    region.languages.add(german, arabic, romanian)
    ak_asyl = OrganisationFactory(region=region, name="AK Asyl Verl", areas=[cast.verl])
    libelle = OrganisationFactory(region=region, name="Libelle e. V.", areas=[cast.versmold])
    ki = OrganisationFactory(region=region, name="Kommunales Integrationszentrum")
    elke = UserFactory(username="elke")
    give_role(elke, Role.ORGANISATION_EDITOR, region, organisation=ak_asyl)
    lars = UserFactory(username="lars")
    give_role(lars, Role.ORGANISATION_EDITOR, region, organisation=libelle)
    patenschaft = Opportunity.objects.create(
        region=region,
        organisation=ak_asyl,
        key="patenschaft",
        kind=Kind.SPONSORSHIP,
        town=cast.verl,
    )
    OpportunityTranslation.objects.create(
        opportunity=patenschaft, language=german, title="Patenschaft für eine Familie"
    )
    OpportunityTranslation.objects.create(
        opportunity=patenschaft, language=arabic, title="كفالة عائلة"
    )
    homework = Opportunity.objects.create(
        region=region, organisation=libelle, key="hausaufgaben", kind=Kind.HOMEWORK
    )
    OpportunityTranslation.objects.create(
        opportunity=homework, language=german, title="Hausaufgabenhilfe"
    )
    marlene_user = UserFactory(username="marlene")
    give_role(marlene_user, Role.VOLUNTEER, region)
    marlene = volunteer(ak_asyl, "Marlene Hoffmann", user=marlene_user, monthly_hour_cap=Decimal(8))
    jonas = volunteer(libelle, "Jonas Brinkmann", monthly_hour_cap=Decimal(6))
    training = Training.objects.create(
        region=region,
        organisation=ki,
        title="Grenzen im Ehrenamt",
        starts_at=timezone.now() + dt.timedelta(days=10),
        hours=Decimal(3),
        place="Kreishaus",
        capacity=2,
    )
    return Ehrenamt(
        ak_asyl=ak_asyl,
        libelle=libelle,
        ki=ki,
        elke=elke,
        lars=lars,
        patenschaft=patenschaft,
        homework=homework,
        marlene=marlene,
        jonas=jonas,
        marlene_user=marlene_user,
        training=training,
        arabic=arabic,
        german=german,
    )
