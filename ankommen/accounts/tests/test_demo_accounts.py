"""Every demo account of README.md signs in at the one sign-in page with the documented
password and opens its home (issue 17: three of them could not)."""

import re
from io import StringIO

import pyotp
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from ankommen.cases.demo import DEMO_TOTP_SECRET
from ankommen.core.demo import DEMO_PASSWORD, DEMO_REGION_SLUG
from ankommen.core.tests.test_demo import readme_demo_accounts

pytestmark = pytest.mark.django_db


def open_home(username: str) -> tuple[int, str]:
    client = Client()
    response = client.post("/anmelden/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, f"{username} was refused"
    home = client.get(response["Location"])
    if home.status_code == 302 and "/zwei-faktor/" in home["Location"]:
        code = pyotp.TOTP(DEMO_TOTP_SECRET).now()
        home = client.post(home["Location"], {"code": code}, follow=True)
    return home.status_code, home.content.decode()


def test_every_readme_account_signs_in_and_opens_its_home_with_its_tasks():
    call_command("load_demo", "--demo-passwords", stdout=StringIO())
    home = reverse("accounts:home", kwargs={"region": DEMO_REGION_SLUG})
    not_home, pages = {}, {}
    for username in readme_demo_accounts():
        # Each signs in once: an authenticator code is accepted only once.
        status, pages[username] = open_home(username)
        if status != 200 or f'href="{home}" aria-current="page"' not in pages[username]:
            not_home[username] = status
    assert not_home == {}
    # What the demo shows those who had nothing to see (issue 17).
    assert re.search(
        r"1 (referral in your inbox|Verweisung im Eingang)", pages["jobcenter.verweisung"]
    )
    assert re.search(
        r"\d+ (outdated translations of your pages|veraltete Übersetzungen)",
        pages["redaktion.caritas"],
    )
