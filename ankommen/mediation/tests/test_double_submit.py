"""A request form sent twice (a double click, the back button, a retry after a slow answer)
creates one request and one round of offers: the form carries a one-time key."""

import re
import threading
import uuid

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from ankommen.mediation.models import AssignmentOffer, MediationRequest
from ankommen.mediation.tests.conftest import form_data
from ankommen.outbox.models import OutgoingMail


def _new_url(cast):
    return reverse("mediation:request_new", kwargs={"region": cast.region.slug})


def _key_of_the_form(client, cast) -> str:
    page = client.get(_new_url(cast)).content.decode()
    return re.search(r'name="submission_key" value="([0-9a-f-]{36})"', page).group(1)


@pytest.mark.django_db
def test_the_same_form_sent_twice_creates_one_request_and_mails_three_offers(
    cast, pool, client_for, django_capture_on_commit_callbacks
):
    client = client_for(pool.teacher)
    data = form_data(pool, submission_key=str(uuid.uuid4()))
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(_new_url(cast), data)
        second = client.post(_new_url(cast), data)

    request = MediationRequest.objects.get()
    assert first.status_code == second.status_code == 302
    assert (
        first.url
        == second.url
        == reverse("mediation:request", kwargs={"region": cast.region.slug, "pk": request.pk})
    )
    assert AssignmentOffer.objects.count() == 3
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_every_request_form_carries_a_fresh_key(cast, pool, client_for):
    client = client_for(pool.teacher)
    assert _key_of_the_form(client, cast) != _key_of_the_form(client, cast)


@pytest.mark.django_db
def test_two_forms_opened_separately_create_two_requests(cast, pool, client_for):
    client = client_for(pool.teacher)
    for _ in range(2):
        client.post(_new_url(cast), form_data(pool, submission_key=_key_of_the_form(client, cast)))
    assert MediationRequest.objects.count() == 2


@pytest.mark.django_db
def test_a_refused_form_keeps_its_key_for_the_corrected_send(cast, pool, client_for):
    client = client_for(pool.teacher)
    key = _key_of_the_form(client, cast)
    page = client.post(_new_url(cast), form_data(pool, submission_key=key, topic="")).content
    assert f'value="{key}"' in page.decode()


@pytest.mark.django_db(transaction=True)
def test_the_same_form_sent_twice_at_the_same_moment_creates_one_request(cast, pool):
    assert connection.vendor == "postgresql"
    data = form_data(pool, submission_key=str(uuid.uuid4()))
    barrier = threading.Barrier(2)
    answers = []

    def send():
        try:
            own = Client()
            own.force_login(pool.teacher)
            barrier.wait()
            answers.append(own.post(_new_url(cast), data))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    request = MediationRequest.objects.get()
    assert [a.status_code for a in answers] == [302, 302]
    assert {a.url for a in answers} == {
        reverse("mediation:request", kwargs={"region": cast.region.slug, "pk": request.pk})
    }
    assert AssignmentOffer.objects.count() == 3
    assert OutgoingMail.objects.count() == 3
