"""Who sees what: requesters only their organisation's requests, a mediator only her
offers and assignments, contact data only after confirmation, every view logged."""

import re
from pathlib import Path

import pytest
import rules
from django.urls import reverse

import ankommen
from ankommen.core.tests.factories import UserFactory
from ankommen.mediation.models import MediationRequest, RequestAccess
from ankommen.mediation.services import accept, offer_token, send_offers
from ankommen.mediation.tests.factories import MediationRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_request(cast, pool):
    return MediationRequestFactory(
        region=cast.region,
        organisation=pool.school,
        language=pool.bulgarian,
        place_area=pool.rheda,
        requested_by=pool.teacher,
    )


def url(cast, name, **kwargs):
    return reverse(f"mediation:{name}", kwargs={"region": cast.region.slug, **kwargs})


def test_a_requester_sees_her_organisations_request(cast, pool, school_request, client_for):
    response = client_for(pool.teacher).get(url(cast, "request", pk=school_request.pk))
    assert response.status_code == 200


def test_a_requester_of_another_town_gets_404_for_the_request(
    cast, pool, school_request, client_for
):
    response = client_for(pool.other_teacher).get(url(cast, "request", pk=school_request.pk))
    assert response.status_code == 404


def test_the_list_shows_only_the_own_organisations_requests(cast, pool, school_request, client_for):
    MediationRequestFactory(
        region=cast.region, organisation=pool.other_school, language=pool.bulgarian
    )
    response = client_for(pool.teacher).get(url(cast, "index"))
    assert list(response.context["requests"]) == [school_request]


def test_a_requester_of_another_town_cannot_edit_the_request(
    cast, pool, school_request, client_for
):
    response = client_for(pool.other_teacher).post(
        url(cast, "request_edit", pk=school_request.pk),
        {"topic": "geändert", "place": "", "cost_centre": "", "expected_version": 1},
    )
    school_request.refresh_from_db()
    assert response.status_code == 404
    assert school_request.topic == "Elternabend Klasse 3b"


def test_a_requester_edits_her_own_request(cast, pool, school_request, client_for):
    client_for(pool.teacher).post(
        url(cast, "request_edit", pk=school_request.pk),
        {
            "topic": "Elternabend 4a",
            "names_nobody": "on",
            "place": "Raum 12",
            "cost_centre": "S1",
            "expected_version": 1,
        },
    )
    school_request.refresh_from_db()
    assert school_request.topic == "Elternabend 4a"
    assert school_request.version == 2


def test_an_edit_over_a_newer_version_changes_nothing(cast, pool, school_request, client_for):
    school_request.topic = "Zwischendurch"
    school_request.save_checked(expected_version=1)
    client_for(pool.teacher).post(
        url(cast, "request_edit", pk=school_request.pk),
        {
            "topic": "Veraltet",
            "names_nobody": "on",
            "place": "",
            "cost_centre": "",
            "expected_version": 1,
        },
    )
    school_request.refresh_from_db()
    assert school_request.topic == "Zwischendurch"


@pytest.mark.parametrize(
    "name", ["request_edit", "request_cancel", "request_offer", "request_assign", "outcome"]
)
def test_state_changes_answer_get_with_405(cast, pool, school_request, client_for, name):
    response = client_for(cast.ki_coordinator).get(url(cast, name, pk=school_request.pk))
    assert response.status_code == 405


def test_anonymous_people_are_sent_to_the_login(cast, school_request, client_for):
    response = client_for(None).get(url(cast, "request", pk=school_request.pk))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in") + "?next=")


def test_a_private_person_without_role_cannot_request(cast, client_for):
    response = client_for(UserFactory()).get(url(cast, "request_new"))
    assert response.status_code == 404


def test_the_coordinator_of_another_region_gets_404(cast, school_request, client_for):
    response = client_for(cast.other_coordinator).get(url(cast, "request", pk=school_request.pk))
    assert response.status_code == 404


def test_a_requester_may_not_assign_directly(cast, pool, school_request, client_for):
    response = client_for(pool.teacher).post(
        url(cast, "request_assign", pk=school_request.pk), {"mediator": pool.volunteers[0].pk}
    )
    assert response.status_code == 403
    assert not school_request.assignments.exists()


def test_the_coordinator_assigns_directly(cast, pool, school_request, client_for):
    client_for(cast.ki_coordinator).post(
        url(cast, "request_assign", pk=school_request.pk), {"mediator": pool.volunteers[2].pk}
    )
    school_request.refresh_from_db()
    assert school_request.status == MediationRequest.Status.CONFIRMED
    assert school_request.assignments.get().assigned_directly_by == cast.ki_coordinator


def test_the_requester_sees_no_mediator_contact_before_confirmation(
    cast, pool, school_request, client_for
):
    send_offers(school_request)
    page = client_for(pool.teacher).get(url(cast, "request", pk=school_request.pk))
    text = page.content.decode()
    for mediator in pool.volunteers:
        assert mediator.phone not in text
        assert mediator.name not in text


def test_the_coordinator_sees_the_proposals_with_reasons(cast, pool, school_request, client_for):
    page = client_for(cast.ki_coordinator).get(url(cast, "request", pk=school_request.pk))
    assert len(page.context["proposal"].candidates) == 4
    assert "km" in page.content.decode()


def test_every_view_of_the_details_is_logged(cast, pool, school_request, client_for):
    client_for(pool.teacher).get(url(cast, "request", pk=school_request.pk))
    client_for(cast.ki_coordinator).get(url(cast, "request", pk=school_request.pk))
    assert list(
        RequestAccess.objects.filter(object_id=school_request.pk).values_list("username", flat=True)
    ) == ["katrin", "lehrerin"]


def test_a_refused_view_is_not_a_view_of_the_details(cast, pool, school_request, client_for):
    client_for(pool.other_teacher).get(url(cast, "request", pk=school_request.pk))
    assert not RequestAccess.objects.exists()


def test_a_mediator_sees_only_her_offers_and_assignments(cast, pool, school_request, client_for):
    offers = send_offers(school_request)
    accept(offers[0].pk)
    winner = offers[0].mediator
    page = client_for(winner.user).get(url(cast, "my_assignments"))
    assert [a.request for a in page.context["assignments"]] == [school_request]
    outsider = next(m for m in pool.volunteers if m not in [o.mediator for o in offers])
    page = client_for(outsider.user).get(url(cast, "my_assignments"))
    assert page.context["offers"] == []
    assert list(page.context["assignments"]) == []


def test_a_mediator_cannot_open_request_details(cast, pool, school_request, client_for):
    response = client_for(pool.volunteers[0].user).get(url(cast, "request", pk=school_request.pk))
    assert response.status_code == 404


def test_the_overview_is_closed_to_requesters(cast, pool, client_for):
    assert client_for(pool.teacher).get(url(cast, "overview")).status_code == 403


def test_a_forged_offer_link_is_refused(cast, pool, school_request, client_for):
    send_offers(school_request)
    response = client_for(None).post(url(cast, "offer", token="forged:abc"), {"answer": "accept"})
    assert response.status_code == 404
    assert not school_request.assignments.exists()


def test_opening_the_offer_link_is_logged_under_the_mediators_key(
    cast, pool, school_request, client_for
):
    offer = send_offers(school_request)[0]
    client_for(None).get(url(cast, "offer", token=offer_token(offer)))
    entry = RequestAccess.objects.get(object_id=school_request.pk)
    assert entry.detail == {"page": "offer", "mediator": offer.mediator.key}


# What the code asks of the pools' rules, anywhere in ankommen: has_perm("mediation.…")
# in Python, perms.mediation.… in templates.
ASKED = re.compile(r"""has_perm\(\s*["']mediation\.(\w+)["']|perms\.mediation\.(\w+)""")


def test_every_mediation_permission_the_code_asks_is_declared():
    # A name nobody declared answers False without a word (a rename of the model renames
    # its codenames: mediation.view_request became mediation.view_mediationrequest).
    root = Path(ankommen.__file__).parent
    asked = {
        name
        for path in [*root.rglob("*.py"), *root.rglob("*.html")]
        if "tests" not in path.parts
        for match in ASKED.finditer(path.read_text(encoding="utf-8"))
        for name in match.groups()
        if name
    }
    assert asked
    assert [name for name in sorted(asked) if not rules.perm_exists(f"mediation.{name}")] == []
