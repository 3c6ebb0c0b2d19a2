"""Links from a recommendation to the offers, pages and documents that carry it out."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ankommen.actionplan.models.base import (
    PlanQuerySet,
)
from ankommen.actionplan.models.plan import Recommendation
from ankommen.core.models import (
    Region,
)
from ankommen.core.modules import resolve_reference
from ankommen.core.permissions import region_id_of


class PlanLink(models.Model):
    """What implements or measures a recommendation: an offer, event, indicator, network …

    A link is generic, so the plan depends on no other module: a label and kind, plus a web
    address, a record of any installed module (a generic foreign key, e.g. an organisation),
    and/or a stable reference such as "monitoring.indicator:azubi-auslaender" that the
    owning module resolves through its `resolve_reference` hook (core/modules.py).
    """

    class Kind(models.TextChoices):
        OFFER = "offer", _("offer")
        EVENT = "event", _("event")
        INDICATOR = "indicator", _("indicator")
        NETWORK = "network", _("network")
        ORGANISATION = "organisation", _("organisation")
        DOCUMENT = "document", _("document")
        OTHER = "other", _("other")

    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("region"),
        editable=False,
        blank=True,
    )
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="links",
        verbose_name=_("recommendation"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    label = models.CharField(_("label"), max_length=200)
    url = models.URLField(_("address"), max_length=500, blank=True)
    reference = models.CharField(
        _("reference"),
        max_length=200,
        blank=True,
        help_text=_("A stable key of the linked record, for example module.kind:key."),
    )
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("type of the linked record"),
    )
    object_id = models.PositiveBigIntegerField(_("id of the linked record"), null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("link")
        verbose_name_plural = _("links")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs) -> None:
        self.region_id = self.recommendation.region_id
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if not (self.url or self.reference or (self.content_type_id and self.object_id)):
            raise ValidationError(
                _("Give an address, a reference or a linked record."), code="empty_link"
            )
        if bool(self.content_type_id) != bool(self.object_id):
            raise ValidationError(
                {"object_id": _("Give both the type and the id of the linked record.")},
                code="incomplete_target",
            )
        if self.content_type_id and self.object_id:
            target = self.target
            if target is None:
                raise ValidationError({"object_id": _("No such record.")}, code="missing_target")
            target_region = region_id_of(target)
            if (
                self.recommendation_id
                and target_region is not None
                and target_region != self.recommendation.region_id
            ):
                raise ValidationError(
                    {"object_id": _("The linked record belongs to another region.")},
                    code="other_region",
                )

    def href(self) -> str:
        """Where the link leads: its address, the page of the linked record, or the page
        that the module named in the reference gives for it."""
        if self.url:
            return self.url
        if self.reference:
            resolved = resolve_reference(self.reference, self.recommendation.region)
            if resolved:
                return resolved
        target = self.target if self.content_type_id else None
        get_url = getattr(target, "get_absolute_url", None)
        if callable(get_url):
            return get_url()
        website = getattr(target, "website", "")
        return website or ""
