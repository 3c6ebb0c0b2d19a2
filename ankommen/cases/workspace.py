"""What case management puts on a person's home page (hooks `staff_modules` and
`staff_tasks`, core/modules.py). Counts only, no names: the home page is shown after the
second factor, and names stay on the case pages."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from ankommen.cases.models import Case, DeletionRequest, FollowUp, Referral, Transfer
from ankommen.cases.permissions import (
    case_organisation_ids,
    coordinates_region,
    referral_organisation_ids,
    works_with_cases,
)
from ankommen.core.models import Region
from ankommen.core.modules import StaffModule, Task
from ankommen.core.permissions import scope_of


def staff_modules(user, region: Region) -> list[StaffModule]:
    if not works_with_cases(user, region):
        return []
    scope = scope_of(user)
    modules = []
    if scope.case_manager_organisation_ids & set(region.organisations.values_list("pk", flat=True)):
        modules.append(
            StaffModule(
                _("Case management"),
                reverse("cases:list", kwargs={"region": region.slug}),
                _("Your cases and your team's."),
            )
        )
    if referral_organisation_ids(user):
        modules.append(
            StaffModule(
                _("Referrals received"),
                reverse("cases:inbox", kwargs={"region": region.slug}),
                _("Referrals to your organisation, to accept or decline."),
            )
        )
    if coordinates_region(user, region):
        modules.append(
            StaffModule(
                _("Case management: report"),
                reverse("cases:report", kwargs={"region": region.slug}),
                _("Counts of the region's cases and the structural problems."),
            )
        )
    return modules


def staff_tasks(user, region: Region) -> list[Task]:
    if not case_organisation_ids(user):
        return []
    tasks: list[Task] = []
    cases_url = reverse("cases:list", kwargs={"region": region.slug})
    receiving = referral_organisation_ids(user)
    if receiving:
        waiting = Referral.objects.filter(
            recipient_id__in=receiving, case__region=region, status=Referral.Status.SENT
        ).count()
        tasks.append(
            Task.of(
                ngettext_lazy(
                    "%(count)s referral in your inbox", "%(count)s referrals in your inbox", "count"
                ),
                waiting,
                reverse("cases:inbox", kwargs={"region": region.slug}),
                urgent=True,
            )
        )
    mine = Case.objects.visible_to(user).filter(region=region)
    tasks.append(
        Task.of(
            ngettext_lazy("%(count)s follow-up due", "%(count)s follow-ups due", "count"),
            FollowUp.objects.filter(
                case__in=mine.filter(assigned_to=user),
                done=False,
                due_on__lte=timezone.localdate(),
            ).count(),
            cases_url,
            urgent=True,
        )
    )
    tasks.append(
        Task.of(
            ngettext_lazy(
                "%(count)s case handed over to you", "%(count)s cases handed over to you", "count"
            ),
            Transfer.objects.filter(
                to_user=user, accepted_at__isnull=True, case__region=region
            ).count(),
            cases_url,
        )
    )
    led = scope_of(user).led_team_ids
    if led:
        tasks.append(
            Task.of(
                ngettext_lazy(
                    "%(count)s deletion request to approve",
                    "%(count)s deletion requests to approve",
                    "count",
                ),
                DeletionRequest.objects.filter(
                    approved_at__isnull=True, case__in=mine.filter(team_id__in=led)
                )
                .exclude(requested_by_id=user.pk)
                .count(),
                cases_url,
            )
        )
    return tasks
