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
from ankommen.directory.models import REMINDER_AFTER_DAYS, STALE_AFTER_DAYS, Offer, OfferCorrection


def staff_modules(user, region: Region) -> list[StaffModule]:
    modules = []
    if user.has_perm("directory.use_staff_pages", region):
        modules.append(
            StaffModule(
                _("Offers"),
                reverse("directory_staff:offers", kwargs={"region": region.slug}),
                _("The directory's offers: edit yours, propose corrections to the others."),
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
    """Offers of hers due for confirmation (six months without one: the reminder's rule),
    and corrections proposed to offers she may edit."""
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
            reverse("directory_staff:offers", kwargs={"region": region.slug})
            + "?freshness=due&mine=on",
        )
    ]
    proposed = list(
        OfferCorrection.objects.open()
        .for_owner(user)
        .filter(offer__region=region)
        .values_list("offer_id", flat=True)
    )
    if proposed:
        tasks.append(
            Task.of(
                ngettext_lazy(
                    "%(count)s proposed correction to an offer",
                    "%(count)s proposed corrections to offers",
                    "count",
                ),
                len(proposed),
                reverse(
                    "directory_staff:offer_edit",
                    kwargs={"region": region.slug, "pk": proposed[0]},
                ),
            )
        )
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
