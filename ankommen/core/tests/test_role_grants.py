"""Who may give whom which role, and who may set a case worker's password (issue 13: the
KI coordinator gave herself "team lead" of an AWO team and read the cases)."""

import pytest
from django.test import Client
from django.urls import reverse

from ankommen.core.models import AuditEntry, Role, RoleAssignment, User
from ankommen.core.permissions import may_change_password_of, may_manage_role
from ankommen.core.tests.factories import TeamFactory, UserFactory, give_role
from ankommen.twofactor import mark_verified

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "ein-langes-neues-Passwort-2025"


def verified(user: User) -> Client:
    """Signed in, second factor confirmed (case roles need it for the admin)."""
    client = Client()
    client.force_login(user)
    session = client.session
    mark_verified(session, user)
    session.save()
    return client


def change_data(user: User, *new_roles: dict, delete: tuple[int, ...] = ()) -> dict:
    """The user change form as the admin posts it: her roles, plus `new_roles`."""
    existing = list(user.role_assignments.order_by("pk"))
    rows = len(existing) + len(new_roles)
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "role_assignments-TOTAL_FORMS": str(rows),
        "role_assignments-INITIAL_FORMS": str(len(existing)),
        "role_assignments-MIN_NUM_FORMS": "0",
        "role_assignments-MAX_NUM_FORMS": "1000",
    }
    for index, assignment in enumerate(existing):
        data.update(
            {
                f"role_assignments-{index}-id": assignment.pk,
                f"role_assignments-{index}-user": user.pk,
                f"role_assignments-{index}-role": assignment.role,
                f"role_assignments-{index}-region": assignment.region_id,
                f"role_assignments-{index}-area": assignment.area_id or "",
                f"role_assignments-{index}-organisation": assignment.organisation_id or "",
                f"role_assignments-{index}-team": assignment.team_id or "",
            }
        )
        if assignment.pk in delete:
            data[f"role_assignments-{index}-DELETE"] = "on"
    for offset, role in enumerate(new_roles):
        index = len(existing) + offset
        data.update(
            {f"role_assignments-{index}-user": user.pk, f"role_assignments-{index}-area": ""}
        )
        for key in ("role", "region", "organisation", "team"):
            data[f"role_assignments-{index}-{key}"] = role.get(key, "")
    return data


def change_url(user: User) -> str:
    return reverse("admin:core_user_change", args=[user.pk])


def password_url(user: User) -> str:
    return reverse("admin:auth_user_password_change", args=[user.pk])


def team_of(cast):
    return cast.team_lead.role_assignments.get().team


def case_manager_role(cast, team=None) -> dict:
    team = team or team_of(cast)
    return {
        "role": Role.CASE_MANAGER,
        "region": cast.region.pk,
        "organisation": team.organisation_id,
        "team": team.pk,
    }


# --- The attack -------------------------------------------------------------------------


def test_a_ki_coordinator_cannot_give_herself_a_case_role(cast, client_for):
    katrin = cast.ki_coordinator
    team = team_of(cast)
    lead = {**case_manager_role(cast), "role": Role.TEAM_LEAD}
    client_for(katrin).post(change_url(katrin), change_data(katrin, lead))
    assert not RoleAssignment.objects.filter(user=katrin, team=team).exists()


def test_a_ki_coordinator_cannot_give_herself_a_role_she_could_give_others(cast, client_for):
    katrin = cast.ki_coordinator
    officer = {"role": Role.MUNICIPAL_OFFICER, "region": cast.region.pk}
    data = change_data(katrin, officer)
    data["role_assignments-1-area"] = cast.verl.pk
    client_for(katrin).post(change_url(katrin), data)
    assert not katrin.role_assignments.filter(role=Role.MUNICIPAL_OFFICER).exists()


def test_a_ki_coordinator_cannot_give_a_colleague_a_case_role(cast, client_for):
    client_for(cast.ki_coordinator).post(
        change_url(cast.volunteer), change_data(cast.volunteer, case_manager_role(cast))
    )
    assert not cast.volunteer.role_assignments.filter(role=Role.CASE_MANAGER).exists()


def test_a_ki_coordinator_still_gives_a_colleague_a_role_in_her_region(cast, client_for):
    data = change_data(cast.volunteer, {"role": Role.MUNICIPAL_OFFICER, "region": cast.region.pk})
    data["role_assignments-1-area"] = cast.verl.pk
    client_for(cast.ki_coordinator).post(change_url(cast.volunteer), data)
    assert cast.volunteer.role_assignments.filter(role=Role.MUNICIPAL_OFFICER).exists()


def test_a_ki_coordinator_cannot_set_a_case_workers_password(cast, client_for):
    client_for(cast.ki_coordinator).post(
        password_url(cast.case_manager), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    cast.case_manager.refresh_from_db()
    assert not cast.case_manager.check_password(NEW_PASSWORD)


# --- Those responsible for the team -----------------------------------------------------


def test_a_team_lead_gives_a_colleague_the_case_manager_role_of_her_team(cast):
    newcomer = UserFactory(username="nina")
    give_role(newcomer, Role.CASE_MANAGER, cast.region, organisation=cast.kreis_organisation)
    verified(cast.team_lead).post(
        change_url(newcomer), change_data(newcomer, case_manager_role(cast))
    )
    assert newcomer.role_assignments.filter(team=team_of(cast)).exists()


def test_a_team_lead_cannot_give_the_case_manager_role_of_another_team(cast):
    other_team = TeamFactory(organisation=cast.kreis_organisation, name="KIM Versmold")
    verified(cast.team_lead).post(
        change_url(cast.case_manager),
        change_data(cast.case_manager, case_manager_role(cast, other_team)),
    )
    assert not cast.case_manager.role_assignments.filter(team=other_team).exists()


def test_a_team_lead_cannot_make_anyone_team_lead(cast):
    lead = {**case_manager_role(cast), "role": Role.TEAM_LEAD}
    verified(cast.team_lead).post(
        change_url(cast.case_manager), change_data(cast.case_manager, lead)
    )
    assert not cast.case_manager.role_assignments.filter(role=Role.TEAM_LEAD).exists()


def test_a_team_lead_cannot_remove_her_own_case_role(cast):
    own = cast.team_lead.role_assignments.get()
    verified(cast.team_lead).post(
        change_url(cast.team_lead), change_data(cast.team_lead, delete=(own.pk,))
    )
    assert RoleAssignment.objects.filter(pk=own.pk).exists()


def test_the_installation_admin_gives_anyone_a_case_role(cast, client_for):
    lead = {**case_manager_role(cast), "role": Role.TEAM_LEAD}
    client_for(cast.admin).post(change_url(cast.volunteer), change_data(cast.volunteer, lead))
    assert cast.volunteer.role_assignments.filter(role=Role.TEAM_LEAD).exists()


def test_the_team_lead_sets_a_new_password_for_her_case_manager(cast):
    verified(cast.team_lead).post(
        password_url(cast.case_manager), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    cast.case_manager.refresh_from_db()
    assert cast.case_manager.check_password(NEW_PASSWORD)


# --- The audit ---------------------------------------------------------------------------


def test_a_case_role_grant_is_recorded_with_who_whom_what_and_address(cast, client_for):
    client_for(cast.admin).post(
        change_url(cast.volunteer),
        change_data(cast.volunteer, case_manager_role(cast)),
        REMOTE_ADDR="203.0.113.7",
    )
    event = AuditEntry.objects.account_events().get()
    assert (
        event.user_id,
        event.subject_id,
        event.action,
        event.role,
        event.team_id,
        event.ip,
    ) == (
        cast.admin.pk,
        cast.volunteer.pk,
        AuditEntry.Action.ROLE_GRANTED,
        Role.CASE_MANAGER,
        team_of(cast).pk,
        "203.0.113.7",
    )


def test_a_case_role_removal_is_recorded(cast, client_for):
    own = cast.case_manager.role_assignments.get()
    give_role(cast.case_manager, Role.VOLUNTEER, cast.region)
    client_for(cast.admin).post(
        change_url(cast.case_manager), change_data(cast.case_manager, delete=(own.pk,))
    )
    assert AuditEntry.objects.filter(
        subject_id=cast.case_manager.pk, action=AuditEntry.Action.ROLE_REMOVED
    ).exists()


def test_a_case_workers_new_password_is_recorded(cast, client_for):
    client_for(cast.admin).post(
        password_url(cast.case_manager), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert AuditEntry.objects.filter(
        subject_id=cast.case_manager.pk,
        action=AuditEntry.Action.PASSWORD_SET,
        user_id=cast.admin.pk,
    ).exists()


def test_a_non_case_role_grant_is_not_recorded(cast, client_for):
    data = change_data(cast.volunteer, {"role": Role.MUNICIPAL_OFFICER, "region": cast.region.pk})
    data["role_assignments-1-area"] = cast.verl.pk
    client_for(cast.ki_coordinator).post(change_url(cast.volunteer), data)
    assert not AuditEntry.objects.account_events().exists()


# --- The rules themselves ------------------------------------------------------------------


def test_nobody_but_the_installation_admin_manages_her_own_roles(cast):
    own = cast.team_lead.role_assignments.get()
    assert not may_manage_role(cast.team_lead, own)


def test_the_installation_admin_manages_her_own_roles(cast):
    assignment = RoleAssignment(user=cast.admin, role=Role.TEAM_LEAD, region=cast.region)
    assert may_manage_role(cast.admin, assignment)


def test_an_officer_manages_no_case_role(cast):
    assignment = RoleAssignment(
        user=cast.volunteer, role=Role.CASE_MANAGER, region=cast.region, team=team_of(cast)
    )
    assert not may_manage_role(cast.officer_verl, assignment)


def test_a_ki_coordinator_may_not_change_a_case_workers_password(cast):
    assert not may_change_password_of(cast.ki_coordinator, cast.case_manager)


def test_a_ki_coordinator_may_change_an_officers_password(cast):
    assert may_change_password_of(cast.ki_coordinator, cast.officer_verl)


def test_the_team_lead_sees_who_gave_a_case_role_of_her_team_on_her_case_list(cast, client_for):
    client_for(cast.admin).post(
        change_url(cast.volunteer), change_data(cast.volunteer, case_manager_role(cast))
    )
    page = verified(cast.team_lead).get(reverse("cases:list", kwargs={"region": cast.region.slug}))
    assert list(page.context["account_events"]) == list(AuditEntry.objects.account_events())


def test_a_team_lead_does_not_see_the_events_of_another_team(cast, client_for):
    other_team = TeamFactory(organisation=cast.kreis_organisation, name="KIM Versmold")
    client_for(cast.admin).post(
        change_url(cast.volunteer), change_data(cast.volunteer, case_manager_role(cast, other_team))
    )
    assert not AuditEntry.objects.for_team_lead(cast.team_lead).exists()
