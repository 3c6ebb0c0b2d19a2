"""LDAP / Active Directory bind against a real slapd on 127.0.0.1 (issue 17 item 5): a
user of the directory signs in and gets the roles mapped from her groups; one whose groups
map to no role gets a clear page and no access."""

import pytest
from django.urls import reverse

from ankommen.core.models import Role, RoleAssignment, User
from ankommen.core.tests.factories import UserFactory
from ankommen.signon.models import GroupRoleMapping, MappedRole, Source
from ankommen.signon.tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def mapping(cast):
    return GroupRoleMapping.objects.create(
        region=cast.region, source=Source.LDAP, group="gt-integration", role=Role.KI_COORDINATOR
    )


def sign_in(client, username: str, password: str = PASSWORD):
    return client.post(reverse("signon_directory"), {"username": username, "password": password})


def test_a_directory_user_is_signed_in_with_her_password(directory, mapping, client):
    sign_in(client, "lena.kim")
    assert client.session.get("_auth_user_id") == str(User.objects.get(username="lena.kim").pk)


def test_she_gets_the_role_her_group_maps_to(directory, mapping, client):
    sign_in(client, "lena.kim")
    user = User.objects.get(username="lena.kim")
    assert set(RoleAssignment.objects.filter(user=user).values_list("role", "region")) == {
        (Role.KI_COORDINATOR, mapping.region_id)
    }


def test_her_name_comes_from_the_directory(directory, mapping, client):
    sign_in(client, "lena.kim")
    assert User.objects.get(username="lena.kim").get_full_name() == "Lena Kim"


def test_she_reaches_the_staff_pages_of_her_role(directory, mapping, client, cast):
    sign_in(client, "lena.kim")
    assert client.get(f"/{cast.region.slug}/intern/aktionsplan/").status_code == 200


def test_a_wrong_directory_password_is_refused(directory, mapping, client):
    response = sign_in(client, "lena.kim", "not-her-password")
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_a_user_whose_groups_map_to_no_role_gets_a_clear_page(directory, mapping, client):
    response = sign_in(client, "paul.ohne")
    assert response.status_code == 403 and "none of your groups" in response.text


def test_a_user_whose_groups_map_to_no_role_is_not_signed_in(directory, mapping, client):
    sign_in(client, "paul.ohne")
    assert "_auth_user_id" not in client.session


def test_a_role_from_a_group_goes_when_the_mapping_goes(directory, mapping, client):
    sign_in(client, "lena.kim")
    mapping.delete()
    response = sign_in(client, "lena.kim")
    assert response.status_code == 403 and not MappedRole.objects.exists()


def test_a_role_given_by_hand_stays_when_no_group_maps(directory, mapping, client, cast):
    sign_in(client, "lena.kim")
    user = User.objects.get(username="lena.kim")
    mapping.delete()
    RoleAssignment.objects.create(user=user, region=cast.region, role=Role.KI_COORDINATOR)
    sign_in(client, "lena.kim")
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_the_mapping_of_another_source_gives_nothing(directory, cast, client):
    GroupRoleMapping.objects.create(
        region=cast.region, source=Source.OIDC, group="gt-integration", role=Role.KI_COORDINATOR
    )
    assert sign_in(client, "lena.kim").status_code == 403


def test_five_wrong_directory_passwords_lock_the_account(directory, mapping, client):
    for _ in range(5):
        sign_in(client, "lena.kim", "wrong")
    response = sign_in(client, "lena.kim")
    assert "Too many failed sign-ins" in response.text and "_auth_user_id" not in client.session


def test_the_sign_in_page_offers_the_directory(directory, client):
    assert reverse("signon_directory") in client.get(reverse("accounts:sign_in")).text


def test_a_directory_account_cannot_sign_in_as_an_installation_admin_of_that_name(
    directory, mapping, client
):
    UserFactory(username="lena.kim", is_superuser=True, is_staff=True)
    sign_in(client, "lena.kim")
    assert "_auth_user_id" not in client.session
