"""Who sets whether a region asks all its staff for the second factor: the installation
admin, and the region's KI coordinators (rules permissions, asked by the admin)."""

import rules

from ankommen.core.permissions import scope_of


@rules.predicate
def steers_region_policy(user, obj=None) -> bool:
    scope = scope_of(user)
    if obj is None:
        return scope.is_admin or bool(scope.coordinator_region_ids)
    return scope.is_admin or obj.region_id in scope.coordinator_region_ids


for _action in ("view", "add", "change", "delete"):
    rules.add_perm(f"twofactor.{_action}_regionpolicy", steers_region_policy)
