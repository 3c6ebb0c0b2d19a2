"""The case-management cast: the AWO's KIM team in Verl, Caritas in Rietberg, the
Jobcenter as a referral recipient — on top of the project's `cast`."""

from dataclasses import dataclass

import pytest
from django.test import Client as HttpClient

from ankommen.cases.models import Case, ReferralRecipient
from ankommen.cases.tests.factories import CaseFactory
from ankommen.core.models import Area, Organisation, Role, User
from ankommen.core.tests.factories import (
    AreaFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
    give_role,
)
from ankommen.twofactor import mark_verified


@pytest.fixture(autouse=True)
def _english_messages(settings):
    """The tests read English messages; German is the interface's first language."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@dataclass
class World:
    cast: object
    verl: Area
    rietberg: Area
    awo: Organisation
    caritas: Organisation
    jobcenter: Organisation
    awo_manager: User
    awo_colleague: User
    awo_lead: User
    caritas_manager: User
    jobcenter_staff: User
    case: Case


@pytest.fixture
def world(cast) -> World:
    region = cast.region
    rietberg = AreaFactory(region=region, parent=cast.verl.parent, name="Rietberg")
    awo = OrganisationFactory(region=region, name="AWO Kreisverband", areas=[cast.verl])
    caritas = OrganisationFactory(region=region, name="Caritas Rietberg", areas=[rietberg])
    jobcenter = OrganisationFactory(
        region=region, name="Jobcenter Kreis Gütersloh", kind=Organisation.Kind.GO
    )
    awo_team = TeamFactory(organisation=awo, name="KIM-Team Verl")
    caritas_team = TeamFactory(organisation=caritas, name="KIM-Team Rietberg")

    def person(username, role, **scope):
        user = UserFactory(username=username)
        give_role(user, role, region, **scope)
        return user

    awo_manager = person("amelie", Role.CASE_MANAGER, organisation=awo, team=awo_team)
    awo_colleague = person("anton", Role.CASE_MANAGER, organisation=awo)
    awo_lead = person("lena", Role.TEAM_LEAD, organisation=awo, team=awo_team)
    caritas_manager = person("cornelia", Role.CASE_MANAGER, organisation=caritas, team=caritas_team)
    jobcenter_staff = person("jonas", Role.CASE_MANAGER, organisation=jobcenter)
    # The Jobcenter names jonas to receive its referrals (need-to-know below the organisation).
    ReferralRecipient.objects.create(organisation=jobcenter, user=jobcenter_staff)
    case = CaseFactory(
        region=region,
        organisation=awo,
        town=cast.verl,
        team=awo_team,
        assigned_to=awo_manager,
    )
    return World(
        cast=cast,
        verl=cast.verl,
        rietberg=rietberg,
        awo=awo,
        caritas=caritas,
        jobcenter=jobcenter,
        awo_manager=awo_manager,
        awo_colleague=awo_colleague,
        awo_lead=awo_lead,
        caritas_manager=caritas_manager,
        jobcenter_staff=jobcenter_staff,
        case=case,
    )


@pytest.fixture
def verified_for():
    """A test client signed in as the person, with the second factor confirmed."""

    def make(user) -> HttpClient:
        client = HttpClient()
        if user is not None:
            client.force_login(user)
            session = client.session
            mark_verified(session, user)
            session.save()
        return client

    return make


def url(name: str, world_or_region, **kwargs) -> str:
    from django.urls import reverse

    region = getattr(world_or_region, "cast", None)
    slug = region.region.slug if region else world_or_region.slug
    return reverse(f"cases:{name}", kwargs={"region": slug, **kwargs})


def two_factor_url(world) -> str:
    """The page that asks for the authenticator code (ankommen/twofactor) in the world's
    region."""
    from django.urls import reverse

    return reverse("twofactor:verify", kwargs={"region": world.cast.region.slug})
