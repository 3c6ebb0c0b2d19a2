"""Who sees which jobs. The region's KI coordinators (and the installation's admins) see
every job of the region, the failed ones among them; every other staff member sees the
jobs she started herself."""

from __future__ import annotations

import rules

from ankommen.core.permissions import (
    has_staff_access,
    is_in_staff_region,
    is_installation_admin,
    is_ki_coordinator,
)

may_use_job_pages = is_installation_admin | (has_staff_access & is_in_staff_region)
may_see_all_jobs_rule = is_installation_admin | is_ki_coordinator

rules.add_perm("jobs.use_job_pages", may_use_job_pages)
rules.add_perm("jobs.see_all_jobs", may_see_all_jobs_rule)


def may_see_all_jobs(user, region) -> bool:
    return user.has_perm("jobs.see_all_jobs", region)
