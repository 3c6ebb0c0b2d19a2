"""Who manages which accounts in the back office."""

import pytest
from django.urls import reverse

from ankommen.core.models import Role, RoleAssignment, User

pytestmark = pytest.mark.django_db


def test_coordinator_lists_the_people_of_her_region(cast, client_for):
    response = client_for(cast.ki_coordinator).get(reverse("admin:core_user_changelist"))
    assert "vera" in response.content.decode()


def test_coordinator_does_not_list_people_of_another_region(cast, client_for):
    response = client_for(cast.ki_coordinator).get(reverse("admin:core_user_changelist"))
    assert "hanna" not in response.content.decode()


def test_coordinator_cannot_open_the_installation_admin(cast, client_for):
    url = reverse("admin:core_user_change", args=[cast.admin.pk])
    assert client_for(cast.ki_coordinator).get(url).status_code == 404


def test_officer_has_no_user_management(cast, client_for):
    url = reverse("admin:core_user_change", args=[cast.volunteer.pk])
    assert client_for(cast.officer_verl).get(url).status_code in (403, 404)


def user_change_data(user: User, **changes) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "role_assignments-TOTAL_FORMS": "1",
        "role_assignments-INITIAL_FORMS": "1",
        "role_assignments-MIN_NUM_FORMS": "0",
        "role_assignments-MAX_NUM_FORMS": "1000",
    }
    assignment = user.role_assignments.get()
    data.update(
        {
            "role_assignments-0-id": assignment.pk,
            "role_assignments-0-user": user.pk,
            "role_assignments-0-role": assignment.role,
            "role_assignments-0-region": assignment.region_id,
            "role_assignments-0-area": assignment.area_id or "",
            "role_assignments-0-organisation": assignment.organisation_id or "",
            "role_assignments-0-team": assignment.team_id or "",
        }
    )
    data.update(changes)
    return data


def test_coordinator_renames_a_person_of_her_region(cast, client_for):
    url = reverse("admin:core_user_change", args=[cast.volunteer.pk])
    client_for(cast.ki_coordinator).post(
        url, user_change_data(cast.volunteer, last_name="Sprachlotsin")
    )
    cast.volunteer.refresh_from_db()
    assert cast.volunteer.last_name == "Sprachlotsin"


def test_coordinator_cannot_make_anyone_superuser(cast, client_for):
    url = reverse("admin:core_user_change", args=[cast.volunteer.pk])
    client_for(cast.ki_coordinator).post(
        url, user_change_data(cast.volunteer, is_superuser="on", is_staff="on")
    )
    cast.volunteer.refresh_from_db()
    assert not cast.volunteer.is_superuser


def test_coordinator_cannot_grant_a_role_in_another_region(cast, client_for):
    url = reverse("admin:core_user_change", args=[cast.volunteer.pk])
    client_for(cast.ki_coordinator).post(
        url,
        user_change_data(
            cast.volunteer,
            **{
                "role_assignments-0-role": Role.KI_COORDINATOR,
                "role_assignments-0-region": cast.other_region.pk,
            },
        ),
    )
    assert not RoleAssignment.objects.filter(user=cast.volunteer, region=cast.other_region)


def test_volunteer_cannot_sign_in_to_the_back_office(cast, client):
    response = client.post(
        reverse("admin:login"),
        {"username": "sara", "password": "correct horse battery staple", "next": "/admin/"},
    )
    assert "_auth_user_id" not in client.session and response.status_code == 200


def test_officer_signs_in_to_the_back_office(cast, client):
    client.post(
        reverse("admin:login"),
        {"username": "vera", "password": "correct horse battery staple", "next": "/admin/"},
    )
    assert client.session["_auth_user_id"] == str(cast.officer_verl.pk)
