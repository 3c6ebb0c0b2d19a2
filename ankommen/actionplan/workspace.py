"""What the action plan puts on a person's home page (hooks `staff_modules` and
`staff_tasks`, core/modules.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from ankommen.actionplan.models import SubStep
from ankommen.actionplan.models.scope import plan_scope
from ankommen.core.models import Region
from ankommen.core.modules import StaffModule, Task


def staff_modules(user, region: Region) -> list[StaffModule]:
    if not user.has_perm("actionplan.use_staff_pages", region):
        return []
    return [
        StaffModule(
            _("Action plan"),
            reverse("actionplan_staff:index", kwargs={"region": region.slug})
            if plan_scope(user).reads_region(region.pk)
            else reverse("actionplan_staff:mine", kwargs={"region": region.slug}),
            _("Steps, progress reports and steering-group reports."),
        )
    ]


def staff_tasks(user, region: Region) -> list[Task]:
    """Overdue steps: for plan readers (the KI, the officers) the region's, for a
    responsible organisation its own."""
    if not user.has_perm("actionplan.use_staff_pages", region):
        return []
    scope = plan_scope(user)
    steps = SubStep.objects.filter(region=region)
    if not scope.reads_region(region.pk):
        steps = steps.responsible(scope.responsible_organisation_ids)
    return [
        Task.of(
            ngettext_lazy(
                "%(count)s overdue action-plan step", "%(count)s overdue action-plan steps", "count"
            ),
            steps.overdue().count(),
            reverse("actionplan_staff:attention", kwargs={"region": region.slug}),
            urgent=True,
        )
    ]
