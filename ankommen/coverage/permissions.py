"""Who works with the minimum standard.

- The KI coordinators of a region (and the installation admin) define the standard, see the
  coverage of every town and quarter, and turn gaps into action-plan steps or link steps.
- A town's integration officer sees the coverage of her own town and its quarters.
- Nobody else; there is no public view.
"""

from __future__ import annotations

import rules

from ankommen.core.models import Area, Region
from ankommen.core.permissions import is_installation_admin, is_ki_coordinator, scope_of


@rules.predicate
def is_officer_in_region(user, region=None) -> bool:
    scope = scope_of(user)
    if region is None:
        return bool(scope.officer_town_ids)
    return region.pk in scope.officer_region_ids


@rules.predicate
def is_officer_of_area(user, area=None) -> bool:
    """An integration officer, for her town and its quarters."""
    scope = scope_of(user)
    if area is None:
        return bool(scope.officer_town_ids)
    return isinstance(area, Area) and area.pk in scope.officer_area_ids


can_define_standard = is_installation_admin | is_ki_coordinator

# The standard's staff pages of a region (staff_view): the KI and the towns' officers.
rules.add_perm("coverage.use_staff_pages", can_define_standard | is_officer_in_region)
# With the Region: define the standard, link gaps to steps.
rules.add_perm("coverage.define_standard", can_define_standard)
# With an Area: see its coverage.
rules.add_perm("coverage.view_area", can_define_standard | is_officer_of_area)

for model in ("standardrow", "snapshot", "gapstep"):
    rules.add_perm(f"coverage.view_{model}", can_define_standard)
    for action in ("add", "change", "delete"):
        rules.add_perm(f"coverage.{action}_{model}", can_define_standard)


def visible_area_ids(user, region: Region) -> set[int] | None:
    """The towns and quarters whose coverage `user` sees in `region`: None for all (the KI,
    the installation admin), else her towns and their quarters."""
    scope = scope_of(user)
    if scope.is_admin or region.pk in scope.coordinator_region_ids:
        return None
    return set(
        Area.objects.filter(region=region, pk__in=scope.officer_area_ids).values_list(
            "pk", flat=True
        )
    )
