"""The admin login asks people with a case role for the case pages' second factor, and
throttles failed attempts (core's admin site, with the cases module's hook)."""

import pyotp
import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from ankommen.cases.tests.conftest import two_factor_url
from ankommen.core.actor import Actor
from ankommen.twofactor.enrolment import issue_enrolment_link
from ankommen.twofactor.models import TOTPDevice

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def sign_in(client, username, password=PASSWORD):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}
    )


@pytest.fixture
def amelie(world):
    world.awo_manager.set_password(PASSWORD)
    world.awo_manager.save()
    return world.awo_manager


def test_a_case_manager_is_sent_to_the_second_factor_after_the_password(world, amelie, client):
    sign_in(client, "amelie")
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(two_factor_url(world))


def test_a_case_manager_without_the_second_factor_cannot_open_an_admin_list(world, amelie, client):
    sign_in(client, "amelie")
    response = client.get(reverse("admin:cases_consenttext_changelist"))
    assert response.status_code == 302 and "zwei-faktor" in response["Location"]


def test_after_the_code_the_case_manager_reaches_the_admin(world, amelie, client):
    sign_in(client, "amelie")
    # Since issue 13 her authenticator is set up through the link her team lead issues.
    client.get(issue_enrolment_link(amelie, by=Actor(user=world.awo_lead)))
    device = TOTPDevice.objects.get(user=amelie)
    code = pyotp.TOTP(device.secret).at(timezone.now())
    client.post(
        f"{two_factor_url(world)}?next=/admin/",
        {"code": code},
    )
    assert client.get("/admin/").status_code == 200


def test_the_second_factor_page_leads_back_to_the_admin(world, amelie, client):
    sign_in(client, "amelie")
    client.get(issue_enrolment_link(amelie, by=Actor(user=world.awo_lead)))
    target = client.get("/admin/")["Location"]
    device = TOTPDevice.objects.get(user=amelie)
    response = client.post(target, {"code": pyotp.TOTP(device.secret).at(timezone.now())})
    assert response["Location"] == "/admin/"


def test_an_officer_without_a_case_role_needs_no_second_factor(cast, client):
    sign_in(client, "vera")
    assert client.get("/admin/").status_code == 200


def test_a_case_manager_can_still_sign_out_without_the_second_factor(world, amelie, client):
    sign_in(client, "amelie")
    client.post(reverse("admin:logout"))
    assert "_auth_user_id" not in client.session


def test_five_wrong_passwords_lock_the_account_for_the_admin_login(world, amelie, client):
    for _ in range(5):
        sign_in(client, "amelie", "wrong")
    sign_in(client, "amelie")
    assert "_auth_user_id" not in client.session


def test_the_lock_says_why_in_the_users_language(world, amelie, client):
    for _ in range(5):
        sign_in(client, "amelie", "wrong")
    response = sign_in(client, "amelie")
    assert "Too many failed sign-in attempts" in response.text


def test_four_wrong_passwords_still_let_the_right_one_in(world, amelie, client):
    for _ in range(4):
        sign_in(client, "amelie", "wrong")
    sign_in(client, "amelie")
    assert client.session["_auth_user_id"] == str(amelie.pk)


def test_one_address_trying_many_accounts_is_locked_out(cast, client):
    for number in range(20):
        sign_in(client, f"guess{number}", "wrong")
    sign_in(client, "vera")
    assert "_auth_user_id" not in client.session


def test_the_lock_of_one_account_leaves_another_address_free_for_other_accounts(
    cast, world, amelie, client
):
    from django.test import Client

    for _ in range(5):
        sign_in(client, "amelie", "wrong")
    other = Client(REMOTE_ADDR="192.0.2.7")
    sign_in(other, "vera")
    assert other.session["_auth_user_id"] == str(cast.officer_verl.pk)


def test_a_refused_login_of_a_locked_account_is_in_the_audit_log(world, amelie, client):
    from ankommen.core.models import AuditEntry

    for _ in range(5):
        sign_in(client, "amelie", "wrong")
    sign_in(client, "amelie")
    failed = AuditEntry.objects.filter(action="login", detail__result="failed")
    assert failed.filter(detail__attempted_username="amelie").count() == 6


def test_a_team_lead_is_sent_to_the_second_factor_too(world, client):
    world.awo_lead.set_password(PASSWORD)
    world.awo_lead.save()
    sign_in(client, "lena")
    response = client.get("/admin/")
    assert response.status_code == 302 and "zwei-faktor" in response["Location"]
