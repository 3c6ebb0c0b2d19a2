"""A volunteer's details are stored only with her consent, and deleted on her request —
by her coordinator or by herself."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ankommen.core.models import AuditEntry
from ankommen.volunteering.models import HoursEntry, TrainingRegistration, Volunteer

pytestmark = pytest.mark.django_db


def _new(ehrenamt, **values):
    return {
        "organisation": ehrenamt.ak_asyl.pk,
        "name": "Petra Schulte",
        "email": "petra@example.org",
        "languages": "Deutsch, Russisch",
        "times": "donnerstags",
        "monthly_hour_cap": "6",
        "status": "active",
        **values,
    }


def _url(name, region, *args):
    return reverse(f"volunteering:{name}", args=[region.slug, *args])


def test_without_consent_nothing_is_stored(client_for, ehrenamt):
    response = client_for(ehrenamt.elke).post(
        _url("volunteer_new", ehrenamt.ak_asyl.region), _new(ehrenamt)
    )

    assert response.status_code == 400
    assert not Volunteer.objects.filter(name="Petra Schulte").exists()


def test_with_consent_the_details_and_the_consent_are_stored(client_for, ehrenamt):
    client_for(ehrenamt.elke).post(
        _url("volunteer_new", ehrenamt.ak_asyl.region), _new(ehrenamt, consent="on")
    )

    petra = Volunteer.objects.get(name="Petra Schulte")
    assert petra.consent_at is not None
    assert petra.consent_recorded_by == ehrenamt.elke


def _with_history(ehrenamt):
    HoursEntry.objects.create(
        volunteer=ehrenamt.marlene, date=timezone.localdate(), hours=Decimal(2)
    )
    TrainingRegistration.objects.create(training=ehrenamt.training, volunteer=ehrenamt.marlene)


def test_the_coordinator_deletes_a_volunteer_on_request(client_for, ehrenamt):
    _with_history(ehrenamt)

    client_for(ehrenamt.elke).post(
        _url("volunteer_erase", ehrenamt.ak_asyl.region, ehrenamt.marlene.pk)
    )

    assert not Volunteer.objects.filter(pk=ehrenamt.marlene.pk).exists()
    assert not HoursEntry.objects.filter(volunteer_id=ehrenamt.marlene.pk).exists()
    assert not TrainingRegistration.objects.filter(volunteer_id=ehrenamt.marlene.pk).exists()


def test_the_deletion_is_audited_without_her_name(client_for, ehrenamt):
    client_for(ehrenamt.elke).post(
        _url("volunteer_erase", ehrenamt.ak_asyl.region, ehrenamt.marlene.pk)
    )

    entry = AuditEntry.objects.get(action=AuditEntry.Action.DELETE, model="Volunteer")
    assert "Marlene" not in str(entry.detail)


def test_the_volunteer_deletes_her_own_details(client_for, ehrenamt):
    _with_history(ehrenamt)

    response = client_for(ehrenamt.marlene_user).post(
        _url("mine_erase", ehrenamt.ak_asyl.region, ehrenamt.marlene.pk), {"confirm": "yes"}
    )

    assert response.status_code == 302
    assert not Volunteer.objects.filter(pk=ehrenamt.marlene.pk).exists()


def test_without_confirmation_her_details_stay(client_for, ehrenamt):
    client_for(ehrenamt.marlene_user).post(
        _url("mine_erase", ehrenamt.ak_asyl.region, ehrenamt.marlene.pk)
    )

    assert Volunteer.objects.filter(pk=ehrenamt.marlene.pk).exists()


def test_a_volunteer_cannot_delete_someone_elses_record(client_for, ehrenamt):
    response = client_for(ehrenamt.marlene_user).post(
        _url("mine_erase", ehrenamt.ak_asyl.region, ehrenamt.jonas.pk), {"confirm": "yes"}
    )

    assert response.status_code == 404
    assert Volunteer.objects.filter(pk=ehrenamt.jonas.pk).exists()


def test_a_stale_edit_does_not_overwrite_a_newer_one(client_for, ehrenamt):
    marlene = ehrenamt.marlene
    data = {
        "organisation": ehrenamt.ak_asyl.pk,
        "name": "Marlene Hoffmann",
        "status": "active",
        "monthly_hour_cap": "8",
        "version": marlene.version,
    }
    client = client_for(ehrenamt.elke)
    client.post(_url("volunteer", marlene.region, marlene.pk), {**data, "times": "montags"})
    client.post(_url("volunteer", marlene.region, marlene.pk), {**data, "times": "freitags"})

    marlene.refresh_from_db()
    assert marlene.times == "montags"


def test_her_page_shows_her_engagements_hours_and_trainings(client_for, ehrenamt):
    HoursEntry.objects.create(
        volunteer=ehrenamt.marlene,
        date=timezone.localdate() - dt.timedelta(days=1),
        hours=Decimal("2.5"),
    )
    TrainingRegistration.objects.create(training=ehrenamt.training, volunteer=ehrenamt.marlene)

    page = client_for(ehrenamt.marlene_user).get(_url("mine", ehrenamt.ak_asyl.region))

    text = page.content.decode()
    assert "2.5 h" in text or "2,5 h" in text
    assert "Grenzen im Ehrenamt" in text
