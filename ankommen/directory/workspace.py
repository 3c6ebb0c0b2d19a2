"""What the offer directory puts on a person's home page (hooks `staff_modules` and
`staff_tasks`, core/modules.py)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from ankommen.core.models import Region
from ankommen.core.modules import StaffModule, Task
from ankommen.directory.models import REMINDER_AFTER_DAYS, STALE_AFTER_DAYS, Offer


def staff_modules(user, region: Region) -> list[StaffModule]:
    modules = []
    if Offer.objects.editable_by(user).filter(region=region).exists() or user.has_perm(
        "directory.add_offer"
    ):
        modules.append(
            StaffModule(
                _("Offers and events"),
                reverse("admin:directory_offer_changelist"),
                _("Your organisation's entries in the directory, in the back office."),
            )
        )
    if user.has_perm("directory.view_review_board", region):
        modules.append(
            StaffModule(
                _("Directory review board"),
                reverse("directory_staff:review_board", kwargs={"region": region.slug}),
                _("Offers not confirmed for nine months, searches without results."),
            )
        )
    return modules


def staff_tasks(user, region: Region) -> list[Task]:
    """Offers of hers due for confirmation (six months without one: the reminder's rule)."""
    today = timezone.localdate()
    due = (
        Offer.objects.editable_by(user)
        .filter(region=region, last_confirmed__lt=today - dt.timedelta(days=REMINDER_AFTER_DAYS))
        .count()
    )
    tasks = [
        Task.of(
            ngettext_lazy(
                "%(count)s offer due for confirmation",
                "%(count)s offers due for confirmation",
                "count",
            ),
            due,
            reverse("admin:directory_offer_changelist"),
        )
    ]
    if user.has_perm("directory.view_review_board", region):
        stale = Offer.objects.filter(
            region=region, last_confirmed__lt=today - dt.timedelta(days=STALE_AFTER_DAYS)
        ).count()
        tasks.append(
            Task.of(
                ngettext_lazy(
                    "%(count)s offer not confirmed for nine months",
                    "%(count)s offers not confirmed for nine months",
                    "count",
                ),
                stale,
                reverse("directory_staff:review_board", kwargs={"region": region.slug}),
            )
        )
    return tasks
