"""A structural problem reaches the KI, so it must not name the client (the attack: "Frau
… wartet seit …" in its free text). The client's names are refused outright; the author
confirms that the text names nobody else, and only confirmed problems reach the KI."""

import pytest

from ankommen.cases.models import Client, Household, StructuralProblem
from ankommen.cases.reports import build_report, quarter_bounds, structural_overview
from ankommen.cases.tests.conftest import url
from ankommen.cases.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def report(http, world, **changes):
    data = {
        "theme": "residence",
        "agency": "Ausländerbehörde",
        "description": "Termine zur Verlängerung erst nach Monaten.",
        "names_no_person": "on",
        **changes,
    }
    return http.post(url("case_structural_problem", world, pk=world.case.pk), data)


def unconfirmed_problem(world) -> StructuralProblem:
    return StructuralProblem.objects.create(
        region=world.cast.region,
        town=world.verl,
        organisation=world.awo,
        theme="housing",
        description="Frau Beispiel wartet seit einem Jahr auf eine Wohnung",
        case_count=3,
    )


def test_a_case_manager_cannot_write_the_clients_surname_into_a_structural_problem(
    world, verified_for
):
    surname = world.case.client.last_name
    response = report(
        verified_for(world.awo_manager),
        world,
        description=f"Frau {surname} wartet seit Monaten auf einen Termin.",
    )
    assert response.status_code == 400
    assert not StructuralProblem.objects.exists()


def test_the_refusal_names_what_was_found_and_keeps_the_text(world, verified_for):
    surname = world.case.client.last_name
    response = report(verified_for(world.awo_manager), world, description=f"Frau {surname} wartet.")
    text = response.content.decode()
    assert "Remove the person&#x27;s name or address from this text" in text
    assert f"Frau {surname} wartet.</textarea>" in text


def test_the_clients_first_name_in_the_agency_is_refused_without_regard_to_case_or_accents(
    world, verified_for
):
    Client.objects.filter(pk=world.case.client_id).update(first_name="Ayşe")
    response = report(
        verified_for(world.awo_manager), world, agency="Sachbearbeitung für AYSE, Rathaus"
    )
    assert response.status_code == 400
    assert not StructuralProblem.objects.exists()


def test_the_name_of_a_household_member_of_the_client_is_refused(world, verified_for):
    other = CaseFactory(
        region=world.cast.region,
        organisation=world.awo,
        town=world.verl,
        assigned_to=world.awo_manager,
        client__last_name="Haddad",
    )
    household = Household.objects.create(region=world.cast.region, organisation=world.awo)
    Client.objects.filter(pk__in=[world.case.client_id, other.client_id]).update(
        household=household
    )
    response = report(
        verified_for(world.awo_manager), world, description="Familie Haddad findet keine Kita."
    )
    assert response.status_code == 400
    assert not StructuralProblem.objects.exists()


def test_a_structural_problem_without_the_confirmation_is_not_stored(world, verified_for):
    response = report(verified_for(world.awo_manager), world, names_no_person="")
    assert response.status_code == 400
    assert not StructuralProblem.objects.exists()


def test_a_confirmed_structural_problem_is_stored_with_who_confirmed_it(world, verified_for):
    response = report(verified_for(world.awo_manager), world)
    problem = StructuralProblem.objects.get()
    assert response.status_code == 302
    assert problem.confirmed_at is not None and problem.confirmed_by_id == world.awo_manager.pk


def test_the_ki_sees_a_confirmed_structural_problem(world, verified_for):
    report(verified_for(world.awo_manager), world)
    page = verified_for(world.cast.ki_coordinator).get(url("structural", world)).content.decode()
    assert "Termine zur Verlängerung erst nach Monaten." in page


def test_an_unconfirmed_structural_problem_is_not_shown_to_the_ki(world, verified_for):
    unconfirmed_problem(world)
    page = verified_for(world.cast.ki_coordinator).get(url("structural", world)).content.decode()
    assert "Frau Beispiel" not in page


def test_an_unconfirmed_structural_problem_is_not_counted_for_the_ki(world):
    problem = unconfirmed_problem(world)
    start, end = quarter_bounds(problem.reported_on.year, (problem.reported_on.month - 1) // 3 + 1)
    assert structural_overview(world.cast.region) == []
    assert build_report(world.cast.region, start, end).structural_problems == []


def test_the_ki_cannot_change_an_unconfirmed_structural_problem(world, verified_for):
    problem = unconfirmed_problem(world)
    response = verified_for(world.cast.ki_coordinator).post(
        url("structural_update", world, pk=problem.pk), {"status": "solved"}
    )
    problem.refresh_from_db()
    assert response.status_code == 404 and problem.status == "open"
