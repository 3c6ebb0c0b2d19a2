"""The vocabularies offers, pages and the plan are tagged with."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ankommen.core.models.base import slug_validator
from ankommen.core.models.languages import TranslatedNames
from ankommen.core.models.places import Region


class RegionVocabulary(TranslatedNames):
    """A vocabulary that each region defines for itself (its concept's own terms)."""

    TRANSLATION_WORKFLOW = True  # names are translated on the staff's translation boards

    region = models.ForeignKey(Region, on_delete=models.CASCADE, verbose_name=_("region"))
    slug = models.SlugField(_("slug"), max_length=60, validators=[slug_validator])
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]


class TargetGroup(RegionVocabulary):
    description = models.TextField(_("description"), blank=True)

    class Meta(RegionVocabulary.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        constraints = [
            models.UniqueConstraint(fields=["region", "slug"], name="targetgroup_slug_unique")
        ]


class FieldOfAction(RegionVocabulary):
    class Meta(RegionVocabulary.Meta):
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")
        constraints = [
            models.UniqueConstraint(fields=["region", "slug"], name="fieldofaction_slug_unique")
        ]


class Audience(TranslatedNames):
    """Who an offer or page is for: residents, volunteers or professionals."""

    TRANSLATION_WORKFLOW = True

    slug = models.SlugField(_("slug"), max_length=60, unique=True, validators=[slug_validator])
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        ordering = ["sort_order"]
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
