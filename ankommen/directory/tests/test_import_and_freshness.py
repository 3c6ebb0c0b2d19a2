import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from ankommen.core.tests.factories import LanguageFactory
from ankommen.directory.freshness import send_reminders
from ankommen.directory.importers import import_offers_csv
from ankommen.directory.models import Offer
from ankommen.directory.tests.factories import OfferFactory

HEADER = (
    "key,organization_key,name,description,kind,service_area_keys,language_codes,"
    "location_name,address_1,postal_code,city,latitude,longitude\n"
)


@pytest.fixture
def organisation(cast):
    LanguageFactory(code="de")
    LanguageFactory(code="en", native_name="English", name_de="Englisch", name_en="English")
    cast.kreis_organisation.key = "caritas"
    cast.kreis_organisation.save()
    return cast.kreis_organisation


def good_row(key="beratung", name="Beratung", town="05754044", lat="51.88"):
    return f"{key},caritas,{name},Text,counselling,{town},de;en,Haus,Weg 1,33415,Verl,{lat},8.5\n"


def test_good_file_creates_the_offers(cast, organisation):
    report = import_offers_csv(cast.region, HEADER + good_row() + good_row("b2", "Kurs"))
    assert report.problems == []
    assert report.created == 2
    offer = Offer.objects.get(key="beratung")
    assert offer.places.get().city == "Verl"
    assert " beratung " in offer.search_document


def test_bad_rows_are_named_and_nothing_is_imported(cast, organisation):
    text = (
        HEADER
        + good_row()
        + good_row("b2", name="", town="05754044")
        + good_row("b3", town="99999999")
        + good_row("b4", lat="123.4")
        + "b5,caritas,Kurs,Text,counselling,05754044,xx,Haus,Weg 1,33415,Verl,51.8,8.5\n"
    )
    report = import_offers_csv(cast.region, text)
    lines = report.lines()
    assert [p.line for p in report.problems] == [3, 4, 5, 6]
    assert "title" in lines[0]
    assert "unknown town key “99999999”" in lines[1]
    assert "out of range" in lines[2]
    assert "unknown language “xx”" in lines[3]
    assert Offer.objects.count() == 0


def test_skip_bad_rows_imports_the_good_ones(cast, organisation):
    text = HEADER + good_row() + good_row("b3", town="99999999")
    report = import_offers_csv(cast.region, text, skip_bad_rows=True)
    assert (report.created, report.skipped) == (1, 1)
    assert list(Offer.objects.values_list("key", flat=True)) == ["beratung"]


def test_dry_run_writes_nothing(cast, organisation):
    report = import_offers_csv(cast.region, HEADER + good_row(), dry_run=True)
    assert report.problems == []
    assert Offer.objects.count() == 0


def test_duplicates_in_the_file_are_reported(cast, organisation):
    report = import_offers_csv(cast.region, HEADER + good_row() + good_row("other-key"))
    assert report.lines() == ["line 3: duplicate of line 2"]


def test_command_fails_on_bad_rows_and_lists_them(cast, organisation, tmp_path):
    path = tmp_path / "angebote.csv"
    path.write_text(HEADER + good_row("b3", town="99999999"), encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_offers_csv", str(path), region=cast.region.slug, stdout=out)
    assert "line 2: unknown town key" in out.getvalue()


def test_reminder_goes_to_the_maintainers_editors_once(
    cast, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cast.caritas_editor.email = "carla@example.org"
    cast.caritas_editor.save()
    old = OfferFactory(
        organisation=cast.kreis_organisation,
        last_confirmed=timezone.localdate() - dt.timedelta(days=200),
    )
    OfferFactory(organisation=cast.kreis_organisation)
    # Mail goes out after the commit (ankommen.outbox).
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders() == (1, 1)
    assert mail.outbox[0].to == ["carla@example.org"]
    assert send_reminders() == (0, 0)
    old.refresh_from_db()
    assert old.reminder_sent == timezone.localdate()


def test_offer_unconfirmed_for_nine_months_is_flagged_publicly(public_region, cast, client):
    offer = OfferFactory(
        organisation=cast.kreis_organisation,
        last_confirmed=timezone.localdate() - dt.timedelta(days=300),
    )
    response = client.get(f"/{public_region.slug}/en/angebote/{offer.key}/")
    assert response.status_code == 404  # English is not offered by the region
    response = client.get(f"/{public_region.slug}/de/angebote/{offer.key}/")
    assert response.context["row"]["stale"]
    assert Offer.objects.filter(pk=offer.pk, is_published=True).exists()
