"""'Fehlt ein Angebot?': a resident's report reaches the KI's review board."""

import pytest
from django.test import Client
from django.urls import reverse

from ankommen.participation.models import MissingOfferReport

pytestmark = pytest.mark.django_db


def form_page(region, code="ar"):
    return reverse("participation:missing_offer", args=[region.slug, code])


def report(cast, text="دورة لغة ألمانية مسائية", key="3f1c8a2e-9d4b-4c1e-8f77-2b6a5d0c9e11"):
    return Client().post(
        form_page(cast.region), {"town": cast.verl.pk, "text": text, "submission_key": key}
    )


def test_a_report_is_stored_with_town_and_language(cast, languages):
    report(cast)
    stored = MissingOfferReport.objects.get()
    assert (stored.town, stored.language.code) == (cast.verl, "ar")


def test_a_report_sent_twice_is_stored_once(cast, languages):
    report(cast)
    report(cast)
    assert MissingOfferReport.objects.count() == 1


def test_an_empty_report_is_refused(cast, languages):
    response = report(cast, text="")
    assert (response.status_code, MissingOfferReport.objects.count()) == (400, 0)


def test_the_report_is_on_the_ki_s_review_board(cast, languages, client_for):
    report(cast)
    response = client_for(cast.ki_coordinator).get(
        reverse("directory_staff:review_board", args=[cast.region.slug])
    )
    assert "دورة لغة ألمانية مسائية" in response.content.decode()


def test_the_directory_links_to_the_form(cast, languages):
    response = Client().get(reverse("directory:index", args=[cast.region.slug, "ar"]))
    assert form_page(cast.region).encode() in response.content


def test_a_town_officer_cannot_mark_a_report_dealt_with(cast, languages, client_for):
    report(cast)
    stored = MissingOfferReport.objects.get()
    client_for(cast.officer_verl).post(
        reverse("participation_staff:missing_offer_done", args=[cast.region.slug, stored.pk])
    )
    stored.refresh_from_db()
    assert stored.done is False


def test_the_ki_marks_a_report_dealt_with(cast, languages, client_for):
    report(cast)
    stored = MissingOfferReport.objects.get()
    client_for(cast.ki_coordinator).post(
        reverse("participation_staff:missing_offer_done", args=[cast.region.slug, stored.pk])
    )
    stored.refresh_from_db()
    assert stored.done is True
