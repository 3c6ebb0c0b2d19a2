"""What participation puts on a person's home page (hooks `staff_modules`, `staff_tasks`,
core/modules.py) and on the directory's review board (`review_board_sections`)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from ankommen.core.models import Region
from ankommen.core.modules import StaffModule, Task
from ankommen.participation.models import Comment, MissingOfferReport


def staff_modules(user, region: Region) -> list[StaffModule]:
    if not user.has_perm("participation.use_staff_pages", region):
        return []
    return [
        StaffModule(
            _("Participation"),
            reverse("participation_staff:overview", kwargs={"region": region.slug}),
            _("Consultations, comments to moderate, surveys and their results."),
        )
    ]


def staff_tasks(user, region: Region) -> list[Task]:
    if not user.has_perm("participation.moderate", region):
        return []
    waiting = Comment.objects.pending().filter(consultation__region=region).count()
    missing = MissingOfferReport.objects.open().filter(region=region).count()
    return [
        Task.of(
            ngettext_lazy(
                "%(count)s comment waiting for moderation",
                "%(count)s comments waiting for moderation",
                "count",
            ),
            waiting,
            reverse("participation_staff:moderation", kwargs={"region": region.slug}),
        ),
        Task.of(
            ngettext_lazy(
                "%(count)s report of a missing offer",
                "%(count)s reports of missing offers",
                "count",
            ),
            missing,
            reverse("directory_staff:review_board", kwargs={"region": region.slug}),
        ),
    ]


def review_board_section(request, region: Region) -> list[SafeString]:
    """The residents' reports of missing offers, beside the searches that found nothing."""
    if not request.user.has_perm("participation.moderate", region):
        return []
    reports = (
        MissingOfferReport.objects.open().filter(region=region).select_related("town", "language")
    )
    return [
        render_to_string(
            "participation/staff/_missing_offers.html",
            {"region": region, "reports": reports[:100]},
            request=request,
        )
    ]
