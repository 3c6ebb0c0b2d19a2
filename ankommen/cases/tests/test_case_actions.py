"""Every change to a case has its own view and URL name, at the address the action table
gave it, and answers only POST."""

import pytest

from ankommen.cases.tests.conftest import url

pytestmark = pytest.mark.django_db

# URL name → the last part of its address (unchanged since the action table).
ACTIONS = {
    "case_status": "status",
    "case_note": "notiz",
    "case_goal": "ziel",
    "case_appointment": "termin",
    "case_follow_up": "wiedervorlage",
    "case_assessment": "einschaetzung",
    "case_document": "dokument",
    "case_consent": "einwilligung",
    "case_consent_withdrawal": "widerruf",
    "case_referral": "verweisung",
    "case_conference": "konferenz",
    "case_transfer": "uebergabe",
    "case_workflow": "ablauf",
    "case_structural_problem": "strukturproblem",
    "case_deletion_request": "loeschantrag",
    "case_legal_hold": "sperre",
    "case_household": "haushalt",
    "case_client": "klient",
    "case_interpreter": "dolmetschen",
}


@pytest.mark.parametrize(("name", "segment"), ACTIONS.items())
def test_each_case_action_has_its_own_name_at_its_old_address(world, name, segment):
    assert (
        url(name, world, pk=world.case.pk) == f"{url('detail', world, pk=world.case.pk)}{segment}/"
    )


@pytest.mark.parametrize("name", ACTIONS)
def test_a_case_action_answers_get_with_405(world, verified_for, name):
    response = verified_for(world.awo_manager).get(url(name, world, pk=world.case.pk))
    assert response.status_code == 405


def test_an_unknown_action_is_not_found(world, verified_for):
    target = f"{url('detail', world, pk=world.case.pk)}unbekannt/"
    assert verified_for(world.awo_manager).post(target).status_code == 404
