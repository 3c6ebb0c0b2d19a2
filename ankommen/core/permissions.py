"""Who may see and change what: declared once, used by every module.

A user's roles are read once per request into a `Scope` (regions, towns with their
quarters, organisations, teams). Object checks are small named predicates (django-rules),
composed with `|` and `&` and registered as Django permissions; table-level filters
(`Organisation.objects.editable_by(user)`) read the same scope, so a list never shows what
the object check would refuse.
"""

from __future__ import annotations

import rules
from django.db.models import Q

from ankommen.core.models import (
    CASE_ROLES,
    Area,
    Organisation,
    Region,
    Role,
    RoleAssignment,
    Team,
)

# The scope is read in the models' layer (core/models/scope.py); named here too, since
# this is where every module asks for it.
from ankommen.core.models.scope import EMPTY_SCOPE as EMPTY_SCOPE
from ankommen.core.models.scope import Scope as Scope
from ankommen.core.models.scope import forget_scope as forget_scope
from ankommen.core.models.scope import scope_of as scope_of


def region_id_of(obj) -> int | None:
    """The tenant a record belongs to, whatever its model."""
    if isinstance(obj, Region):
        return obj.pk
    if isinstance(obj, Team):
        return obj.organisation.region_id
    return getattr(obj, "region_id", None)


# --- Predicates -------------------------------------------------------------------------
# Called with obj=None they answer "may this user do this to some object of the kind",
# which the admin uses for its menus and add buttons.


@rules.predicate
def is_installation_admin(user) -> bool:
    return scope_of(user).is_admin


@rules.predicate
def has_staff_access(user) -> bool:
    return scope_of(user).has_staff_access


@rules.predicate
def is_ki_coordinator(user, obj=None) -> bool:
    scope = scope_of(user)
    if obj is None:
        return bool(scope.coordinator_region_ids)
    return region_id_of(obj) in scope.coordinator_region_ids


@rules.predicate
def is_officer_for(user, obj=None) -> bool:
    """A municipal integration officer, for records that lie within her town."""
    scope = scope_of(user)
    if obj is None:
        return bool(scope.officer_town_ids)
    if isinstance(obj, Area):
        return obj.pk in scope.officer_area_ids
    if isinstance(obj, Organisation):
        served = set(obj.areas.values_list("pk", flat=True))
        return bool(served) and served <= scope.officer_area_ids
    return False


@rules.predicate
def is_editor_of(user, obj=None) -> bool:
    """An organisation editor, for her organisation and the ones below it."""
    scope = scope_of(user)
    if obj is None:
        return bool(scope.editor_organisation_ids)
    organisation_id = (
        obj.pk if isinstance(obj, Organisation) else getattr(obj, "organisation_id", None)
    )
    return organisation_id in scope.editor_organisation_ids


@rules.predicate
def is_in_staff_region(user, obj=None) -> bool:
    """Staff may look at the records of the regions they work in."""
    scope = scope_of(user)
    if obj is None:
        return scope.has_staff_access
    region_id = region_id_of(obj)
    return region_id is None or region_id in scope.staff_region_ids


@rules.predicate
def manages_user(user, obj=None) -> bool:
    """A KI coordinator manages the accounts whose roles all lie in her regions."""
    scope = scope_of(user)
    if not scope.coordinator_region_ids:
        return False
    if obj is None:
        return True
    if obj.is_superuser:
        return False
    regions = set(obj.role_assignments.values_list("region_id", flat=True))
    return bool(regions) and regions <= scope.coordinator_region_ids


def led_organisation_ids(user) -> frozenset[int]:
    """The organisations of the teams the user leads."""
    teams = scope_of(user).led_team_ids
    if not teams:
        return frozenset()
    return frozenset(Team.objects.filter(pk__in=teams).values_list("organisation_id", flat=True))


@rules.predicate
def leads_team_of(user, obj=None) -> bool:
    """A team lead manages the accounts that only work with cases in her organisation: she
    gives and takes her team's case manager role and sets their passwords."""
    if not scope_of(user).led_team_ids:
        return False
    if obj is None:
        return True
    if obj.is_superuser:
        return False
    roles = list(obj.role_assignments.values_list("role", "organisation_id"))
    organisations = led_organisation_ids(user)
    return bool(roles) and all(
        role in CASE_ROLES and organisation in organisations for role, organisation in roles
    )


def role_refusal(actor, assignment: RoleAssignment) -> str | None:
    """Why `actor` may not give or remove `assignment`, or None if she may.

    Nobody raises her own rights (only the installation admin manages her own account);
    case roles reach personal data, so only the team lead of that very team (for its case
    managers) or the installation admin gives or removes them; other roles are the KI
    coordinator's, within her regions.
    """
    scope = scope_of(actor)
    if scope.is_admin:
        return None
    if assignment.user_id is not None and assignment.user_id == actor.pk:
        return "own_account"
    if assignment.role in CASE_ROLES:
        if assignment.role == Role.CASE_MANAGER and assignment.team_id in scope.led_team_ids:
            return None
        return "case_role"
    if assignment.region_id in scope.coordinator_region_ids:
        return None
    return "not_yours"


def may_manage_role(actor, assignment: RoleAssignment) -> bool:
    return role_refusal(actor, assignment) is None


def is_case_worker(user) -> bool:
    return RoleAssignment.objects.filter(user=user, role__in=CASE_ROLES).exists()


def may_change_password_of(actor, subject) -> bool:
    """Setting a password is taking over the account: for a case worker only the
    installation admin or the team lead of one of her teams; for others whoever manages
    the account. Never one's own through the admin (the own password changes with the old
    one, on the admin's password change page)."""
    scope = scope_of(actor)
    if scope.is_admin:
        return True
    if subject.pk == actor.pk or subject.is_superuser:
        return False
    if is_case_worker(subject):
        teams = set(
            RoleAssignment.objects.filter(user=subject, team__isnull=False).values_list(
                "team_id", flat=True
            )
        )
        return bool(teams & scope.led_team_ids) and leads_team_of(actor, subject)
    return manages_user(actor, subject)


can_see_staff_records = is_installation_admin | (has_staff_access & is_in_staff_region)
can_steer_region = is_installation_admin | is_ki_coordinator

rules.add_perm("core.view_region", can_see_staff_records)
rules.add_perm("core.change_region", can_steer_region)
rules.add_perm("core.add_region", is_installation_admin)
rules.add_perm("core.delete_region", is_installation_admin)

rules.add_perm("core.view_area", can_see_staff_records)
rules.add_perm("core.add_area", can_steer_region | is_officer_for)
rules.add_perm("core.change_area", can_steer_region | is_officer_for)
rules.add_perm("core.delete_area", can_steer_region)

for vocabulary in ("language", "audience"):
    rules.add_perm(f"core.view_{vocabulary}", has_staff_access)
    rules.add_perm(f"core.add_{vocabulary}", is_installation_admin)
    rules.add_perm(f"core.change_{vocabulary}", is_installation_admin)
    rules.add_perm(f"core.delete_{vocabulary}", is_installation_admin)

for vocabulary in ("targetgroup", "fieldofaction"):
    rules.add_perm(f"core.view_{vocabulary}", can_see_staff_records)
    for action in ("add", "change", "delete"):
        rules.add_perm(f"core.{action}_{vocabulary}", can_steer_region)

rules.add_perm("core.view_organisation", can_see_staff_records)
rules.add_perm("core.add_organisation", can_steer_region | is_officer_for)
rules.add_perm("core.change_organisation", can_steer_region | is_officer_for | is_editor_of)
rules.add_perm("core.delete_organisation", can_steer_region)

rules.add_perm("core.view_team", can_see_staff_records)
for action in ("add", "change", "delete"):
    rules.add_perm(f"core.{action}_team", can_steer_region | is_editor_of)

can_manage_user = is_installation_admin | manages_user | leads_team_of
rules.add_perm("core.view_user", can_manage_user)
rules.add_perm("core.add_user", can_manage_user)
rules.add_perm("core.change_user", can_manage_user)
rules.add_perm("core.delete_user", is_installation_admin)


def assigned_records_q(
    user, *, assignee: str = "assigned_to", team: str = "team", organisation: str = "organisation"
) -> Q:
    """The filter for records that people work on personally (cases, later): a case manager
    sees what is assigned to her, a team lead also what is assigned to her team — always
    only within the organisations they work for. The field names are the model's own."""
    scope = scope_of(user)
    organisations = scope.case_manager_organisation_ids
    if not organisations:
        return Q(pk__in=[])
    return Q(**{f"{organisation}__in": organisations}) & (
        Q(**{assignee: user}) | Q(**{f"{team}__in": scope.led_team_ids})
    )


@rules.predicate
def works_in_region(user, region=None) -> bool:
    """Has any role in the region (staff or volunteer), or is the installation admin: who
    has a home page ("Mein Arbeitsplatz") there."""
    scope = scope_of(user)
    if scope.is_admin:
        return True
    if region is None:
        return bool(scope.region_ids)
    return region_id_of(region) in scope.region_ids


rules.add_perm("core.use_workspace", works_in_region)
