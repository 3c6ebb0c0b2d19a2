"""What the portal puts on a person's home page (hooks `staff_modules` and `staff_tasks`,
core/modules.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from ankommen.core.models import Region
from ankommen.core.modules import StaffModule, Task
from ankommen.portal.models import Page, TranslationState


def _own_pages(user, region: Region):
    return (
        Page.objects.editable_by(user)
        .filter(region=region)
        .exclude(status=Page.Status.ARCHIVED)
        .prefetch_related("translations")
    )


def staff_modules(user, region: Region) -> list[StaffModule]:
    if not user.has_perm("portal.use_staff_pages", region):
        return []
    if not _own_pages(user, region).exists():
        return []
    return [
        StaffModule(
            _("Portal pages"),
            reverse("portal_staff:index", kwargs={"region": region.slug}),
            _("Your first-orientation pages and their translations."),
        )
    ]


def staff_tasks(user, region: Region) -> list[Task]:
    """Outdated translations of the pages she may edit: the German text changed since."""
    if not user.has_perm("portal.use_staff_pages", region):
        return []
    outdated = sum(
        1
        for page in _own_pages(user, region)
        for translation in page.translations.all()
        if translation.state(page) == TranslationState.OUTDATED
    )
    return [
        Task.of(
            ngettext_lazy(
                "%(count)s outdated translation of your pages",
                "%(count)s outdated translations of your pages",
                "count",
            ),
            outdated,
            reverse("portal_staff:index", kwargs={"region": region.slug}),
        )
    ]
