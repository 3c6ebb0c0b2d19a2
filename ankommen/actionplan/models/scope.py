"""What a person may reach of the action plan, read once per request from her core scope.

Below the plan's models (their querysets filter by it) and below `permissions.py` (its
predicates ask it), so neither imports the other in a function.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ankommen.core.models import Organisation
from ankommen.core.models.scope import scope_of


@dataclass(frozen=True)
class PlanScope:
    is_admin: bool = False
    steer_region_ids: frozenset[int] = field(default_factory=frozenset)
    reader_region_ids: frozenset[int] = field(default_factory=frozenset)
    responsible_organisation_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def has_access(self) -> bool:
        return self.is_admin or bool(self.reader_region_ids or self.responsible_organisation_ids)

    def reads_region(self, region_id: int | None) -> bool:
        return self.is_admin or region_id in self.reader_region_ids

    def steers_region(self, region_id: int | None) -> bool:
        return self.is_admin or region_id in self.steer_region_ids


EMPTY = PlanScope()
_CACHE_ATTRIBUTE = "_ankommen_plan_scope"


def plan_scope(user) -> PlanScope:
    """Read once per user object (i.e. per request) from the core scope."""
    scope = scope_of(user)
    if scope is None or not (scope.is_admin or scope.region_ids):
        return EMPTY
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    officer_regions = scope.officer_region_ids
    town_organisations = (
        frozenset(
            Organisation.objects.served_only_within(scope.officer_area_ids).values_list(
                "pk", flat=True
            )
        )
        if scope.officer_area_ids
        else frozenset()
    )
    result = PlanScope(
        is_admin=scope.is_admin,
        steer_region_ids=scope.coordinator_region_ids,
        reader_region_ids=scope.coordinator_region_ids | officer_regions,
        responsible_organisation_ids=scope.editor_organisation_ids | town_organisations,
    )
    setattr(user, _CACHE_ATTRIBUTE, result)
    return result


def forget_plan_scope(user) -> None:
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)
