"""Failed sign-ins are counted in the database, per account and per real client address
(issue 13: behind nginx, 40 failed logins by anyone locked every account; a restart or
another gunicorn worker forgot them)."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from ankommen.core.models import Throttle
from ankommen.core.net import client_address
from ankommen.core.throttle import Limit, count_failure, locked_until

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
PROXY = "127.0.0.1"


def sign_in(client, username, password=PASSWORD, via=None):
    extra = {"HTTP_X_FORWARDED_FOR": via} if via else {}
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        **extra,
    )


@pytest.fixture
def behind_nginx(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def test_a_lock_survives_a_restart_of_the_worker(cast):
    for _ in range(5):
        sign_in(Client(), "vera", "wrong")
    cache.clear()  # what a restart or the next gunicorn worker sees
    client = Client()
    sign_in(client, "vera")
    assert "_auth_user_id" not in client.session


def test_behind_the_proxy_one_guessing_address_does_not_lock_out_everybody(cast, behind_nginx):
    guesser = Client(REMOTE_ADDR=PROXY)
    for number in range(40):
        sign_in(guesser, f"guess{number}", "wrong", via="198.51.100.66")
    colleague = Client(REMOTE_ADDR=PROXY)
    sign_in(colleague, "vera", via="198.51.100.7")
    assert colleague.session["_auth_user_id"] == str(cast.officer_verl.pk)


def test_behind_the_proxy_the_guessing_address_itself_is_locked_out(cast, behind_nginx):
    guesser = Client(REMOTE_ADDR=PROXY)
    for number in range(20):
        sign_in(guesser, f"guess{number}", "wrong", via="198.51.100.66")
    sign_in(guesser, "vera", via="198.51.100.66")
    assert "_auth_user_id" not in guesser.session


def test_a_forged_forwarded_address_does_not_escape_the_lock(cast, behind_nginx):
    guesser = Client(REMOTE_ADDR=PROXY)
    for number in range(20):
        sign_in(guesser, f"guess{number}", "wrong", via=f"10.0.0.{number}, 198.51.100.66")
    sign_in(guesser, "vera", via="10.9.9.9, 198.51.100.66")
    assert "_auth_user_id" not in guesser.session


def test_without_a_configured_proxy_the_forwarded_header_is_ignored():
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="10.0.0.1")
    assert client_address(request) == "192.0.2.1"


def test_with_one_proxy_the_client_is_the_rightmost_forwarded_address(behind_nginx):
    request = RequestFactory().get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.66"
    )
    assert client_address(request) == "198.51.100.66"


def test_with_two_proxies_the_client_is_the_second_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = RequestFactory().get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.66, 10.1.1.1"
    )
    assert client_address(request) == "198.51.100.66"


def test_a_garbled_forwarded_address_falls_back_to_the_connection(behind_nginx):
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="<script>")
    assert client_address(request) == PROXY


def test_the_limit_is_reached_at_the_fifth_failure():
    limit = Limit("test:account", 5)
    for _ in range(5):
        count_failure([limit], minutes=15)
    assert locked_until([limit]) is not None


def test_four_failures_lock_nothing():
    limit = Limit("test:account", 5)
    for _ in range(4):
        count_failure([limit], minutes=15)
    assert locked_until([limit]) is None


def test_the_window_ends_and_the_count_starts_again():
    limit = Limit("test:account", 5)
    for _ in range(5):
        count_failure([limit], minutes=15)
    Throttle.objects.update(window_ends=timezone.now() - timedelta(seconds=1))  # 15 min later
    count_failure([limit], minutes=15)
    assert locked_until([limit]) is None
