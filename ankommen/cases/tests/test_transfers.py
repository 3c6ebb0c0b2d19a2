"""Hand-over of a case: access moves only when the new case manager accepts."""

import pytest

from ankommen.cases.tests.conftest import url

pytestmark = pytest.mark.django_db


def test_transfer_moves_access_only_on_acceptance(world, verified_for):
    verified_for(world.awo_manager).post(
        url("case_transfer", world, pk=world.case.pk),
        {"to_user": world.caritas_manager.pk, "note": "Umzug nach Rietberg"},
    )
    caritas = verified_for(world.caritas_manager)
    assert caritas.get(url("detail", world, pk=world.case.pk)).status_code == 404
    transfer = world.case.transfers.get()
    caritas.post(url("transfer_accept", world, pk=transfer.pk))
    assert caritas.get(url("detail", world, pk=world.case.pk)).status_code == 200
    assert (
        verified_for(world.awo_manager).get(url("detail", world, pk=world.case.pk)).status_code
        == 404
    )
