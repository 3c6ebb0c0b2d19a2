"""A coordinator sees only her organisation's volunteers; other organisations, other
regions, the KI, volunteers and anonymous visitors are refused."""

import pytest
from django.urls import reverse

from ankommen.core.models import Role
from ankommen.core.tests.factories import OrganisationFactory, UserFactory, give_role
from ankommen.volunteering.models import Volunteer
from ankommen.volunteering.tests.conftest import volunteer

pytestmark = pytest.mark.django_db


def _url(name, region, *args):
    return reverse(f"volunteering:{name}", args=[region.slug, *args])


def test_the_coordinator_sees_her_organisations_volunteers(client_for, ehrenamt):
    page = client_for(ehrenamt.elke).get(_url("volunteers", ehrenamt.ak_asyl.region))

    assert "Marlene Hoffmann" in page.content.decode()


def test_the_coordinator_does_not_see_another_organisations_volunteers(client_for, ehrenamt):
    page = client_for(ehrenamt.elke).get(_url("volunteers", ehrenamt.ak_asyl.region))

    assert "Jonas Brinkmann" not in page.content.decode()


def test_another_organisations_volunteer_is_not_found(client_for, ehrenamt):
    page = client_for(ehrenamt.elke).get(
        _url("volunteer", ehrenamt.ak_asyl.region, ehrenamt.jonas.pk)
    )

    assert page.status_code == 404


def test_the_load_view_leaves_out_other_organisations(client_for, ehrenamt):
    page = client_for(ehrenamt.lars).get(_url("load", ehrenamt.ak_asyl.region))

    assert "Marlene Hoffmann" not in page.content.decode()


def test_a_coordinator_of_another_region_is_not_let_in(client_for, cast, ehrenamt):
    other = UserFactory(username="olga")
    give_role(
        other, Role.ORGANISATION_EDITOR, cast.other_region, organisation=cast.other_organisation
    )

    page = client_for(other).get(_url("volunteers", ehrenamt.ak_asyl.region))

    assert page.status_code == 404


def test_a_volunteer_of_another_region_is_not_found_through_this_region(client_for, cast, ehrenamt):
    stranger = volunteer(cast.other_organisation, "Greta Fremd")
    coordinator = UserFactory(username="olga")
    give_role(
        coordinator,
        Role.ORGANISATION_EDITOR,
        cast.other_region,
        organisation=cast.other_organisation,
    )
    give_role(coordinator, Role.ORGANISATION_EDITOR, cast.region, organisation=ehrenamt.ak_asyl)

    page = client_for(coordinator).get(_url("volunteer", cast.region, stranger.pk))

    assert page.status_code == 404


def test_the_ki_coordinator_does_not_see_the_associations_volunteers(client_for, cast, ehrenamt):
    page = client_for(cast.ki_coordinator).get(_url("volunteer", cast.region, ehrenamt.marlene.pk))

    assert page.status_code == 404


def test_a_volunteer_cannot_open_the_coordinators_list(client_for, ehrenamt):
    page = client_for(ehrenamt.marlene_user).get(_url("volunteers", ehrenamt.ak_asyl.region))

    assert page.status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client, ehrenamt):
    page = client.get(_url("load", ehrenamt.ak_asyl.region))

    assert page.status_code == 302 and "next=" in page["Location"]


def test_a_person_without_a_role_in_the_region_gets_404(client_for, cast, ehrenamt):
    page = client_for(cast.other_coordinator).get(_url("index", cast.region))

    assert page.status_code == 404


def test_deleting_another_organisations_volunteer_is_refused(client_for, ehrenamt):
    response = client_for(ehrenamt.elke).post(
        _url("volunteer_erase", ehrenamt.ak_asyl.region, ehrenamt.jonas.pk)
    )

    assert response.status_code == 404
    assert Volunteer.objects.filter(pk=ehrenamt.jonas.pk).exists()


@pytest.mark.parametrize("name", ["volunteer_erase", "hours_add", "engagement_add"])
def test_get_on_a_state_change_answers_405(client_for, ehrenamt, name):
    response = client_for(ehrenamt.elke).get(
        _url(name, ehrenamt.ak_asyl.region, ehrenamt.marlene.pk)
    )

    assert response.status_code == 405


def test_a_coordinator_cannot_publish_for_another_organisation(client_for, ehrenamt):
    response = client_for(ehrenamt.elke).post(
        _url("opportunity_new", ehrenamt.ak_asyl.region),
        {
            "organisation": ehrenamt.libelle.pk,
            "key": "fremd",
            "kind": "homework",
            "title": "Fremd",
            "published": "on",
        },
    )

    assert response.status_code == 400
    assert not ehrenamt.libelle.volunteer_opportunities.filter(key="fremd").exists()


def test_a_coordinator_of_a_second_organisation_sees_both(client_for, ehrenamt):
    both = UserFactory(username="berta")
    give_role(
        both, Role.ORGANISATION_EDITOR, ehrenamt.ak_asyl.region, organisation=ehrenamt.ak_asyl
    )
    give_role(both, Role.CASE_MANAGER, ehrenamt.ak_asyl.region, organisation=ehrenamt.libelle)

    page = client_for(both).get(_url("volunteers", ehrenamt.ak_asyl.region)).content.decode()

    assert "Marlene Hoffmann" in page and "Jonas Brinkmann" in page


def test_an_organisation_of_another_region_is_no_choice(client_for, cast, ehrenamt):
    OrganisationFactory(region=cast.other_region, name="Fremder Verein")

    page = client_for(ehrenamt.elke).get(_url("volunteer_new", cast.region)).content.decode()

    assert "Fremder Verein" not in page
