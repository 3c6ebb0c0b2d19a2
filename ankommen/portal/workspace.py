"""What the portal puts on a person's home page (hooks `staff_modules` and `staff_tasks`,
core/modules.py)."""

from __future__ import annotations

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from ankommen.core.models import Region
from ankommen.core.modules import StaffModule, Task
from ankommen.directory.models import Event, Offer, OfferTranslation
from ankommen.portal.models import Page, TranslationState


def _own_pages(user, region: Region):
    return (
        Page.objects.editable_by(user)
        .filter(region=region)
        .exclude(status=Page.Status.ARCHIVED)
        .prefetch_related("translations")
    )


def _translates_content(user, region: Region) -> bool:
    """She translates offers or events of her organisation, or the region's categories and
    glossary (content_translation.py)."""
    return (
        user.has_perm("portal.change_glossaryentry", region)
        or Offer.objects.editable_by(user).filter(region=region).exists()
        or Event.objects.editable_by(user).filter(region=region).exists()
    )


def staff_modules(user, region: Region) -> list[StaffModule]:
    if not user.has_perm("portal.use_staff_pages", region):
        return []
    modules = []
    if _own_pages(user, region).exists():
        modules.append(
            StaffModule(
                _("Portal pages"),
                reverse("portal_staff:index", kwargs={"region": region.slug}),
                _("Your first-orientation pages and their translations."),
            )
        )
    if _translates_content(user, region):
        modules.append(
            StaffModule(
                _("Content translations"),
                reverse("portal_staff:content_index", kwargs={"region": region.slug}),
                _("Offers, events, categories and glossary in every language."),
            )
        )
    return modules


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
    outdated_offers = OfferTranslation.objects.filter(
        offer__in=Offer.objects.editable_by(user).filter(region=region).values("pk"),
        source_version__lt=F("offer__source_version"),
    ).count()
    return [
        Task.of(
            ngettext_lazy(
                "%(count)s outdated translation of your offers",
                "%(count)s outdated translations of your offers",
                "count",
            ),
            outdated_offers,
            reverse("portal_staff:content_index", kwargs={"region": region.slug}),
        ),
        Task.of(
            ngettext_lazy(
                "%(count)s outdated translation of your pages",
                "%(count)s outdated translations of your pages",
                "count",
            ),
            outdated,
            reverse("portal_staff:index", kwargs={"region": region.slug}),
        ),
    ]
