"""The demo pools: sizes the issue asks for, and a second load writes nothing."""

import datetime as dt
import io

import pytest
from django.utils import timezone

from ankommen.core.demo import load_kreis_guetersloh
from ankommen.core.models import Organisation
from ankommen.mediation.demo import load_demo_pool
from ankommen.mediation.matching import propose
from ankommen.mediation.models import (
    Assignment,
    AssignmentOffer,
    Conflict,
    Evidence,
    MediationLanguage,
    MediationRequest,
    Mediator,
    MediatorLanguage,
    Mode,
    Setting,
    Tier,
)

pytestmark = pytest.mark.django_db


def _counts():
    return [
        model.objects.count()
        for model in (
            MediationLanguage,
            Mediator,
            MediatorLanguage,
            Evidence,
            Conflict,
            MediationRequest,
            Assignment,
        )
    ]


def test_the_demo_pools_load_once_and_a_second_run_changes_nothing():
    load_kreis_guetersloh(stdout=io.StringIO())
    load_demo_pool(stdout=io.StringIO())
    first = _counts()
    out = io.StringIO()
    load_demo_pool(stdout=out)

    assert _counts() == first
    assert "0 new mediators" in out.getvalue()
    assert Mediator.objects.filter(tier=Tier.VOLUNTEER).count() == 125
    assert Mediator.objects.filter(tier=Tier.PROFESSIONAL).count() == 20
    volunteer_languages = (
        MediatorLanguage.objects.filter(mediator__tier=Tier.VOLUNTEER)
        .values("language")
        .distinct()
        .count()
    )
    assert volunteer_languages > 40
    # The past year; the demo Sprachlotsin's upcoming requests come on top.
    assert (
        MediationRequest.objects.filter(is_demo=True, starts_at__lt=timezone.now()).count() == 1500
    )
    towns = MediationRequest.objects.values("organisation__areas").distinct().count()
    assert towns >= 3
    demo_volunteer = Mediator.objects.get(user__username="sprachlotsin")
    assert demo_volunteer.languages.get().language.code == "bg"


def test_the_demo_declares_conflicts_that_keep_a_mediator_off_a_clients_requests():
    load_kreis_guetersloh(stdout=io.StringIO())
    load_demo_pool(stdout=io.StringIO())
    conflict = Conflict.objects.get(mediator__key="professional-002")
    request = MediationRequest(
        region=conflict.mediator.region,
        organisation=conflict.organisation,
        client_reference="a.k.",
    )
    other_client = MediationRequest(
        region=conflict.mediator.region,
        organisation=conflict.organisation,
        client_reference="B. L.",
    )

    assert conflict.applies_to(request)
    assert not conflict.applies_to(other_client)
    assert Conflict.objects.filter(client_reference="", mediator__key="volunteer-003").exists()


def test_the_demo_sprachlotsin_is_proposed_for_a_bulgarian_school_request_near_her():
    load_kreis_guetersloh(stdout=io.StringIO())
    load_demo_pool(stdout=io.StringIO())
    desislava = Mediator.objects.get(user__username="sprachlotsin")
    school = Organisation.objects.get(name="Grundschule am Doktorplatz (Rheda-Wiedenbrück)")
    request = MediationRequest.objects.create(
        region=desislava.region,
        organisation=school,
        language=desislava.languages.get().language,
        starts_at=timezone.now() + dt.timedelta(days=16),
        duration_minutes=90,
        mode=Mode.IN_PERSON,
        place_area=desislava.home_area,
        setting=Setting.SCHOOL,
        topic="Elterngespräch",
    )

    assert desislava in [c.mediator for c in propose(request).candidates]


def test_the_demo_sprachlotsin_has_open_offers_and_a_confirmed_appointment_with_details():
    load_kreis_guetersloh(stdout=io.StringIO())
    load_demo_pool(stdout=io.StringIO())
    desislava = Mediator.objects.get(user__username="sprachlotsin")
    today = timezone.localdate()

    open_offers = AssignmentOffer.objects.filter(
        mediator=desislava,
        status=AssignmentOffer.Status.OPEN,
        request__starts_at__gt=timezone.now(),
    )
    assert "verbundschule-verl" in {o.request.organisation.key for o in open_offers}
    assert all(o.request.language.code == "bg" for o in open_offers)
    appointment = Assignment.objects.get(
        mediator=desislava, status=Assignment.Status.CONFIRMED, starts_at__gt=timezone.now()
    )
    assert appointment.request.room
    assert appointment.request.contact_phone
    assert appointment.request.address()
    assert all(
        desislava.evidence.filter(kind=kind, valid_from__lte=today)
        .exclude(valid_until__lt=today + dt.timedelta(days=30))
        .exists()
        for kind in ("confidentiality", "good_conduct", "basic_training")
    )


def test_a_second_demo_load_adds_no_second_appointment_for_the_sprachlotsin():
    load_kreis_guetersloh(stdout=io.StringIO())
    load_demo_pool(stdout=io.StringIO())
    out = io.StringIO()
    load_demo_pool(stdout=out)

    assert "0 upcoming requests for the demo Sprachlotsin" in out.getvalue()
    assert (
        Assignment.objects.filter(mediator__user__username="sprachlotsin")
        .filter(starts_at__gt=timezone.now())
        .count()
        == 1
    )


def test_the_demo_ki_finds_three_requests_that_need_her():
    from ankommen.core.models import Region
    from ankommen.mediation import overview

    load_kreis_guetersloh(stdout=io.StringIO())
    load_demo_pool(stdout=io.StringIO())
    region = Region.objects.get(slug="kreis-guetersloh")
    action = overview.needs_action(region, overview.load(region))
    assert len(action.starting_soon) + len(action.unanswered) == 3
