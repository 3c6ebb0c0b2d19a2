"""The KI's trainings: volunteers register while places are left, the KI records who
attended, and the attendance certificate is a PDF with her name."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from ankommen.volunteering.models import TrainingRegistration
from ankommen.volunteering.tests.conftest import volunteer

pytestmark = pytest.mark.django_db


def _url(name, region, *args):
    return reverse(f"volunteering:{name}", args=[region.slug, *args])


def test_a_volunteer_registers_herself(client_for, ehrenamt):
    client_for(ehrenamt.marlene_user).post(
        _url("training_register", ehrenamt.ki.region, ehrenamt.training.pk),
        {"volunteer": ehrenamt.marlene.pk},
    )

    assert ehrenamt.training.registrations.get().volunteer == ehrenamt.marlene


def test_a_coordinator_registers_her_volunteer(client_for, ehrenamt):
    client_for(ehrenamt.lars).post(
        _url("training_register", ehrenamt.ki.region, ehrenamt.training.pk),
        {"volunteer": ehrenamt.jonas.pk},
    )

    assert ehrenamt.training.registrations.get().volunteer == ehrenamt.jonas


def test_a_coordinator_cannot_register_another_organisations_volunteer(client_for, ehrenamt):
    response = client_for(ehrenamt.lars).post(
        _url("training_register", ehrenamt.ki.region, ehrenamt.training.pk),
        {"volunteer": ehrenamt.marlene.pk},
    )

    assert response.status_code == 404
    assert not ehrenamt.training.registrations.exists()


def test_a_full_training_takes_nobody_more(client_for, ehrenamt):
    for name in ("Anna", "Berta"):
        TrainingRegistration.objects.create(
            training=ehrenamt.training, volunteer=volunteer(ehrenamt.libelle, name)
        )

    client_for(ehrenamt.marlene_user).post(
        _url("training_register", ehrenamt.ki.region, ehrenamt.training.pk),
        {"volunteer": ehrenamt.marlene.pk},
    )

    assert ehrenamt.training.registrations.count() == 2


def test_a_past_training_takes_no_registration(client_for, ehrenamt):
    ehrenamt.training.starts_at = timezone.now() - dt.timedelta(days=1)
    ehrenamt.training.save()

    client_for(ehrenamt.marlene_user).post(
        _url("training_register", ehrenamt.ki.region, ehrenamt.training.pk),
        {"volunteer": ehrenamt.marlene.pk},
    )

    assert not ehrenamt.training.registrations.exists()


def test_the_ki_records_attendance(client_for, cast, ehrenamt):
    registration = TrainingRegistration.objects.create(
        training=ehrenamt.training, volunteer=ehrenamt.marlene
    )

    client_for(cast.ki_coordinator).post(
        _url("attendance", cast.region, ehrenamt.training.pk), {"attended": [registration.pk]}
    )

    registration.refresh_from_db()
    assert registration.attended


def test_a_coordinator_cannot_record_attendance(client_for, ehrenamt):
    registration = TrainingRegistration.objects.create(
        training=ehrenamt.training, volunteer=ehrenamt.marlene
    )

    response = client_for(ehrenamt.elke).post(
        _url("attendance", ehrenamt.ki.region, ehrenamt.training.pk),
        {"attended": [registration.pk]},
    )

    assert response.status_code == 403


def test_the_certificate_names_her_and_the_training(client_for, ehrenamt):
    registration = TrainingRegistration.objects.create(
        training=ehrenamt.training, volunteer=ehrenamt.marlene, attended=True
    )

    response = client_for(ehrenamt.marlene_user).get(
        _url("certificate", ehrenamt.ki.region, registration.pk)
    )

    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Marlene Hoffmann" in text and "Grenzen im Ehrenamt" in text


def test_no_certificate_without_attendance(client_for, ehrenamt):
    registration = TrainingRegistration.objects.create(
        training=ehrenamt.training, volunteer=ehrenamt.marlene
    )

    response = client_for(ehrenamt.marlene_user).get(
        _url("certificate", ehrenamt.ki.region, registration.pk)
    )

    assert response.status_code == 404


def test_another_organisation_gets_no_certificate_of_her(client_for, ehrenamt):
    registration = TrainingRegistration.objects.create(
        training=ehrenamt.training, volunteer=ehrenamt.marlene, attended=True
    )

    response = client_for(ehrenamt.lars).get(
        _url("certificate", ehrenamt.ki.region, registration.pk)
    )

    assert response.status_code == 404
