"""The issue's acceptance path: a school in Rheda-Wiedenbrück requests a Bulgarian mediator
for a parents' evening; three volunteers are proposed with reasons, one accepts by the link
in her e-mail, only then the school sees her name, and the KI's overview counts it."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ankommen.mediation.models import Assignment, AssignmentOffer, Evidence, MediationRequest
from ankommen.mediation.tests.conftest import form_data
from ankommen.mediation.tests.factories import MediationRequestFactory

pytestmark = pytest.mark.django_db


def _form(pool, **changes):
    return form_data(pool, **changes)


def _new_url(cast):
    return reverse("mediation:request_new", kwargs={"region": cast.region.slug})


def _detail_url(cast, item):
    return reverse("mediation:request", kwargs={"region": cast.region.slug, "pk": item.pk})


def test_school_request_reaches_three_volunteers_by_mail_with_reasons(
    cast, pool, client_for, matcher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(pool.teacher).post(_new_url(cast), _form(pool))

    request = MediationRequest.objects.get()
    assert response.status_code == 302
    assert request.status == MediationRequest.Status.OFFERED
    offers = list(request.offers.order_by("rank"))
    assert len(offers) == 3
    assert all(offer.mediator.tier == "volunteer" for offer in offers)
    assert all(offer.reasons for offer in offers)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(o.mediator.email for o in offers)


def test_school_sees_the_mediators_name_only_after_she_accepted_by_link(
    cast, pool, client_for, settings, matcher, django_capture_on_commit_callbacks
):
    settings.LANGUAGE_CODE = "en"
    school = client_for(pool.teacher)
    with django_capture_on_commit_callbacks(execute=True):
        school.post(_new_url(cast), _form(pool))
    request = MediationRequest.objects.get()
    names = [o.mediator.name for o in request.offers.all()]
    before = school.get(_detail_url(cast, request)).content.decode()
    assert not any(name in before for name in names)

    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    answer = client_for(None).post("/" + path, {"answer": "accept"})

    assert answer.status_code == 200
    assignment = Assignment.objects.get(request=request)
    assert assignment.mediator.email == mail.outbox[0].to[0]
    after = school.get(_detail_url(cast, request)).content.decode()
    assert assignment.mediator.name in after
    assert assignment.mediator.phone in after
    request.refresh_from_db()
    assert request.status == MediationRequest.Status.CONFIRMED
    assert set(
        request.offers.exclude(pk=assignment.mediator.offers.get().pk).values_list(
            "status", flat=True
        )
    ) == {AssignmentOffer.Status.TAKEN}


def test_the_ki_overview_counts_the_confirmed_assignment(
    cast, pool, client_for, matcher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(pool.teacher).post(_new_url(cast), _form(pool))
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    client_for(None).post("/" + link.split("://", 1)[1].split("/", 1)[1], {"answer": "accept"})

    page = client_for(cast.ki_coordinator).get(
        reverse("mediation:overview", kwargs={"region": cast.region.slug})
    )

    assert page.status_code == 200
    assert page.context["stats"]["assignments"] == 1
    assert ("Bulgarisch", 1) in page.context["stats"]["by_language"]
    assert '<span id="assignment-count">1</span>' in page.content.decode()


def test_an_expired_confidentiality_declaration_removes_the_mediator_from_proposals(
    cast, pool, matcher
):
    request = MediationRequestFactory(
        region=cast.region,
        organisation=pool.school,
        language=pool.bulgarian,
        place_area=pool.rheda,
    )
    first = matcher(request).candidates[0].mediator
    Evidence.objects.filter(mediator=first, kind=Evidence.Kind.CONFIDENTIALITY).update(
        valid_until=timezone.localdate(request.starts_at) - dt.timedelta(days=1)
    )

    proposed = [c.mediator for c in matcher(request).candidates]

    assert first not in proposed
    assert len(proposed) == 3
    assert matcher(request).excluded["evidence"] == 1
