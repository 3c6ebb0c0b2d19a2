"""The roles a directory's groups give: applied at every sign-in through single sign-on."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from ankommen.core.models import RoleAssignment, User
from ankommen.signon.models import GroupRoleMapping, MappedRole


@transaction.atomic
def apply_group_roles(user: User, source: str, groups: Iterable[str]) -> None:
    """Gives the person the roles her groups map to (in every region that maps them) and
    takes away the roles an earlier sign-in from the same source gave that her groups no
    longer bring. Roles given by hand stay as they are."""
    wanted = {
        tuple(sorted(mapping.scope().items()))
        for mapping in GroupRoleMapping.objects.filter(source=source, group__in=list(groups))
    }
    for grant in MappedRole.objects.filter(assignment__user=user, source=source).select_related(
        "assignment"
    ):
        a = grant.assignment
        key = tuple(
            sorted(
                {
                    "region_id": a.region_id,
                    "role": a.role,
                    "area_id": a.area_id,
                    "organisation_id": a.organisation_id,
                    "team_id": a.team_id,
                }.items()
            )
        )
        if key in wanted:
            wanted.discard(key)
        else:
            a.delete()
    for key in wanted:
        scope = dict(key)
        if RoleAssignment.objects.filter(user=user, **scope).exists():
            continue  # given by hand already
        assignment = RoleAssignment.objects.create(user=user, **scope)
        MappedRole.objects.create(assignment=assignment, source=source)


def has_any_role(user: User) -> bool:
    return user.is_superuser or RoleAssignment.objects.filter(user=user).exists()
