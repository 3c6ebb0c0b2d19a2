"""Who keeps the group-to-role mappings: the installation admin, and a region's KI
coordinators for their region (rules permissions, asked by the admin)."""

import rules

from ankommen.core.permissions import scope_of


@rules.predicate
def steers_region_record(user, obj=None) -> bool:
    scope = scope_of(user)
    if obj is None:
        return scope.is_admin or bool(scope.coordinator_region_ids)
    return scope.is_admin or obj.region_id in scope.coordinator_region_ids


for _action in ("view", "add", "change", "delete"):
    rules.add_perm(f"signon.{_action}_grouprolemapping", steers_region_record)
