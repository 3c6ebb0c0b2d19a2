"""A coordinator publishes an opportunity with its German text, adds a translation, and
old answers are deleted after a year."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ankommen.volunteering.models import Answer, Opportunity

pytestmark = pytest.mark.django_db


def _new(ehrenamt, **values):
    return {
        "organisation": ehrenamt.ak_asyl.pk,
        "key": "sprachcafe",
        "kind": "language_cafe",
        "title": "Sprachcafé am Mittwoch",
        "published": "on",
        **values,
    }


def test_a_coordinator_publishes_an_opportunity_with_its_german_text(client_for, ehrenamt):
    client_for(ehrenamt.elke).post(
        reverse("volunteering:opportunity_new", args=[ehrenamt.ak_asyl.region.slug]),
        _new(ehrenamt),
    )

    assert Opportunity.objects.get(key="sprachcafe").title_in("de") == "Sprachcafé am Mittwoch"


def test_a_key_taken_in_the_region_is_refused(client_for, ehrenamt):
    response = client_for(ehrenamt.elke).post(
        reverse("volunteering:opportunity_new", args=[ehrenamt.ak_asyl.region.slug]),
        _new(ehrenamt, key="patenschaft"),
    )

    assert response.status_code == 400


def test_a_changed_german_text_makes_the_translation_outdated(client_for, ehrenamt):
    opportunity = ehrenamt.patenschaft
    client_for(ehrenamt.elke).post(
        reverse("volunteering:opportunity", args=[opportunity.region.slug, opportunity.pk]),
        _new(ehrenamt, key="patenschaft", kind="sponsorship", title="Neuer Titel", version=1),
    )

    opportunity.refresh_from_db()
    arabic = opportunity.translations.get(language=ehrenamt.arabic)
    assert arabic.is_outdated()


def test_a_translation_is_saved_from_the_current_german_version(client_for, ehrenamt):
    opportunity = ehrenamt.patenschaft
    url = reverse("volunteering:translation", args=[opportunity.region.slug, opportunity.pk, "ro"])

    client_for(ehrenamt.elke).post(url, {"title": "Naș pentru o familie"})

    assert opportunity.title_in("ro") == "Naș pentru o familie"
    assert not opportunity.translations.get(language__code="ro").is_outdated()


def test_another_organisation_cannot_translate_the_opportunity(client_for, ehrenamt):
    opportunity = ehrenamt.patenschaft
    url = reverse("volunteering:translation", args=[opportunity.region.slug, opportunity.pk, "ro"])

    response = client_for(ehrenamt.lars).post(url, {"title": "Fremd"})

    assert response.status_code == 404


def test_answers_older_than_a_year_are_deleted(ehrenamt):
    old = Answer.objects.create(
        opportunity=ehrenamt.patenschaft,
        name="Alt",
        phone="0524112345",
        language="de",
        created_at=timezone.now() - dt.timedelta(days=366),
    )
    recent = Answer.objects.create(
        opportunity=ehrenamt.patenschaft, name="Neu", phone="0524112345", language="de"
    )

    call_command("delete_old_answers", stdout=io.StringIO())

    assert not Answer.objects.filter(pk=old.pk).exists()
    assert Answer.objects.filter(pk=recent.pk).exists()
