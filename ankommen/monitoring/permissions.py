"""Who maintains the monitoring: the KI coordinators of a region define indicators and
import statistics for all its areas and the comparison areas; a town's integration officer
imports and corrects the values of her own town. Everything published is public."""

from __future__ import annotations

import rules
from django.db.models import Q

from ankommen.core.models import Area, Region
from ankommen.core.permissions import (
    can_see_staff_records,
    is_installation_admin,
    is_ki_coordinator,
    scope_of,
)


@rules.predicate
def is_officer_for_value(user, obj=None) -> bool:
    """A municipal officer, for the values of her own town (and its quarters)."""
    scope = scope_of(user)
    if obj is None:
        return bool(scope.officer_town_ids)
    return getattr(obj, "area_id", None) in scope.officer_area_ids


@rules.predicate
def is_officer_in_region(user, region=None) -> bool:
    scope = scope_of(user)
    if not scope.officer_town_ids:
        return False
    if region is None:
        return True
    return region.pk in scope.officer_region_ids


can_maintain_indicators = is_installation_admin | is_ki_coordinator
can_change_values = can_maintain_indicators | is_officer_for_value
can_import = can_maintain_indicators | is_officer_in_region

rules.add_perm("monitoring.view_indicator", can_see_staff_records)
rules.add_perm("monitoring.add_indicator", can_maintain_indicators)
rules.add_perm("monitoring.change_indicator", can_maintain_indicators)
rules.add_perm("monitoring.delete_indicator", can_maintain_indicators)

rules.add_perm("monitoring.view_value", can_see_staff_records)
rules.add_perm("monitoring.add_value", can_change_values)
rules.add_perm("monitoring.change_value", can_change_values)
rules.add_perm("monitoring.delete_value", can_maintain_indicators)

rules.add_perm("monitoring.view_importrun", can_see_staff_records)
rules.add_perm("monitoring.import_values", can_import)
# The monitoring's staff pages of a region (staff_view): the statistics import.
rules.add_perm("monitoring.use_staff_pages", can_import)

for model in ("dimension", "dimensionmember"):
    rules.add_perm(f"monitoring.view_{model}", can_see_staff_records)
    for action in ("add", "change", "delete"):
        rules.add_perm(f"monitoring.{action}_{model}", is_installation_admin)


def importable_areas(user, region: Region):
    """The areas whose values `user` may import into `region`'s indicators: for the KI all
    of the region's areas and the comparison areas (which belong to no region), for an
    officer her town and its quarters. None stands for the command line: everything."""
    scope = scope_of(user)
    if user is None or scope.is_admin or region.pk in scope.coordinator_region_ids:
        return Area.objects.filter(Q(region=region) | Q(region__isnull=True))
    return Area.objects.filter(region=region, pk__in=scope.officer_area_ids)
