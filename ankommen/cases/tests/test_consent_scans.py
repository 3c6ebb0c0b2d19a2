"""A signed consent carries the scan of the form: PDF, JPEG or PNG by content, limited in
size, encrypted at rest, downloadable only by those who may see the consent, audited."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from ankommen.cases.models import Case, Consent, ConsentScan
from ankommen.cases.services import anonymise_case, client_export
from ankommen.cases.tests.conftest import url
from ankommen.cases.tests.factories import ConsentTextFactory
from ankommen.core.models import AuditEntry

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def record(client, world, *, form="signed", scan=None):
    text = ConsentTextFactory(region=world.cast.region, purpose="referral")
    data = {
        "purpose": "referral",
        "recipient": world.jobcenter.pk,
        "categories": ["identity"],
        "text_version": text.pk,
        "given_on": date.today().isoformat(),
        "form": form,
    }
    if scan is not None:
        data["scan"] = scan
    return client.post(url("case_consent", world, pk=world.case.pk), data)


def pdf(name="einwilligung.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_signed_consent_with_a_pdf_scan_is_recorded(world, verified_for):
    record(verified_for(world.awo_manager), world, scan=pdf())
    assert ConsentScan.objects.get().consent.client == world.case.client


def test_a_png_scan_is_stored_as_png_whatever_the_browser_claimed(world, verified_for):
    record(
        verified_for(world.awo_manager),
        world,
        scan=SimpleUploadedFile("scan.pdf", PNG, content_type="application/pdf"),
    )
    assert ConsentScan.objects.get().content_type == "image/png"


def test_a_signed_consent_without_a_scan_is_refused_and_nothing_saved(world, verified_for):
    response = record(verified_for(world.awo_manager), world)
    assert response.status_code == 400 and not Consent.objects.exists()


def test_a_verbal_consent_needs_no_scan(world, verified_for):
    record(verified_for(world.awo_manager), world, form="verbal")
    assert Consent.objects.filter(form="verbal").exists()


def test_a_scan_on_a_verbal_consent_is_refused(world, verified_for):
    response = record(verified_for(world.awo_manager), world, form="verbal", scan=pdf())
    assert response.status_code == 400 and not ConsentScan.objects.exists()


def test_an_executable_named_pdf_is_refused_by_its_content(world, verified_for):
    response = record(
        verified_for(world.awo_manager), world, scan=pdf(content=b"MZ\x90\x00 not a pdf at all")
    )
    assert response.status_code == 400 and not Consent.objects.exists()


def test_the_refusal_of_a_wrong_file_type_says_which_types_are_allowed(world, verified_for):
    client = verified_for(world.awo_manager)
    record(client, world, scan=pdf(content=b"<html>hello</html>"))
    response = client.get(url("detail", world, pk=world.case.pk))
    assert "PDF, JPEG or PNG" in response.text


def test_a_scan_over_the_size_limit_is_refused(world, verified_for, settings):
    settings.CASES_CONSENT_SCAN_MAX_BYTES = 1024
    response = record(verified_for(world.awo_manager), world, scan=pdf(content=PDF + b"0" * 2000))
    assert response.status_code == 400 and not Consent.objects.exists()


def test_the_scan_is_stored_encrypted(world, verified_for):
    record(verified_for(world.awo_manager), world, scan=pdf())
    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM cases_consentscan")
        (stored,) = cursor.fetchone()
    assert b"%PDF" not in bytes(stored)


def test_the_case_manager_downloads_the_scan_as_uploaded(world, verified_for):
    client = verified_for(world.awo_manager)
    record(client, world, scan=pdf())
    consent = Consent.objects.get()
    response = client.get(url("consent_scan", world, pk=world.case.pk, consent=consent.pk))
    assert b"".join(response.streaming_content) == PDF


def test_the_download_is_in_the_audit_log(world, verified_for):
    client = verified_for(world.awo_manager)
    record(client, world, scan=pdf())
    consent = Consent.objects.get()
    client.get(url("consent_scan", world, pk=world.case.pk, consent=consent.pk))
    assert AuditEntry.objects.filter(
        action="export", model="ConsentScan", username="amelie", case_id=world.case.pk
    ).exists()


def test_a_case_manager_of_another_organisation_cannot_download_the_scan(world, verified_for):
    record(verified_for(world.awo_manager), world, scan=pdf())
    consent = Consent.objects.get()
    response = verified_for(world.caritas_manager).get(
        url("consent_scan", world, pk=world.case.pk, consent=consent.pk)
    )
    assert response.status_code == 404


def test_the_recipient_of_the_consent_cannot_download_the_scan(world, verified_for):
    record(verified_for(world.awo_manager), world, scan=pdf())
    consent = Consent.objects.get()
    response = verified_for(world.jobcenter_staff).get(
        url("consent_scan", world, pk=world.case.pk, consent=consent.pk)
    )
    assert response.status_code == 404


def test_the_scan_is_not_reachable_through_another_case_of_the_same_manager(world, verified_for):
    from ankommen.cases.tests.factories import CaseFactory

    record(verified_for(world.awo_manager), world, scan=pdf())
    consent = Consent.objects.get()
    other = CaseFactory(
        region=world.cast.region,
        organisation=world.awo,
        town=world.verl,
        assigned_to=world.awo_manager,
    )
    response = verified_for(world.awo_manager).get(
        url("consent_scan", world, pk=other.pk, consent=consent.pk)
    )
    assert response.status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login(world, verified_for):
    record(verified_for(world.awo_manager), world, scan=pdf())
    consent = Consent.objects.get()
    response = verified_for(None).get(
        url("consent_scan", world, pk=world.case.pk, consent=consent.pk)
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in") + "?next=")


def test_a_tampered_scan_is_not_handed_out(world, verified_for):
    from ankommen.core.crypto import encrypt_bytes

    client = verified_for(world.awo_manager)
    record(client, world, scan=pdf())
    ConsentScan.objects.update(content=encrypt_bytes(b"%PDF-1.7 swapped"))
    consent = Consent.objects.get()
    response = client.get(url("consent_scan", world, pk=world.case.pk, consent=consent.pk))
    assert response.status_code == 404


def test_anonymisation_deletes_the_scan(world, verified_for):
    record(verified_for(world.awo_manager), world, scan=pdf())
    world.case.transition(Case.Status.CLOSED, reason="moved_away")
    world.case.save()
    anonymise_case(world.case, reason="retention")
    assert not ConsentScan.objects.exists()


def test_the_art_15_export_names_the_scan(world, verified_for):
    record(verified_for(world.awo_manager), world, scan=pdf())
    assert client_export(world.case.client)["consents"][0]["scan"] == "einwilligung.pdf"


def test_key_rotation_re_encrypts_the_scan(world, verified_for, settings):
    from cryptography.fernet import Fernet
    from django.core.management import call_command

    from ankommen.cases.scans import open_scan
    from ankommen.core.crypto import _keys

    record(verified_for(world.awo_manager), world, scan=pdf())
    new = Fernet.generate_key().decode()
    settings.CASES_ENCRYPTION_KEYS = [new, _keys()[0].decode()]
    call_command("rotate_case_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.CASES_ENCRYPTION_KEYS = [new]
    assert open_scan(ConsentScan.objects.get()) == PDF
