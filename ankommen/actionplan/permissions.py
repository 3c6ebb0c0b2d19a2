"""Who may see and change the action plan.

- The KI coordinator steers the plan of her region: she edits everything in it.
- A stakeholder organisation updates the sub-steps it is responsible for and reports on
  them: its editors, and a municipal integration officer for the organisations of her own
  town (the town administration itself, for example). It sees only those steps.
- Municipal integration officers read the whole plan of their region.
- The public reads the published plan at /<region>/<language>/aktionsplan/.
"""

from __future__ import annotations

import rules

from ankommen.actionplan.models import ProgressReport, SubStep

# The plan scope is read in the models' layer (models/scope.py); named here too, since
# this is where the staff pages ask for it.
from ankommen.actionplan.models.scope import EMPTY as EMPTY
from ankommen.actionplan.models.scope import PlanScope as PlanScope
from ankommen.actionplan.models.scope import forget_plan_scope as forget_plan_scope
from ankommen.actionplan.models.scope import plan_scope as plan_scope
from ankommen.core.models import Organisation
from ankommen.core.permissions import (
    is_installation_admin,
    is_ki_coordinator,
    region_id_of,
)


def _responsible_organisation_id(obj) -> int | None:
    if isinstance(obj, SubStep):
        return obj.responsible_organisation_id
    if isinstance(obj, ProgressReport) and obj.sub_step_id:
        return obj.sub_step.responsible_organisation_id
    return None


# --- Predicates -------------------------------------------------------------------------


@rules.predicate
def reads_plan(user, obj=None) -> bool:
    """Coordinators and municipal officers read their region's whole plan."""
    scope = plan_scope(user)
    if obj is None:
        return scope.is_admin or bool(scope.reader_region_ids)
    return scope.reads_region(region_id_of(obj))


@rules.predicate
def is_responsible_for(user, obj=None) -> bool:
    """An organisation (its editors, its town's officer) for the steps it is responsible
    for, and the reports on them."""
    scope = plan_scope(user)
    if obj is None:
        return bool(scope.responsible_organisation_ids)
    organisation_id = _responsible_organisation_id(obj)
    return organisation_id is not None and organisation_id in scope.responsible_organisation_ids


can_steer_plan = is_installation_admin | is_ki_coordinator
can_update_step = can_steer_plan | is_responsible_for
can_see_step = can_steer_plan | reads_plan | is_responsible_for

for model in ("challenge", "recommendation", "planlink"):
    rules.add_perm(f"actionplan.view_{model}", can_steer_plan | reads_plan)
    for action in ("add", "change", "delete"):
        rules.add_perm(f"actionplan.{action}_{model}", can_steer_plan)

rules.add_perm("actionplan.view_substep", can_see_step)
rules.add_perm("actionplan.change_substep", can_update_step)
rules.add_perm("actionplan.add_substep", can_steer_plan)
rules.add_perm("actionplan.delete_substep", can_steer_plan)

rules.add_perm("actionplan.view_progressreport", can_see_step)
rules.add_perm("actionplan.add_progressreport", can_update_step)
rules.add_perm("actionplan.change_progressreport", can_steer_plan)
rules.add_perm("actionplan.delete_progressreport", can_steer_plan)

rules.add_perm("actionplan.view_steeringreport", can_steer_plan | reads_plan)
rules.add_perm("actionplan.add_steeringreport", can_steer_plan)
rules.add_perm("actionplan.change_steeringreport", can_steer_plan)
rules.add_perm("actionplan.delete_steeringreport", can_steer_plan)

# The history is written by the platform, never by hand.
rules.add_perm("actionplan.view_changeentry", can_steer_plan | reads_plan)


@rules.predicate
def works_on_plan_in(user, region=None) -> bool:
    """Takes part in a region's plan: reads all of it (the KI, municipal officers, the
    installation admin) or is responsible for some of its sub-steps."""
    scope = plan_scope(user)
    if region is None:
        return scope.has_access
    if scope.reads_region(region.pk):
        return True
    return Organisation.objects.filter(
        region=region, pk__in=scope.responsible_organisation_ids
    ).exists()


# The plan's staff pages of a region (staff_view).
rules.add_perm("actionplan.use_staff_pages", works_on_plan_in)
