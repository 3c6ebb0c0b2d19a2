"""Clearing and school placement workflows, conferences, the report, the Art. 15 export
and the demo data."""

import io
import json
import re
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from ankommen.cases import services
from ankommen.cases.models import (
    Appointment,
    Case,
    Conference,
    Note,
    Referral,
    StructuralProblem,
)
from ankommen.cases.reports import SUPPRESSED, build_report, suppress
from ankommen.cases.tests.conftest import url
from ankommen.cases.tests.factories import CaseFactory, ConsentFactory
from ankommen.core.actor import Actor
from ankommen.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def acting(user) -> Actor:
    return Actor(user=user)


def make_case(world, **values):
    defaults = {
        "region": world.cast.region,
        "organisation": world.awo,
        "town": world.verl,
        "team": world.case.team,
        "assigned_to": world.awo_manager,
    }
    return CaseFactory(**{**defaults, **values})


# --- Workflows -----------------------------------------------------------------------------


def test_clearing_hand_over_creates_home_visit_and_escalation_creates_a_referral(world):
    case = make_case(world, kind="clearing", status="intake", workflow_step="intake_interview")
    request = acting(world.awo_manager)
    at = datetime(2026, 5, 4, 10, 0).astimezone()
    services.advance_workflow(request, case, "outreach_handover", {"home_visit_at": at})
    assert Appointment.objects.get(case=case).home_visit
    services.advance_workflow(request, case, "home_visit_done", {})
    ConsentFactory(client=case.client, recipient=world.caritas, categories=["identity"])
    services.advance_workflow(
        request, case, "referred_to_case_management", {"recipient": world.caritas}
    )
    case.refresh_from_db()
    assert case.workflow_step == "referred_to_case_management"
    assert Referral.objects.get(case=case).recipient == world.caritas
    assert Case.objects.filter(client=case.client).count() == 1  # no silent copy


def test_clearing_steps_cannot_be_skipped(world):
    case = make_case(world, kind="clearing", status="intake", workflow_step="intake_interview")
    with pytest.raises(ValidationError):
        services.advance_workflow(acting(world.awo_manager), case, "home_visit_done", {})
    case.refresh_from_db()
    assert case.workflow_step == "intake_interview"


def test_school_decision_needs_the_authority_and_the_school(world):
    case = make_case(world, kind="school", status="active", workflow_step="recommended")
    request = acting(world.awo_manager)
    with pytest.raises(ValidationError):
        services.advance_workflow(request, case, "decided", {"decided_school": "Gesamtschule"})
    services.advance_workflow(
        request, case, "decided", {"decided_by": "Schulamt", "decided_school": "Gesamtschule"}
    )
    case.refresh_from_db()
    assert case.workflow_data["decided_by"] == "Schulamt"


def test_school_workflow_through_the_page(world, verified_for):
    case = make_case(world, kind="school", status="intake", workflow_step="registered")
    client = verified_for(world.awo_manager)
    for step in ("invited", "counselled"):
        client.post(url("case_workflow", world, pk=case.pk), {"to": step})
    client.post(
        url("case_workflow", world, pk=case.pk),
        {"to": "recommended", "recommended_school": "Realschule", "language_support": "DaZ"},
    )
    case.refresh_from_db()
    assert case.workflow_step == "recommended" and case.status == "active"


# --- Conferences and health notes ----------------------------------------------------------


def _in_network(world) -> None:
    """The Jobcenter belongs to the case's network through a consent for referrals (not for
    case conferences)."""
    ConsentFactory(client=world.case.client, recipient=world.jobcenter, purpose="referral")


def test_conference_without_consent_of_every_participant_is_pseudonymised(world, verified_for):
    _in_network(world)
    client = verified_for(world.awo_manager)
    data = {
        "starts_at": "2026-05-01T10:00",
        "duration_minutes": 60,
        "participants": [world.jobcenter.pk],
        "minutes": "x",
        "confirm_pseudonymised": "on",
    }
    client.post(url("case_conference", world, pk=world.case.pk), data)
    assert Conference.objects.get().pseudonymised
    ConsentFactory(
        client=world.case.client,
        recipient=world.jobcenter,
        purpose="case_conference",
        categories=["identity"],
    )
    client.post(url("case_conference", world, pk=world.case.pk), data)
    assert not Conference.objects.order_by("-pk").first().pseudonymised


def test_conference_task_is_recorded_with_owner_and_due_date(world, verified_for):
    _in_network(world)
    verified_for(world.awo_manager).post(
        url("case_conference", world, pk=world.case.pk),
        {
            "starts_at": "2026-05-01T10:00",
            "duration_minutes": 60,
            "confirm_pseudonymised": "on",
            "participants": [world.jobcenter.pk],
            "task": "Antrag prüfen",
            "task_owner": "Jobcenter",
            "task_due_on": "2026-05-15",
        },
    )
    task = Conference.objects.get().tasks.get()
    assert task.owner == "Jobcenter" and task.due_on == date(2026, 5, 15)


def test_health_notes_are_shown_to_the_case_manager(world, verified_for):
    Note.objects.create(case=world.case, kind="health", text="Allergie")
    page = verified_for(world.awo_manager).get(url("detail", world, pk=world.case.pk))
    assert "Allergie" in page.content.decode()


# --- Report --------------------------------------------------------------------------------


def test_small_cells_are_suppressed():
    assert [suppress(n) for n in (0, 1, 4, 5, 12)] == [0, SUPPRESSED, SUPPRESSED, 5, 12]


def test_quarterly_report_counts_new_active_and_closed_cases(world):
    region = world.cast.region
    world.case.delete()
    for _ in range(6):
        make_case(world, opened_on=date(2026, 1, 10))
    for _ in range(5):
        make_case(
            world,
            opened_on=date(2025, 11, 1),
            status="closed",
            closure_reason="moved_away",
            closed_on=date(2026, 2, 1),
        )
    make_case(world, opened_on=date(2026, 2, 2), town=world.rietberg)
    report = build_report(region, date(2026, 1, 1), date(2026, 4, 1))
    assert report.raw_totals == {"new": 7, "active": 12, "closed": 5}
    rows = {row["town"]: row for row in report.towns}
    assert rows["Verl"] == {"town": "Verl", "new": 6, "active": 11, "closed": 5}
    assert rows["Rietberg"]["new"] == SUPPRESSED
    assert report.closure_reasons == [("moved away", 5)]


def test_report_page_is_for_the_coordinator_and_has_no_personal_data(world, verified_for):
    page = verified_for(world.cast.ki_coordinator).get(
        url("report", world), {"year": world.case.opened_on.year, "quarter": 1}
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert world.case.client.last_name not in text
    assert not re.search(r"F-\d{4}-\d{6}|NN\d{6}", text)
    assert verified_for(world.awo_manager).get(url("report", world)).status_code == 404


# --- Art. 15 export ------------------------------------------------------------------------


def test_json_export_contains_consents_recipients_and_access_summary(world, verified_for):
    ConsentFactory(client=world.case.client, recipient=world.jobcenter)
    services.send_referral(
        acting(world.awo_manager),
        world.case,
        recipient=world.jobcenter,
        categories=["identity"],
        purpose="x",
    )
    response = verified_for(world.awo_manager).get(
        url("export", world, pk=world.case.pk, fmt="json")
    )
    data = json.loads(response.content)
    assert data["client"]["first_name"] == "Amina"
    assert data["consents"][0]["recipient"] == "Jobcenter Kreis Gütersloh"
    assert data["recipients"] == ["Jobcenter Kreis Gütersloh"]
    assert data["access_log"]["entries"] >= 1
    assert AuditEntry.objects.filter(action="export", case_id=world.case.pk).exists()


def test_export_leaves_out_other_household_members(world):
    from ankommen.cases.models import Household

    household = Household.objects.create(region=world.cast.region, organisation=world.awo)
    other = make_case(world).client
    other.first_name = "Zoran"
    other.household = household
    other.save()
    world.case.client.household = household
    world.case.client.save()
    assert "Zoran" not in json.dumps(services.client_export(world.case.client))


def test_pdf_export_is_a_readable_pdf_with_the_name(world, verified_for):
    response = verified_for(world.awo_manager).get(
        url("export", world, pk=world.case.pk, fmt="pdf")
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert response["Content-Type"] == "application/pdf"
    assert "Amina" in text and "Art. 15" in text


# --- Demo data -----------------------------------------------------------------------------


def test_demo_cases_load_twice_without_new_rows(db):
    from ankommen.cases.demo import load_demo_cases
    from ankommen.core.demo import load_kreis_guetersloh

    out = io.StringIO()
    load_kreis_guetersloh(stdout=out)
    load_demo_cases(stdout=out)
    counts = (Case.objects.count(), StructuralProblem.objects.count(), Referral.objects.count())
    load_demo_cases(stdout=out)
    assert (
        Case.objects.count(),
        StructuralProblem.objects.count(),
        Referral.objects.count(),
    ) == counts
    # The 5 hand-written cases of cases.toml and the 46 generated over three teams (issue 17).
    assert counts[0] == 5 + 46
    assert Case.objects.values("town").distinct().count() >= 3


def test_retention_command_dry_run_changes_nothing(world):
    world.case.transition("closed", reason="other", on=date.today() - timedelta(days=4000))
    world.case.save()
    out = io.StringIO()
    call_command("anonymise_closed_cases", "--dry-run", stdout=out)
    world.case.refresh_from_db()
    assert "1 case(s) due" in out.getvalue() and not world.case.is_anonymised


def test_coordinator_tracks_a_structural_problem_and_a_case_manager_cannot(world, verified_for):
    problem = StructuralProblem.objects.create(
        region=world.cast.region,
        town=world.verl,
        organisation=world.awo,
        theme="housing",
        description="Keine Wohnungen",
        confirmed_at=timezone.now(),  # only confirmed problems reach the KI
    )
    target = url("structural_update", world, pk=problem.pk)
    data = {
        "status": "working_group",
        "working_group": "AG Wohnen",
        "action_plan_reference": "E 2.5.1",
    }
    assert verified_for(world.awo_manager).post(target, data).status_code == 404
    problem.refresh_from_db()
    assert problem.status == "open"
    verified_for(world.cast.ki_coordinator).post(target, data)
    problem.refresh_from_db()
    assert problem.status == "working_group" and problem.action_plan_reference == "E 2.5.1"


def test_health_notes_are_hidden_from_the_team_lead_in_page_and_export(world, verified_for):
    Note.objects.create(case=world.case, kind="health", text="Allergie")
    Note.objects.create(case=world.case, kind="general", text="Sprachkurs gesucht")
    lead = verified_for(world.awo_lead)
    page = lead.get(url("detail", world, pk=world.case.pk)).content.decode()
    assert "Sprachkurs gesucht" in page and "Allergie" not in page
    export = lead.get(url("export", world, pk=world.case.pk, fmt="json")).content.decode()
    assert "Allergie" not in export
