"""Who may do what in the mediation pools.

- KI coordinators (and the installation admin) run the pools of their region: mediators,
  proposals, direct assignment, lead-time overrides, the overview and the money exports.
- Requesters are the staff of an organisation (editors, case managers, team leads — a
  school, a department, a health or counselling service): they request for their
  organisation and see only its requests. Private persons have no such role.
- A mediator (a user linked to a Mediator record) sees only the offers made to her and her
  assignments.
"""

from __future__ import annotations

import rules

from ankommen.core.models import Organisation
from ankommen.core.permissions import (
    is_installation_admin,
    is_ki_coordinator,
    region_id_of,
    scope_of,
)

__all__ = ["coordinated_region_ids", "scope_of"]


def coordinated_region_ids(user) -> frozenset[int]:
    return scope_of(user).coordinator_region_ids


@rules.predicate
def is_requester(user, obj=None) -> bool:
    """Staff of an organisation; for a request, staff of the requesting organisation."""
    scope = scope_of(user)
    if obj is None:
        return bool(scope.member_organisation_ids)
    organisation_id = getattr(obj, "organisation_id", None)
    return organisation_id is not None and organisation_id in scope.member_organisation_ids


@rules.predicate
def is_requester_in_region(user, region=None) -> bool:
    scope = scope_of(user)
    if region is None:
        return bool(scope.member_organisation_ids)
    return Organisation.objects.filter(region=region, pk__in=scope.member_organisation_ids).exists()


@rules.predicate
def is_the_mediator(user, obj=None) -> bool:
    """The mediator herself, for her record, her offers and her assignments."""
    if obj is None or not user.is_authenticated:
        return False
    mediator = getattr(obj, "mediator", obj)
    return getattr(mediator, "user_id", None) == user.pk


@rules.predicate
def coordinates_pool(user, obj=None) -> bool:
    if obj is None:
        return bool(coordinated_region_ids(user))
    return region_id_of(obj) in coordinated_region_ids(user)


runs_pool = is_installation_admin | is_ki_coordinator

rules.add_perm("mediation.view_mediationrequest", runs_pool | is_requester)
rules.add_perm("mediation.change_mediationrequest", runs_pool | is_requester)
rules.add_perm("mediation.add_mediationrequest", runs_pool | is_requester_in_region)
rules.add_perm("mediation.delete_mediationrequest", is_installation_admin)
rules.add_perm("mediation.assign_request", runs_pool)
rules.add_perm("mediation.override_lead_time", runs_pool)
rules.add_perm("mediation.view_overview", runs_pool)
rules.add_perm("mediation.export_money", runs_pool)

rules.add_perm("mediation.view_mediator", runs_pool | is_the_mediator)
for action in ("add", "change", "delete"):
    rules.add_perm(f"mediation.{action}_mediator", runs_pool)

# Master data below a mediator, and the region's policies: the pool's coordinators.
for model in (
    "mediatorlanguage",
    "evidence",
    "weeklyavailability",
    "absence",
    "conflict",
    "settingpolicy",
):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"mediation.{action}_{model}", runs_pool)

rules.add_perm("mediation.view_mediationlanguage", runs_pool)
for action in ("add", "change", "delete"):
    rules.add_perm(f"mediation.{action}_mediationlanguage", is_installation_admin)

rules.add_perm("mediation.view_accesslog", runs_pool)
