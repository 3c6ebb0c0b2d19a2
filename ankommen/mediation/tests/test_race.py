"""Two mediators accept the same request at the same moment, each on her own database
connection: exactly one gets it, the other is told so."""

import threading

import pytest
from django.db import IntegrityError, connection

from ankommen.mediation.models import Assignment, AssignmentOffer, MediationRequest
from ankommen.mediation.services import accept, send_offers
from ankommen.mediation.tests.factories import MediationRequestFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_mediators_accepting_at_once_give_one_assignment(cast, pool):
    assert connection.vendor == "postgresql"
    request = MediationRequestFactory(
        region=cast.region,
        organisation=pool.school,
        language=pool.bulgarian,
        place_area=pool.rheda,
    )
    first, second = send_offers(request)[:2]
    barrier = threading.Barrier(2)
    outcomes = {}

    def answer(offer):
        try:
            barrier.wait()
            outcomes[offer.pk] = accept(offer.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(o,)) for o in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(o.won for o in outcomes.values()) == [False, True]
    loser = next(pk for pk, o in outcomes.items() if not o.won)
    assert "another mediator" in outcomes[loser].message
    assert Assignment.objects.filter(request=request).count() == 1
    assert AssignmentOffer.objects.get(pk=loser).status == AssignmentOffer.Status.TAKEN
    assert MediationRequest.objects.get(pk=request.pk).status == MediationRequest.Status.CONFIRMED


def test_the_database_refuses_a_second_live_assignment_for_one_request(cast, pool):
    request = MediationRequestFactory(
        region=cast.region,
        organisation=pool.school,
        language=pool.bulgarian,
        place_area=pool.rheda,
    )
    values = {"request": request, "starts_at": request.starts_at, "ends_at": request.ends_at}
    Assignment.objects.create(mediator=pool.volunteers[0], **values)
    with pytest.raises(IntegrityError):
        Assignment.objects.create(mediator=pool.volunteers[1], **values)
