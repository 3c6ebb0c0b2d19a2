"""A resident finds an opportunity in her language and answers it; the coordinator of its
organisation sees the answer, nobody else does."""

import uuid

import pytest
from django.urls import reverse

from ankommen.volunteering.models import Answer

pytestmark = pytest.mark.django_db


def _detail(ehrenamt, language="ar", key="patenschaft"):
    return reverse(
        "volunteering_public:detail",
        kwargs={"region": ehrenamt.patenschaft.region.slug, "language": language, "key": key},
    )


def _answer(**values):
    return {
        "name": "ريم الخطيب",
        "contact": "+49 5241 998877",
        "languages": "العربية، الألمانية",
        "message": "أود أن أساعد",
        "privacy": "on",
        "submission_key": str(uuid.uuid4()),
        **values,
    }


def test_the_list_shows_the_opportunity_in_arabic(client, ehrenamt):
    response = client.get(
        reverse(
            "volunteering_public:index",
            kwargs={"region": ehrenamt.patenschaft.region.slug, "language": "ar"},
        )
    )

    assert "كفالة عائلة" in response.content.decode()


def test_an_opportunity_without_a_romanian_text_shows_the_german_one(client, ehrenamt):
    response = client.get(_detail(ehrenamt, "ro"))

    assert "Patenschaft für eine Familie" in response.content.decode()


def test_an_answer_in_arabic_reaches_the_coordinator(client, client_for, ehrenamt):
    response = client.post(_detail(ehrenamt), _answer())

    assert response.status_code == 302
    answer = Answer.objects.get()
    assert (answer.language, answer.phone, answer.email) == ("ar", "+49 5241 998877", "")
    page = client_for(ehrenamt.elke).get(
        reverse("volunteering:answer", args=[ehrenamt.patenschaft.region.slug, answer.pk])
    )
    assert "ريم الخطيب" in page.content.decode()


def test_the_confirmation_is_in_the_visitors_language(client, ehrenamt):
    response = client.post(_detail(ehrenamt), _answer(), follow=True)

    assert response.redirect_chain[-1][0].endswith("/ar/ehrenamt/patenschaft/danke/")
    assert 'lang="ar"' in response.content.decode()


def test_an_e_mail_address_is_accepted_as_contact(client, ehrenamt):
    client.post(_detail(ehrenamt), _answer(contact="reem@example.org"))

    assert Answer.objects.get().email == "reem@example.org"


@pytest.mark.parametrize("contact", ["reem@", "call me", "12", ""])
def test_a_contact_that_is_neither_e_mail_nor_phone_is_refused(client, ehrenamt, contact):
    response = client.post(_detail(ehrenamt), _answer(contact=contact))

    assert response.status_code == 400
    assert not Answer.objects.exists()


def test_an_answer_without_the_privacy_agreement_is_refused(client, ehrenamt):
    data = _answer()
    del data["privacy"]

    response = client.post(_detail(ehrenamt), data)

    assert response.status_code == 400
    assert not Answer.objects.exists()


def test_a_double_submitted_answer_is_stored_once(client, ehrenamt):
    data = _answer()
    client.post(_detail(ehrenamt), data)
    client.post(_detail(ehrenamt), data)

    assert Answer.objects.count() == 1


def test_an_unpublished_opportunity_is_not_found(client, ehrenamt):
    ehrenamt.patenschaft.published = False
    ehrenamt.patenschaft.save()

    assert client.get(_detail(ehrenamt)).status_code == 404


def test_an_opportunity_is_not_found_below_another_region(client, cast, ehrenamt):
    url = reverse(
        "volunteering_public:detail",
        kwargs={"region": cast.other_region.slug, "language": "de", "key": "patenschaft"},
    )

    assert client.get(url).status_code == 404


def test_another_organisations_coordinator_does_not_see_the_answer(client, client_for, ehrenamt):
    client.post(_detail(ehrenamt), _answer())
    answer = Answer.objects.get()

    page = client_for(ehrenamt.lars).get(
        reverse("volunteering:answer", args=[ehrenamt.patenschaft.region.slug, answer.pk])
    )

    assert page.status_code == 404


def test_the_coordinators_list_shows_new_answers(client, client_for, ehrenamt):
    client.post(_detail(ehrenamt), _answer())

    page = client_for(ehrenamt.elke).get(
        reverse("volunteering:index", args=[ehrenamt.patenschaft.region.slug])
    )

    assert "ريم الخطيب" in page.content.decode()


def test_the_one_search_finds_the_opportunity_in_arabic(ehrenamt):
    from ankommen.search.engine import one_search

    results = one_search(ehrenamt.patenschaft.region, ehrenamt.arabic, "كفالة")

    (hit,) = results.groups["volunteering"]
    assert hit.url.endswith("/ar/ehrenamt/patenschaft/")
