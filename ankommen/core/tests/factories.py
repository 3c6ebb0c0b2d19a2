"""Factories for the records of core; other modules' tests build on them."""

import factory
from factory.django import DjangoModelFactory

from ankommen.core.models import (
    Area,
    Language,
    Organisation,
    Region,
    Role,
    RoleAssignment,
    Team,
    User,
)


class LanguageFactory(DjangoModelFactory):
    class Meta:
        model = Language
        django_get_or_create = ["code"]

    code = "de"
    native_name = "Deutsch"
    name_de = "Deutsch"
    name_en = "German"


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region

    slug = factory.Sequence(lambda n: f"kreis-{n}")
    name = factory.Sequence(lambda n: f"Kreis {n}")
    official_key = factory.Sequence(lambda n: f"98{n:03d}")
    default_language = factory.SubFactory(LanguageFactory)


class AreaFactory(DjangoModelFactory):
    class Meta:
        model = Area

    region = factory.SubFactory(RegionFactory)
    kind = Area.Kind.MUNICIPALITY
    name = factory.Sequence(lambda n: f"Ort {n}")
    official_key = ""


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    region = factory.SubFactory(RegionFactory)
    key = factory.Sequence(lambda n: f"organisation-{n}")
    name = factory.Sequence(lambda n: f"Beratungsstelle {n}")
    kind = Organisation.Kind.NGO

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password("correct horse battery staple")


def give_role(user: User, role: str, region: Region, **scope) -> RoleAssignment:
    assignment = RoleAssignment(user=user, role=role, region=region, **scope)
    assignment.full_clean()
    assignment.save()
    return assignment


__all__ = [
    "AreaFactory",
    "LanguageFactory",
    "OrganisationFactory",
    "RegionFactory",
    "Role",
    "TeamFactory",
    "UserFactory",
    "give_role",
]
