"""Conflicts of interest (guide, section 4.1 rule 8): a mediator who declared one with a
requesting organisation, or with one of its clients, is kept off those requests — and only
those — and the coordinator sees why; the requester never does."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ankommen.core.tests.factories import OrganisationFactory
from ankommen.mediation.models import Assignment, AssignmentOffer, Conflict, MediationRequest
from ankommen.mediation.services import MediationError, accept, assign_directly, send_offers
from ankommen.mediation.tests.factories import MediationRequestFactory
from ankommen.mediation.tests.test_done_when import _form

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_request(cast, pool):
    def make(**values):
        values.setdefault("organisation", pool.school)
        values.setdefault("place_area", pool.rheda)
        return MediationRequestFactory(
            region=cast.region, language=pool.bulgarian, requested_by=pool.teacher, **values
        )

    return make


@pytest.fixture
def desislava(pool):
    """The volunteer whose own child goes to the Grundschule Rheda."""
    return pool.volunteers[0]


def _names(matcher, request):
    return [c.mediator.name for c in matcher(request).candidates]


def _declare(mediator, organisation, reference="", reason="eigenes Kind an der Schule"):
    return Conflict.objects.create(
        mediator=mediator, organisation=organisation, client_reference=reference, reason=reason
    )


def _url(cast, name, **kwargs):
    return reverse(f"mediation:{name}", kwargs={"region": cast.region.slug, **kwargs})


def test_a_conflict_with_the_school_keeps_her_off_its_requests(
    make_request, pool, desislava, matcher
):
    _declare(desislava, pool.school)
    assert desislava.name not in _names(matcher, make_request())


def test_a_conflict_with_the_school_leaves_other_organisations_requests(
    make_request, pool, desislava, matcher
):
    _declare(desislava, pool.school)
    assert desislava.name in _names(matcher, make_request(organisation=pool.other_school))


def test_the_left_out_mediator_is_counted_under_conflict(make_request, pool, desislava, matcher):
    _declare(desislava, pool.school)
    assert matcher(make_request()).excluded["conflict"] == 1


def test_a_conflict_with_a_client_keeps_her_off_that_clients_requests(
    make_request, pool, desislava, matcher
):
    _declare(desislava, pool.school, reference="D.K.", reason="Nachbarin der Familie")
    assert desislava.name not in _names(matcher, make_request(client_reference="dk"))


def test_a_conflict_with_a_client_leaves_the_schools_other_clients(
    make_request, pool, desislava, matcher
):
    _declare(desislava, pool.school, reference="D.K.", reason="Nachbarin der Familie")
    assert desislava.name in _names(matcher, make_request(client_reference="A.M."))


def test_a_conflict_with_a_client_leaves_requests_without_a_client_reference(
    make_request, pool, desislava, matcher
):
    _declare(desislava, pool.school, reference="D.K.", reason="Nachbarin der Familie")
    assert desislava.name in _names(matcher, make_request())


def test_a_corrected_client_reference_applies_to_the_new_client(
    make_request, pool, desislava, matcher
):
    conflict = _declare(desislava, pool.school, reference="D.K.", reason="Nachbarin")
    conflict.client_reference = "A.M."
    conflict.save(update_fields=["client_reference"])
    assert desislava.name not in _names(matcher, make_request(client_reference="a m"))


def test_the_coordinator_assigning_her_directly_is_refused(make_request, pool, desislava, cast):
    request = make_request()
    _declare(desislava, pool.school)
    with pytest.raises(MediationError, match="conflict of interest"):
        assign_directly(request, desislava, by_user=cast.ki_coordinator)
    assert not Assignment.objects.filter(request=request).exists()


def test_accepting_an_offer_sent_before_she_declared_it_is_refused(
    make_request, pool, desislava, matcher
):
    request = make_request()
    offer = next(o for o in send_offers(request, wave=4) if o.mediator == desislava)
    _declare(desislava, pool.school)

    outcome = accept(offer.pk)

    assert not outcome.won
    assert not Assignment.objects.filter(request=request).exists()
    assert AssignmentOffer.objects.get(pk=offer.pk).status == AssignmentOffer.Status.OPEN


def test_a_conflict_with_an_organisation_of_another_region_is_invalid(desislava):
    elsewhere = OrganisationFactory(name="Schule anderswo")
    conflict = Conflict(mediator=desislava, organisation=elsewhere, reason="früher dort")
    with pytest.raises(ValidationError) as error:
        conflict.full_clean()
    assert "organisation" in error.value.message_dict


def test_the_coordinator_sees_who_is_left_out_and_why(
    make_request, pool, desislava, cast, client_for, matcher
):
    request = make_request()
    _declare(desislava, pool.school, reason="eigenes Kind an der Schule")

    page = client_for(cast.ki_coordinator).get(_url(cast, "request", pk=request.pk))

    assert "eigenes Kind an der Schule" in page.content.decode()


def test_the_requesting_school_does_not_see_the_conflict(
    make_request, pool, desislava, cast, client_for
):
    request = make_request()
    _declare(desislava, pool.school, reason="eigenes Kind an der Schule")

    page = client_for(pool.teacher).get(_url(cast, "request", pk=request.pk))

    assert "eigenes Kind an der Schule" not in page.content.decode()


def test_the_school_gives_a_client_reference_with_its_request(cast, pool, client_for):
    client_for(pool.teacher).post(_url(cast, "request_new"), _form(pool, client_reference="D.K."))

    assert MediationRequest.objects.get().client_reference == "D.K."


def test_the_mediator_declares_a_conflict_herself(cast, pool, desislava, client_for):
    client_for(desislava.user).post(
        _url(cast, "conflict_declare"),
        {"organisation": pool.school.pk, "client_reference": "", "reason": "Kind an der Schule"},
    )
    assert Conflict.objects.filter(mediator=desislava, organisation=pool.school).exists()


def test_a_requester_cannot_declare_a_conflict(cast, pool, client_for):
    response = client_for(pool.teacher).post(
        _url(cast, "conflict_declare"),
        {"organisation": pool.school.pk, "client_reference": "", "reason": "Kind an der Schule"},
    )
    assert response.status_code == 404
    assert not Conflict.objects.exists()


def test_declaring_a_conflict_needs_post(cast, desislava, client_for):
    response = client_for(desislava.user).get(_url(cast, "conflict_declare"))
    assert response.status_code == 405


def test_a_conflict_with_a_phone_number_as_reference_is_refused(cast, pool, desislava, client_for):
    client_for(desislava.user).post(
        _url(cast, "conflict_declare"),
        {"organisation": pool.school.pk, "client_reference": "0171 2345678", "reason": "x"},
    )
    assert not Conflict.objects.exists()


def test_the_school_corrects_the_client_reference_of_its_request(
    make_request, cast, pool, client_for
):
    request = make_request(client_reference="D.K.")
    client_for(pool.teacher).post(
        _url(cast, "request_edit", pk=request.pk),
        {
            "topic": request.topic,
            "client_reference": "D.M.",
            "place": "",
            "cost_centre": "",
            "expected_version": request.version,
        },
    )
    request.refresh_from_db()
    assert request.client_reference == "D.M."


def test_a_phone_number_as_the_requests_client_reference_is_refused(cast, pool, client_for):
    client_for(pool.teacher).post(
        _url(cast, "request_new"), _form(pool, client_reference="0171 2345678")
    )
    assert not MediationRequest.objects.exists()
