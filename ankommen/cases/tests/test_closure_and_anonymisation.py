"""Status, closure and reopening; anonymisation, retention, legal hold and four-eyes early
deletion."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ankommen.cases import services
from ankommen.cases.models import (
    Case,
    DeletionRequest,
    Note,
)
from ankommen.cases.tests.conftest import url
from ankommen.cases.tests.factories import CaseFactory
from ankommen.core.actor import Actor

pytestmark = pytest.mark.django_db


def test_closure_without_reason_is_refused_and_nothing_changes(world, verified_for):
    response = verified_for(world.awo_manager).post(
        url("case_status", world, pk=world.case.pk),
        {"to": "closed", "reason": ""},
    )
    world.case.refresh_from_db()
    assert response.status_code == 400
    assert world.case.status == Case.Status.ACTIVE and world.case.closed_on is None


def test_closure_with_reason_sets_date_and_reopening_clears_it(world, verified_for):
    client = verified_for(world.awo_manager)
    client.post(
        url("case_status", world, pk=world.case.pk),
        {"to": "closed", "reason": "moved_away"},
    )
    world.case.refresh_from_db()
    assert world.case.closed_on == timezone.localdate()
    client.post(url("case_status", world, pk=world.case.pk), {"to": "active"})
    world.case.refresh_from_db()
    assert world.case.status == "active" and world.case.closed_on is None


def test_transition_outside_the_graph_is_refused(world):
    with pytest.raises(ValidationError):
        world.case.transition(Case.Status.INTAKE)


def test_database_refuses_a_closed_case_without_reason(world):
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017
        Case.objects.filter(pk=world.case.pk).update(status="closed")


def test_edit_of_anonymised_case_is_refused_and_nothing_changes(world, verified_for):
    services.anonymise_case(world.case, reason="test")
    response = verified_for(world.awo_manager).post(
        url("case_note", world, pk=world.case.pk),
        {"kind": "general", "text": "neu"},
    )
    assert response.status_code == 302
    assert world.case.notes.count() == 0
    with pytest.raises(ValidationError):
        world.case.refresh_from_db() or world.case.transition(Case.Status.CLOSED, reason="other")


def test_anonymisation_removes_names_documents_and_free_text(world):
    Note.objects.create(case=world.case, text="vertraulich")
    world.case.documents.create(
        title="Pass", filename="p.pdf", content_type="application/pdf", size=1, content=b"x"
    )
    services.anonymise_case(world.case, reason="test")
    world.case.refresh_from_db()
    client = world.case.client
    client.refresh_from_db()
    assert world.case.notes.count() == 0 and world.case.documents.count() == 0
    assert client.first_name == "" and client.birth_year == 1990
    assert world.case.kind == "kim" and world.case.town == world.verl


def test_legal_hold_keeps_an_old_case_from_anonymisation(world):
    old = date.today() - timedelta(days=365 * 5)
    world.case.transition(Case.Status.CLOSED, reason="other", on=old)
    world.case.legal_hold = True
    world.case.save()
    assert not services.due_for_anonymisation(3).filter(pk=world.case.pk).exists()


def test_retention_boundary_one_day_either_side(world):
    today = date(2026, 6, 1)
    cutoff = today - timedelta(days=round(365.25 * 3))
    inside = CaseFactory(
        region=world.cast.region,
        organisation=world.awo,
        town=world.verl,
        assigned_to=world.awo_manager,
        status="closed",
        closure_reason="other",
        closed_on=cutoff - timedelta(days=1),
    )
    outside = CaseFactory(
        region=world.cast.region,
        organisation=world.awo,
        town=world.verl,
        assigned_to=world.awo_manager,
        status="closed",
        closure_reason="other",
        closed_on=cutoff + timedelta(days=1),
    )
    due = set(services.due_for_anonymisation(3, today=today).values_list("pk", flat=True))
    assert inside.pk in due and outside.pk not in due


def test_early_deletion_needs_a_second_person(world):
    deletion = services.request_deletion(Actor(user=world.awo_manager), world.case, "Wunsch")
    with pytest.raises(PermissionDenied):
        services.approve_deletion(Actor(user=world.awo_manager), deletion)
    world.case.refresh_from_db()
    assert not world.case.is_anonymised
    services.approve_deletion(Actor(user=world.awo_lead), deletion)
    world.case.refresh_from_db()
    assert world.case.is_anonymised
    assert DeletionRequest.objects.get().approved_by_id == world.awo_lead.pk


def test_colleague_without_team_lead_role_cannot_approve_deletion(world):
    deletion = services.request_deletion(Actor(user=world.awo_manager), world.case, "Wunsch")
    world.case.assigned_to = world.awo_colleague
    with pytest.raises(PermissionDenied):
        services.approve_deletion(Actor(user=world.awo_colleague), deletion)
