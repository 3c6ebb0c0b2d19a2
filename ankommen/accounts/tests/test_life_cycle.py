"""Invitation by e-mail, the one-time password link, "forgot password", deactivation
(issue 17); mail through Django's SMTP backend to a real server on 127.0.0.1."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from ankommen.core.models import Role, User

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a new and long passphrase"


def link_in(text: str) -> str:
    return re.search(r"http://testserver(/anmelden/passwort/\S+/)", text).group(1)


def invite(client, region, **data):
    url = reverse("accounts:invite", kwargs={"region": region.slug})
    return client.post(url, {"first_name": "Hanna", "last_name": "Neu", **data})


def set_password(client, link):
    response = client.get(link)
    return client.post(
        response["Location"] if response.status_code == 302 else link,
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )


def test_the_ki_invites_an_officer_whose_mailed_link_sets_her_password_once(
    cast, client_for, smtp, django_capture_on_commit_callbacks
):
    smtp.start()
    with django_capture_on_commit_callbacks(execute=True):
        invite(
            client_for(cast.ki_coordinator),
            cast.region,
            email="hanna@example.org",
            role=Role.MUNICIPAL_OFFICER,
            area=cast.versmold.pk,
        )
    link = link_in(smtp.texts()[0])
    client = Client()
    set_password(client, link)
    signed_in = Client()
    signed_in.post("/anmelden/", {"username": "hanna@example.org", "password": NEW_PASSWORD})
    assert "_auth_user_id" in signed_in.session
    again = Client().get(link, follow=True)
    assert again.context["validlink"] is False


def test_the_ki_cannot_invite_a_case_manager(
    cast, client_for, smtp, django_capture_on_commit_callbacks
):
    smtp.start()
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(
            client_for(cast.ki_coordinator),
            cast.region,
            email="x@example.org",
            role=Role.CASE_MANAGER,
            organisation=cast.kreis_organisation.pk,
        )
    assert response.status_code == 400
    assert not User.objects.filter(email="x@example.org").exists()
    assert smtp.messages == []


def test_a_volunteer_has_no_people_page(cast, client_for):
    url = reverse("accounts:people", kwargs={"region": cast.region.slug})
    assert client_for(cast.volunteer).get(url).status_code == 403


def test_a_reset_for_an_unknown_address_answers_like_a_known_one(cast, smtp):
    smtp.start()
    cast.officer_verl.email = "vera@example.org"
    cast.officer_verl.save()
    known = Client().post("/anmelden/passwort-vergessen/", {"email": "vera@example.org"})
    unknown = Client().post("/anmelden/passwort-vergessen/", {"email": "nobody@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(smtp.messages) == 1
    set_password(Client(), link_in(smtp.texts()[0]))
    cast.officer_verl.refresh_from_db()
    assert cast.officer_verl.check_password(NEW_PASSWORD)


def test_the_ki_deactivates_an_officer_after_confirming(cast, client_for):
    client = client_for(cast.ki_coordinator)
    url = reverse(
        "accounts:deactivate", kwargs={"region": cast.region.slug, "pk": cast.officer_verl.pk}
    )
    client.get(url)  # asks first
    cast.officer_verl.refresh_from_db()
    assert cast.officer_verl.is_active
    client.post(url)
    cast.officer_verl.refresh_from_db()
    assert not cast.officer_verl.is_active


def test_an_officer_cannot_deactivate_the_ki(cast, client_for):
    url = reverse(
        "accounts:deactivate", kwargs={"region": cast.region.slug, "pk": cast.ki_coordinator.pk}
    )
    assert client_for(cast.officer_verl).post(url).status_code == 404
