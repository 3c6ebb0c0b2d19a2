"""What the crisis module puts on a person's home page (hooks `staff_modules` and
`staff_tasks`, core/modules.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from ankommen.core.models import Region
from ankommen.core.modules import StaffModule, Task
from ankommen.crisis.models import Assignment


def staff_modules(user, region: Region) -> list[StaffModule]:
    if not user.has_perm("crisis.use_staff_pages", region):
        return []
    return [
        StaffModule(
            _("Crisis and capacities"),
            reverse("crisis_staff:index", kwargs={"region": region.slug}),
            _("Base structures, scale-up levels, daily figures and crisis news."),
        )
    ]


def staff_tasks(user, region: Region) -> list[Task]:
    """The open checklist items assigned to this person."""
    if not user.is_authenticated:
        return []
    items = Assignment.objects.open().filter(switch__region=region, owner=user)
    return [
        Task.of(
            ngettext_lazy(
                "%(count)s open crisis measure", "%(count)s open crisis measures", "count"
            ),
            items.count(),
            reverse("crisis_staff:checklist", kwargs={"region": region.slug}),
            urgent=True,
        )
    ]
