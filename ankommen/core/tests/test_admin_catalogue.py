"""The admin's JavaScript catalogue speaks the staff language, including the strings of the
multi-select that Django's own German catalogue lacks."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_admin_multi_select_says_choose_all_in_german(cast, client_for):
    client = client_for(cast.ki_coordinator)
    response = client.get(reverse("admin:jsi18n"), HTTP_ACCEPT_LANGUAGE="de")
    text = response.content.decode()
    assert response.status_code == 200
    assert '"Alle %s ausw\\u00e4hlen"' in text or '"Alle %s auswählen"' in text
    assert '"Alle %s entfernen"' in text


def test_in_english_it_stays_english(cast, client_for):
    client = client_for(cast.ki_coordinator)
    client.cookies["django_language"] = "en"
    text = client.get(reverse("admin:jsi18n"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Alle %s" not in text
