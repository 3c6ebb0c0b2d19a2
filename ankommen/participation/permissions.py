"""Who may moderate comments and read survey results.

- The region's KI coordinators (and the installation admin) moderate the comments of the
  region's consultations, read the missing-offer reports and own every survey of the
  region.
- A survey may name further owners: staff of the region (e.g. the town officer who runs
  the survey of her colleagues). Only owners see a survey's results, its free-text answers
  and its export.
- The public answers surveys and writes comments through the public pages; nothing it
  sends carries an identity.
"""

from __future__ import annotations

import rules

from ankommen.core.models import Region
from ankommen.core.permissions import (
    is_installation_admin,
    is_ki_coordinator,
    region_id_of,
    scope_of,
)
from ankommen.participation.models import Choice, Comment, Question, Survey

can_moderate = is_installation_admin | is_ki_coordinator


@rules.predicate
def is_named_owner(user, survey: Survey | None = None) -> bool:
    if survey is None:
        return False
    return (
        survey.region_id in scope_of(user).staff_region_ids
        and survey.owners.filter(pk=user.pk).exists()
    )


@rules.predicate
def owns_a_survey_in(user, region: Region | None = None) -> bool:
    if region is None or region.pk not in scope_of(user).staff_region_ids:
        return False
    return Survey.objects.filter(region=region, owners=user).exists()


# With a Region: moderates the region's comments, reads its missing-offer reports.
rules.add_perm("participation.moderate", can_moderate)
# With a Survey: sees its results, free-text answers and export.
rules.add_perm("participation.view_results", can_moderate | is_named_owner)
# The module's staff pages of a region (staff_view).
rules.add_perm("participation.use_staff_pages", can_moderate | owns_a_survey_in)


def _region_id(obj) -> int | None:
    if isinstance(obj, Question):
        return obj.survey.region_id
    if isinstance(obj, Choice):
        return obj.question.survey.region_id
    if isinstance(obj, Comment):
        return obj.consultation.region_id
    return region_id_of(obj)


@rules.predicate
def steers_region_of(user, obj=None) -> bool:
    """The KI coordinator of the record's region (consultations and surveys are set up in
    the back office by her)."""
    scope = scope_of(user)
    if scope.is_admin:
        return True
    if obj is None:
        return bool(scope.coordinator_region_ids)
    return _region_id(obj) in scope.coordinator_region_ids


for model in ("consultation", "survey", "question", "choice", "comment"):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"participation.{action}_{model}", steers_region_of)
