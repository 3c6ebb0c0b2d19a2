"""Who may see and run a body.

- The KI coordinator of a region (and the installation admin) sees every body of the region
  and manages them.
- A member with an account sees her bodies: their members, meetings, minutes (internal
  ones too), decisions, tasks and documents. Chairs, deputies and the secretariat manage
  their body: members, meetings, invitations, attendance, minutes, decisions, tasks.
- Everybody else in the region sees nothing of a body on the staff pages (403); a body of
  another region does not exist for them (404).
- The public sees what the body made public, on /<region>/<language>/gremien/.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from ankommen.core.permissions import is_installation_admin, region_id_of, scope_of
from ankommen.networks.models import Body, Membership


def steers_networks_in(user, region_id: int | None) -> bool:
    scope = scope_of(user)
    return scope.is_admin or (region_id is not None and region_id in scope.coordinator_region_ids)


def member_body_ids(user) -> frozenset[int]:
    """The bodies the user belongs to with her account (cached on the user object)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_networks_bodies", None)
    if cached is None:
        cached = frozenset(Membership.objects.filter(user=user).values_list("body_id", flat=True))
        user._networks_bodies = cached
    return cached


def managed_body_ids(user) -> frozenset[int]:
    if not user.is_authenticated:
        return frozenset()
    return frozenset(
        Membership.objects.filter(user=user, role__in=Membership.MANAGING_ROLES).values_list(
            "body_id", flat=True
        )
    )


def _body_of(obj) -> Body | None:
    if isinstance(obj, Body):
        return obj
    return getattr(obj, "body", None)


@rules.predicate
def steers_networks(user, obj=None) -> bool:
    if obj is None:
        return bool(scope_of(user).coordinator_region_ids) or scope_of(user).is_admin
    return steers_networks_in(user, region_id_of(obj) or getattr(_body_of(obj), "region_id", None))


@rules.predicate
def is_member(user, obj=None) -> bool:
    body = _body_of(obj)
    if body is None:
        return bool(member_body_ids(user))
    return body.pk in member_body_ids(user)


@rules.predicate
def chairs(user, obj=None) -> bool:
    body = _body_of(obj)
    if body is None:
        return bool(managed_body_ids(user))
    return body.pk in managed_body_ids(user)


@rules.predicate
def works_with_networks_in(user, region=None) -> bool:
    """The staff pages of a region: its KI, or a member of one of its bodies."""
    if region is None:
        return steers_networks(user) or is_member(user)
    if steers_networks_in(user, region.pk):
        return True
    return Body.objects.filter(region=region, pk__in=member_body_ids(user)).exists()


can_see_body = is_installation_admin | steers_networks | is_member
can_manage_body = is_installation_admin | steers_networks | chairs

rules.add_perm("networks.use_staff_pages", works_with_networks_in)
for model in ("body", "membership", "meeting", "minutes", "decision", "task", "document"):
    rules.add_perm(f"networks.view_{model}", can_see_body)
    for action in ("add", "change", "delete"):
        rules.add_perm(f"networks.{action}_{model}", can_manage_body)
rules.add_perm("networks.view_invitation", can_see_body)
rules.add_perm("networks.view_attendance", can_see_body)


def visible_bodies(user, region):
    bodies = Body.objects.filter(region=region)
    if steers_networks_in(user, region.pk):
        return bodies
    return bodies.filter(pk__in=member_body_ids(user))


def get_body_for_user(user, region, pk: int, *, manage: bool = False) -> Body:
    """The one way in to a body's staff pages: 404 outside the region, 403 for a person
    who is no member (or, with `manage`, no chair) and not the region's KI."""
    body = Body.objects.filter(region=region, pk=pk).select_related("area", "parent").first()
    if body is None:
        raise Http404("No such body in this region.")
    if not user.has_perm("networks.view_body", body):
        raise PermissionDenied
    if manage and not user.has_perm("networks.change_body", body):
        raise PermissionDenied
    return body
