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
from ankommen.core.permissions import is_installation_admin, is_ki_coordinator, scope_of
from ankommen.participation.models import Survey

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
