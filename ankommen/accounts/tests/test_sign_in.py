"""The one sign-in page for every person (issue 17): the shared throttle, a refused role
that is no failed password, and the home page each person lands on."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ankommen.core.models import Throttle, User

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
SIGN_IN = "/anmelden/"


def sign_in(client: Client, username: str, password: str = PASSWORD, **extra):
    return client.post(SIGN_IN, {"username": username, "password": password}, **extra)


def refusal(response) -> str:
    """The code of the sign-in form's refusal ("invalid_login", "throttled", …)."""
    return response.context["form"].non_field_errors().as_data()[0].code


def test_a_volunteer_signs_in_and_lands_on_her_home(cast):
    client = Client()
    response = sign_in(client, "sara")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:home", kwargs={"region": cast.region.slug})


def test_an_officer_sees_her_name_and_a_sign_out_form_on_her_home(cast):
    client = Client()
    sign_in(client, "vera")
    page = client.get(reverse("accounts:home", kwargs={"region": cast.region.slug}))
    html = page.content.decode()
    assert cast.officer_verl.get_full_name() in html
    assert f'action="{reverse("accounts:sign_out")}" method="post"' in html


def test_a_correct_password_without_any_role_is_refused_without_counting(cast):
    nobody = User.objects.create_user("niemand", password=PASSWORD)
    for _ in range(6):
        assert refusal(sign_in(Client(), "niemand")) == "no_role"
    nobody.role_assignments.create(role="volunteer", region=cast.region)
    client = Client()
    sign_in(client, "niemand")
    assert client.session["_auth_user_id"] == str(nobody.pk)


def test_five_wrong_passwords_lock_the_account_and_tell_until_when(cast):
    for _ in range(5):
        sign_in(Client(), "vera", "wrong")
    client = Client()
    response = sign_in(client, "vera")
    assert "_auth_user_id" not in client.session
    until = Throttle.objects.get(key="login:user:vera").window_ends
    assert refusal(response) == "throttled"
    assert timezone.localtime(until).strftime("%H:%M") in response.content.decode()


def test_the_admin_login_page_sends_people_to_the_sign_in_page(cast):
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)


def test_sign_out_takes_a_post_not_a_link(cast, client_for):
    client = client_for(cast.officer_verl)
    assert client.get(reverse("accounts:sign_out")).status_code == 405
    client.post(reverse("accounts:sign_out"))
    assert "_auth_user_id" not in client.session


def test_a_home_page_of_another_region_is_not_found(cast, client_for):
    client = client_for(cast.officer_verl)
    url = reverse("accounts:home", kwargs={"region": cast.other_region.slug})
    assert client.get(url).status_code == 404


def test_a_case_manager_confirms_her_second_factor_before_her_home(cast, client_for):
    client = client_for(cast.case_manager)
    response = client.get(reverse("accounts:home", kwargs={"region": cast.region.slug}))
    assert response.status_code == 302
    assert "/zwei-faktor/" in response["Location"]


def test_a_case_page_ends_the_session_after_the_idle_time(cast, client_for, settings):
    from ankommen.core.routing import SESSION_STAFF_SEEN

    client = client_for(cast.case_manager)
    session = client.session
    session[SESSION_STAFF_SEEN] = 1  # long ago
    session.save()
    response = client.get(reverse("cases:list", kwargs={"region": cast.region.slug}))
    assert response["Location"].startswith(SIGN_IN)
    assert "_auth_user_id" not in client.session


def test_a_volunteer_refused_by_the_admin_form_is_not_counted_as_a_failure(cast):
    for _ in range(6):
        response = Client().post(
            reverse("admin:login"), {"username": "sara", "password": PASSWORD, "next": "/admin/"}
        )
        assert refusal(response) == "not_staff"
    client = Client()
    sign_in(client, "sara")
    assert client.session["_auth_user_id"] == str(cast.volunteer.pk)
