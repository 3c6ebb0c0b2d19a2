"""The number every cache of a region's public content is keyed by."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ankommen.core.models.places import Region


class ContentVersion(models.Model):
    """Counts the changes to what a region shows the public (portal pages, offers, places,
    events, indicators, its towns, languages and vocabularies). Every cache of public
    content – the portal's rendered pages, the read API's answers – keys its entries by
    this number, so a committed change makes the old entries unreachable in every server
    process at once. Raised by `ankommen.core.content_version`, which also says what counts
    as public content."""

    # No database constraint and no cascade: deleting a region deletes its pages, whose
    # signals raise this number while the region is going away; a leftover row of a deleted
    # region keeps the sum of all numbers (what answers across regions are keyed by) from
    # ever going back (region ids are never reused).
    region = models.OneToOneField(
        Region,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="+",
        verbose_name=_("region"),
    )
    number = models.PositiveBigIntegerField(_("number"), default=0)
    changed_at = models.DateTimeField(_("changed"))

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")

    def __str__(self) -> str:
        return f"{self.region_id}: {self.number}"
