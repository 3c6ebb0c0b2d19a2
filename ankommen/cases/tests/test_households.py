"""Households link clients only across cases the user works on."""

import pytest

from ankommen.cases.tests.conftest import url
from ankommen.cases.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_household_link_only_to_a_case_the_user_works_on(world, verified_for):
    own = CaseFactory(
        region=world.cast.region,
        organisation=world.awo,
        town=world.verl,
        assigned_to=world.awo_manager,
    )
    foreign = CaseFactory(
        region=world.cast.region,
        organisation=world.caritas,
        town=world.rietberg,
        assigned_to=world.caritas_manager,
    )
    client = verified_for(world.awo_manager)
    target = url("case_household", world, pk=world.case.pk)
    client.post(target, {"other_case": foreign.reference})
    world.case.client.refresh_from_db()
    assert world.case.client.household is None
    client.post(target, {"other_case": own.reference, "household_role": "Mutter"})
    world.case.client.refresh_from_db()
    own.client.refresh_from_db()
    assert world.case.client.household == own.client.household is not None
