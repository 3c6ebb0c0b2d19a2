"""A case walked end to end through the case pages (the case module's "done when" path): opened,
referred with consent so the Jobcenter sees only what is shared, then anonymised by the
retention command while the quarterly report still counts it."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from ankommen.cases.models import Case, Consent, Referral
from ankommen.cases.reports import build_report, quarter_bounds
from ankommen.cases.tests.conftest import url
from ankommen.cases.tests.factories import ConsentTextFactory
from ankommen.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_awo_case_manager_opens_case_refers_with_consent_and_jobcenter_sees_only_shared(
    world, verified_for
):
    region = world.cast.region
    text = ConsentTextFactory(region=region, purpose="referral")
    awo = verified_for(world.awo_manager)

    response = awo.post(
        url("new", world),
        {
            "kind": "kim",
            "town": world.verl.pk,
            "first_name": "Olena",
            "last_name": "Synthetisch",
            "birth_year": "1988",
            "residence_status": "protection_24",
            "referral_source": "Jobcenter",
        },
    )
    case = Case.objects.get(client__last_name__isnull=False, referral_source="Jobcenter")
    assert response.status_code == 302
    assert case.assigned_to == world.awo_manager and case.organisation == world.awo

    awo.post(
        url("case_note", world, pk=case.pk),
        {"kind": "health", "text": "Diabetes, braucht Facharzttermin"},
    )
    awo.post(
        url("case_consent", world, pk=case.pk),
        {
            "purpose": "referral",
            "recipient": world.jobcenter.pk,
            "categories": ["identity", "residence"],
            "text_version": text.pk,
            "given_on": date.today().isoformat(),
            "form": "signed",
            # A signed consent carries the scan of the form (issue 9, closing note).
            "scan": SimpleUploadedFile("einwilligung.pdf", b"%PDF-1.7\n% signed\n%%EOF\n"),
        },
    )
    consent = Consent.objects.get(client=case.client)
    response = awo.post(
        url("case_referral", world, pk=case.pk),
        {
            "recipient": world.jobcenter.pk,
            "purpose": "Arbeitsvermittlung",
            "categories": ["identity", "residence"],
        },
    )
    referral = Referral.objects.get(case=case)
    assert response.status_code == 302
    assert referral.consent == consent and referral.categories == ["identity", "residence"]

    jobcenter = verified_for(world.jobcenter_staff)
    inbox = jobcenter.get(url("inbox", world))
    assert f"/verweisung/{referral.pk}/" in inbox.content.decode()
    page = jobcenter.get(url("referral", world, pk=referral.pk)).content.decode()
    assert "Olena Synthetisch" in page
    assert "temporary protection" in page  # the residence category was shared
    assert "Diabetes" not in page
    assert jobcenter.get(url("detail", world, pk=case.pk)).status_code == 404

    caritas = verified_for(world.caritas_manager)
    listing = caritas.get(url("list", world)).content.decode()
    assert case.reference not in listing and "Olena" not in listing
    search = caritas.get(url("list", world), {"q": case.reference}).content.decode()
    assert f"/faelle/{case.pk}/" not in search and "No cases." in search
    assert caritas.get(url("detail", world, pk=case.pk)).status_code == 404
    assert caritas.get(url("referral", world, pk=referral.pk)).status_code == 404
    assert AuditEntry.objects.filter(username="cornelia", action="denied", case_id=case.pk).exists()


def test_retention_command_anonymises_old_case_and_quarterly_report_still_counts_it(world):
    case = world.case
    closed_on = date.today() - timedelta(days=365 * 4)
    case.opened_on = closed_on - timedelta(days=30)
    case.transition(Case.Status.CLOSED, reason="goals_achieved", on=closed_on)
    case.save()
    quarter = (closed_on.month - 1) // 3 + 1
    start, end = quarter_bounds(closed_on.year, quarter)
    before = build_report(world.cast.region, start, end).raw_totals

    call_command("anonymise_closed_cases", years=3, stdout=open("/dev/null", "w"))  # noqa: SIM115

    case.refresh_from_db()
    case.client.refresh_from_db()
    assert case.is_anonymised
    assert case.client.first_name == "" and case.client.last_name == ""
    assert build_report(world.cast.region, start, end).raw_totals == before
    assert before["closed"] == 1
    assert AuditEntry.objects.filter(action="anonymise", case_id=case.pk).count() == 1
