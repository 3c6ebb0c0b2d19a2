"""OpenID Connect against a real provider on 127.0.0.1 (django-oauth-toolkit with OIDC, in
its own process; issue 17 item 5): a user of the provider signs in and gets the roles
mapped from her groups; one whose groups map to no role gets a clear page and no access."""

from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from django.urls import reverse

from ankommen.core.models import Role, RoleAssignment, User
from ankommen.core.tests.factories import UserFactory
from ankommen.devtools.testing.oidc_provider import PASSWORD, start_provider
from ankommen.signon.models import GroupRoleMapping, Source

pytestmark = pytest.mark.django_db

CALLBACK = "http://testserver/sso/oidc/callback/"


@pytest.fixture(scope="module")
def provider():
    running = start_provider(
        CALLBACK, {"olga.berg": ["gt-fallmanagement"], "otto.frei": ["gt-kantine"]}
    )
    yield running
    running.stop()


@pytest.fixture
def oidc(settings, provider):
    for name, value in provider.settings.items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "ankommen.signon.backends.OIDCBackend",
    ]
    return provider


@pytest.fixture
def mapping(cast):
    return GroupRoleMapping.objects.create(
        region=cast.region,
        source=Source.OIDC,
        group="gt-fallmanagement",
        role=Role.CASE_MANAGER,
        organisation=cast.kreis_organisation,
    )


def sign_in(client, username: str):
    """The whole authorization code flow: our button, the provider's login form, back to
    our callback, which fetches the tokens from the provider."""
    start = client.get(reverse("oidc_authentication_init"))
    browser = requests.Session()
    login_page = browser.get(start["Location"], timeout=10)
    assert "/accounts/login/" in login_page.url
    answer = browser.post(
        login_page.url,
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
            "next": parse_qs(urlsplit(login_page.url).query)["next"][0],
        },
        allow_redirects=False,
        timeout=10,
    )
    authorize = browser.get(
        urljoin(login_page.url, answer.headers["Location"]), allow_redirects=False, timeout=10
    )
    back = urlsplit(authorize.headers["Location"])
    assert back.path == "/sso/oidc/callback/"
    return client.get(f"{back.path}?{back.query}")


def test_a_provider_user_is_signed_in(oidc, mapping, client):
    sign_in(client, "olga.berg")
    assert client.session.get("_auth_user_id") == str(User.objects.get(username="olga.berg").pk)


def test_she_gets_the_role_her_group_maps_to(oidc, mapping, client, cast):
    sign_in(client, "olga.berg")
    user = User.objects.get(username="olga.berg")
    assert list(
        RoleAssignment.objects.filter(user=user).values_list("role", "region", "organisation")
    ) == [(Role.CASE_MANAGER, cast.region.pk, cast.kreis_organisation.pk)]


def test_her_case_pages_still_ask_for_the_second_factor(oidc, mapping, client, cast):
    sign_in(client, "olga.berg")
    response = client.get(reverse("cases:list", kwargs={"region": cast.region.slug}))
    assert response.status_code == 302 and "/zwei-faktor/" in response["Location"]


def test_a_user_whose_groups_map_to_no_role_gets_a_clear_page(oidc, mapping, client):
    response = sign_in(client, "otto.frei")
    assert response.status_code == 403 and "none of your groups" in response.text


def test_a_user_whose_groups_map_to_no_role_is_not_signed_in(oidc, mapping, client):
    sign_in(client, "otto.frei")
    assert "_auth_user_id" not in client.session


def test_the_sign_in_page_offers_the_provider(oidc, settings, client):
    settings.OIDC_PROVIDER_NAME = "Keycloak Kreis"
    assert "Keycloak Kreis" in client.get(reverse("accounts:sign_in")).text


def test_a_provider_account_cannot_sign_in_as_an_installation_admin_of_that_name(
    oidc, mapping, client
):
    UserFactory(username="olga.berg", is_superuser=True, is_staff=True)
    sign_in(client, "olga.berg")
    assert "_auth_user_id" not in client.session
