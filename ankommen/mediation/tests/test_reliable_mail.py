"""Mail of the pools through the outbox, against a real SMTP server on 127.0.0.1: a request
filed or accepted while the mail server is down is answered normally and its mails follow
once the server is back; every link in a mail starts with the public address."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ankommen.mediation.models import Assignment, MediationRequest
from ankommen.mediation.services import offer_token, send_offers
from ankommen.mediation.tests.conftest import form_data
from ankommen.mediation.tests.factories import MediationRequestFactory
from ankommen.outbox.models import OutgoingMail

real_commits = pytest.mark.django_db(transaction=True)


def _new_url(cast):
    return reverse("mediation:request_new", kwargs={"region": cast.region.slug})


def _send_what_is_due():
    OutgoingMail.objects.filter(sent_at__isnull=True).update(
        next_attempt_at=timezone.now() - dt.timedelta(seconds=1)
    )
    call_command("send_outbox", stdout=io.StringIO())


def _request(cast, pool, **values):
    return MediationRequestFactory(
        region=cast.region,
        organisation=pool.school,
        language=pool.bulgarian,
        place_area=pool.rheda,
        requested_by=pool.teacher,
        **values,
    )


@real_commits
def test_a_request_filed_while_the_mail_server_is_down_is_answered_normally(
    cast, pool, client_for, smtp
):
    response = client_for(pool.teacher).post(_new_url(cast), form_data(pool), follow=True)

    assert response.status_code == 200
    request = MediationRequest.objects.get()
    assert response.redirect_chain[-1][0].endswith(f"/anfrage/{request.pk}/")
    assert "offered to 3 mediators" in response.content.decode()
    assert request.status == MediationRequest.Status.OFFERED
    queued = OutgoingMail.objects.filter(sent_at__isnull=True)
    assert queued.count() == 3
    assert all("refused" in mail.last_error.lower() for mail in queued)


@real_commits
def test_the_offers_queued_while_the_server_was_down_go_out_once_it_is_back(
    cast, pool, client_for, smtp
):
    client_for(pool.teacher).post(_new_url(cast), form_data(pool))
    smtp.start()
    _send_what_is_due()
    _send_what_is_due()

    offered = sorted(o.mediator.email for o in MediationRequest.objects.get().offers.all())
    assert sorted(m["X-Envelope-To"] for m in smtp.messages) == offered


@real_commits
def test_offers_are_mailed_at_once_when_the_server_is_up(cast, pool, client_for, smtp):
    smtp.start()
    client_for(pool.teacher).post(_new_url(cast), form_data(pool))
    assert len(smtp.messages) == 3
    assert not OutgoingMail.objects.filter(sent_at__isnull=True).exists()


@real_commits
def test_a_mediator_accepting_while_the_mail_server_is_down_gets_the_assignment_and_a_thank_you(
    cast, pool, client_for, smtp
):
    smtp.start()
    offer = send_offers(_request(cast, pool))[0]
    smtp.stop()
    url = reverse("mediation:offer", args=[cast.region.slug, offer_token(offer)])

    response = client_for(None).post(url, {"answer": "accept"})

    assert response.status_code == 200
    assert "the appointment is yours" in response.content.decode()
    assert Assignment.objects.get().mediator == offer.mediator
    told = OutgoingMail.objects.get(recipients=[pool.teacher.email])
    assert told.sent_at is None and told.last_error


@real_commits
def test_the_offer_mail_links_to_the_public_host(cast, pool, client_for, smtp, settings):
    settings.ANKOMMEN_BASE_URL = "https://ankommen.kreis-guetersloh.de"
    smtp.start()
    client_for(pool.teacher).post(_new_url(cast), form_data(pool))

    links = [re.search(r"https?://\S+", text).group(0) for text in smtp.texts()]
    assert len(links) == 3
    assert all(
        link.startswith("https://ankommen.kreis-guetersloh.de/kreis-guetersloh/intern/")
        for link in links
    )
