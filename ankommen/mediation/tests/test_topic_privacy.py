"""A request's topic stays with the requester until a mediator has accepted: the offer mail
and the offer page before acceptance show neutral facts only; the requester confirms the
topic names nobody, and a topic naming the client a case knows is refused."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from ankommen.mediation.forms import MediationRequestForm
from ankommen.mediation.models import AssignmentOffer, MediationRequest
from ankommen.mediation.services import accept, offer_token
from ankommen.mediation.tests.conftest import form_data
from ankommen.mediation.tests.factories import MediationRequestFactory

pytestmark = pytest.mark.django_db

TOPIC = "Elternabend Klasse 2a, Vater von Mehmet"


def _new_url(cast):
    return reverse("mediation:request_new", kwargs={"region": cast.region.slug})


def _offer_url(cast, offer):
    return reverse("mediation:offer", args=[cast.region.slug, offer_token(offer)])


@pytest.fixture
def offered(cast, pool, client_for, django_capture_on_commit_callbacks):
    """The school's request offered by mail (the mails in `offered.mails`)."""
    with django_capture_on_commit_callbacks(execute=True):
        client_for(pool.teacher).post(_new_url(cast), form_data(pool, topic=TOPIC))
    request = MediationRequest.objects.get()
    request.mails = list(mail.outbox)
    return request


def test_the_offer_mail_does_not_carry_the_topic(offered):
    assert len(offered.mails) == 3
    assert not [m for m in offered.mails if "Mehmet" in m.body or "Elternabend" in m.body]


def test_the_offer_mail_names_date_town_language_duration_and_kind(offered):
    body = offered.mails[0].body
    for fact in ("Bulgarian", "90 minutes", "Rheda-Wiedenbrück", "school and childcare"):
        assert fact in body


def test_the_offer_page_does_not_show_the_topic_before_acceptance(cast, offered, client_for):
    offer = offered.offers.first()
    page = client_for(None).get(_offer_url(cast, offer)).content.decode()
    assert "Mehmet" not in page
    assert "Rheda-Wiedenbrück" in page


def test_a_signed_in_mediator_does_not_see_the_topic_of_an_open_offer(cast, offered, client_for):
    offer = offered.offers.first()
    page = client_for(offer.mediator.user).get(_offer_url(cast, offer)).content.decode()
    assert "Mehmet" not in page


def test_the_mediator_who_accepted_sees_the_topic_signed_in(cast, offered, client_for):
    offer = offered.offers.first()
    accept(offer.pk)
    page = client_for(offer.mediator.user).get(_offer_url(cast, offer)).content.decode()
    assert "Mehmet" in page


def test_the_mediator_who_accepted_sees_a_confirmed_topic_by_her_link(cast, offered, client_for):
    offer = offered.offers.first()
    accept(offer.pk)
    assert "Mehmet" in client_for(None).get(_offer_url(cast, offer)).content.decode()


def test_an_unconfirmed_topic_needs_the_mediator_signed_in(cast, pool, client_for):
    request = MediationRequestFactory(
        region=cast.region,
        organisation=pool.school,
        language=pool.bulgarian,
        place_area=pool.rheda,
        topic=TOPIC,
        status=MediationRequest.Status.OFFERED,
    )
    offer = AssignmentOffer.objects.create(request=request, mediator=pool.volunteers[0], rank=1)
    accept(offer.pk)
    assert "Mehmet" not in client_for(None).get(_offer_url(cast, offer)).content.decode()
    signed_in = client_for(offer.mediator.user).get(_offer_url(cast, offer))
    assert "Mehmet" in signed_in.content.decode()


def test_the_other_mediators_never_see_the_topic(cast, offered, client_for):
    first, second = offered.offers.all()[:2]
    accept(first.pk)
    page = client_for(second.mediator.user).get(_offer_url(cast, second)).content.decode()
    assert "Mehmet" not in page


def test_a_request_without_the_confirmation_is_refused(cast, pool, client_for):
    data = form_data(pool)
    del data["names_nobody"]
    response = client_for(pool.teacher).post(_new_url(cast), data)
    assert response.status_code == 200
    assert not MediationRequest.objects.exists()
    assert response.context["form"].has_error("names_nobody")


def test_the_request_form_asks_to_confirm_that_the_topic_names_nobody(cast, pool, client_for):
    page = client_for(pool.teacher).get(_new_url(cast)).content.decode()
    assert re.search(r'<input type="checkbox" name="names_nobody"[^>]* required', page)
    assert "names no person" in page


def _form(cast, pool, personal_values, **changes):
    return MediationRequestForm(
        form_data(pool, **changes),
        region=cast.region,
        user=pool.teacher,
        organisations=type(pool.school).objects.filter(pk=pool.school.pk),
        may_override=False,
        personal_values=personal_values,
    )


CLIENT = ["Ayşe", "Özdemir", "Am Bahnhof 3"]


def test_a_topic_naming_the_client_of_the_case_is_refused(cast, pool):
    form = _form(cast, pool, CLIENT, topic="Termin mit Frau Ozdemir")
    assert form.has_error("topic", "names_person")


def test_a_place_with_the_clients_address_is_refused(cast, pool):
    form = _form(cast, pool, CLIENT, place="am bahnhof 3, 2. Stock")
    assert form.has_error("place", "names_person")


def test_a_topic_with_initials_only_is_accepted(cast, pool):
    assert _form(cast, pool, CLIENT, topic="Termin Ausländerbehörde, Frau A. Ö.").is_valid()
