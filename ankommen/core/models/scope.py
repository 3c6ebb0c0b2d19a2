"""What a signed-in person may reach, read once per request from her role assignments.

The bottom of core's layers: the querysets of the models (`Region.objects.visible_to(user)`)
and the permission predicates (`core.permissions`) both read a user's `Scope` from here,
so the models never import the permission module. The user model computes its own scope
(`User.build_scope()`) from its role assignments.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Scope:
    is_admin: bool = False
    region_ids: frozenset[int] = field(default_factory=frozenset)
    staff_region_ids: frozenset[int] = field(default_factory=frozenset)
    coordinator_region_ids: frozenset[int] = field(default_factory=frozenset)
    officer_town_ids: frozenset[int] = field(default_factory=frozenset)
    officer_region_ids: frozenset[int] = field(default_factory=frozenset)
    # The officers' towns and every quarter within them.
    officer_area_ids: frozenset[int] = field(default_factory=frozenset)
    # Organisations a user edits: her own and the ones below them.
    editor_organisation_ids: frozenset[int] = field(default_factory=frozenset)
    member_organisation_ids: frozenset[int] = field(default_factory=frozenset)
    case_manager_organisation_ids: frozenset[int] = field(default_factory=frozenset)
    team_ids: frozenset[int] = field(default_factory=frozenset)
    led_team_ids: frozenset[int] = field(default_factory=frozenset)
    volunteer_region_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def has_staff_access(self) -> bool:
        return self.is_admin or bool(self.staff_region_ids)


EMPTY_SCOPE = Scope()
_CACHE_ATTRIBUTE = "_ankommen_scope"


def scope_of(user) -> Scope:
    """The user's scope, computed once per user object (i.e. once per request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return EMPTY_SCOPE
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    scope = user.build_scope()
    setattr(user, _CACHE_ATTRIBUTE, scope)
    return scope


def forget_scope(user) -> None:
    """Drop the cached scope after the user's roles changed."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)
