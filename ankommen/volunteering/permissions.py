"""Who may do what with volunteers (rules registered once, used by every page).

- A coordinator is staff of an organisation (any role bound to it: editor, case manager,
  team lead): she publishes its opportunities, reads their answers and keeps its
  volunteers — never another organisation's, not even within her region.
- A KI coordinator runs the region's trainings: attendance and certificates.
- A volunteer (a user linked to a Volunteer record) sees her own engagements, hours and
  trainings, registers for trainings and may have her data deleted.
"""

from __future__ import annotations

import rules

from ankommen.core.models import Organisation
from ankommen.core.permissions import is_installation_admin, is_ki_coordinator, scope_of
from ankommen.volunteering.models import Volunteer


@rules.predicate
def coordinates_in_region(user, region=None) -> bool:
    """Staff of an organisation of this region."""
    scope = scope_of(user)
    if region is None:
        return bool(scope.member_organisation_ids)
    return Organisation.objects.filter(region=region, pk__in=scope.member_organisation_ids).exists()


@rules.predicate
def coordinates_record(user, obj=None) -> bool:
    """Staff of the organisation a volunteer, an opportunity or an answer belongs to."""
    if obj is None:
        return bool(scope_of(user).member_organisation_ids)
    organisation_id = getattr(obj, "organisation_id", None)
    if organisation_id is None and hasattr(obj, "opportunity"):
        organisation_id = obj.opportunity.organisation_id
    return organisation_id in scope_of(user).member_organisation_ids


@rules.predicate
def is_volunteer_in_region(user, region=None) -> bool:
    if not user.is_authenticated:
        return False
    records = Volunteer.objects.filter(user=user)
    if region is not None:
        records = records.filter(region=region)
    return records.exists()


runs_trainings = is_installation_admin | is_ki_coordinator
coordinates = is_installation_admin | coordinates_in_region

rules.add_perm(
    "volunteering.use_staff_pages", coordinates | runs_trainings | is_volunteer_in_region
)
rules.add_perm("volunteering.coordinate", coordinates)
rules.add_perm("volunteering.run_trainings", runs_trainings)
for model in ("opportunity", "volunteer", "answer", "hoursentry", "engagement"):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"volunteering.{action}_{model}", is_installation_admin | coordinates_record)
for model in ("training", "trainingregistration"):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"volunteering.{action}_{model}", runs_trainings)
