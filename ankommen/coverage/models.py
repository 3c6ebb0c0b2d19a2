"""A region's minimum standard of offers close to home, the snapshots of how far its towns
and quarters meet it, and the action-plan steps that close its gaps.

The standard is a list of rows ("in every town: a language course with childcare within
5 km"). Each row asks either for offers of the directory (a kind, optionally target groups,
languages and childcare) or for interpreters of the mediation pool (languages and how many
mediators each). How coverage is computed: `ankommen/coverage/compute.py`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ankommen.actionplan.models import SubStep
from ankommen.core.models import Area, Language, Region, TargetGroup, VersionedModel
from ankommen.directory.models import Offer
from ankommen.mediation.models import MediationLanguage


class StandardRow(VersionedModel):
    """One requirement of the region's minimum standard, applied to every town or every
    quarter."""

    class Requirement(models.TextChoices):
        OFFER = "offer", _("offers of the directory")
        INTERPRETERS = "interpreters", _("interpreters of the mediation pool")

    class Level(models.TextChoices):
        TOWN = "town", _("in every town")
        QUARTER = "quarter", _("in every quarter")

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="standard_rows", verbose_name=_("region")
    )
    title = models.CharField(
        _("name"), max_length=200, help_text=_("For example “Language course with childcare”.")
    )
    requirement = models.CharField(
        _("what counts"), max_length=20, choices=Requirement.choices, default=Requirement.OFFER
    )
    level = models.CharField(
        _("social-space level"), max_length=10, choices=Level.choices, default=Level.TOWN
    )
    kind = models.CharField(
        _("kind of offer"),
        max_length=30,
        choices=Offer.Kind.choices,
        blank=True,
        help_text=_("For offers: the kind of offer that counts."),
    )
    needs_childcare = models.BooleanField(
        _("with childcare"),
        default=False,
        help_text=_("Only offers during which children are looked after count."),
    )
    target_groups = models.ManyToManyField(
        TargetGroup,
        blank=True,
        related_name="+",
        verbose_name=_("target groups"),
        help_text=_(
            "An offer counts when it is for one of them or for everybody; none chosen: any."
        ),
    )
    languages = models.ManyToManyField(
        Language,
        blank=True,
        related_name="+",
        verbose_name=_("languages of the offer"),
        help_text=_("Each chosen language needs an offer that is given in it."),
    )
    distance_km = models.DecimalField(
        _("within (km)"),
        max_digits=5,
        decimal_places=1,
        default=5,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "Greatest distance from the centre of the town or quarter to the offer's place."
        ),
    )
    minimum_offers = models.PositiveSmallIntegerField(
        _("offers needed"), default=1, validators=[MinValueValidator(1)]
    )
    mediation_languages = models.ManyToManyField(
        MediationLanguage,
        blank=True,
        related_name="+",
        verbose_name=_("interpreter languages"),
        help_text=_("For interpreters: the languages the pool must cover."),
    )
    minimum_mediators = models.PositiveSmallIntegerField(
        _("mediators needed per language"), default=1, validators=[MinValueValidator(1)]
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)
    is_demo = models.BooleanField(_("demo data"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["region", "sort_order", "pk"]
        verbose_name = _("row of the minimum standard")
        verbose_name_plural = _("rows of the minimum standard")
        constraints = [
            models.UniqueConstraint(fields=["region", "title"], name="standardrow_title_unique")
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.requirement == self.Requirement.OFFER and not self.kind:
            raise ValidationError(
                {"kind": ValidationError(_("Choose the kind of offer that counts."), "required")}
            )


class Snapshot(models.Model):
    """How far the region's towns and quarters met the standard on one day: written by
    `take_snapshot` (idempotent: one per region and day, the last run wins)."""

    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        related_name="coverage_snapshots",
        verbose_name=_("region"),
    )
    taken_on = models.DateField(_("day"))
    towns_total = models.PositiveSmallIntegerField(_("towns"), default=0)
    towns_met = models.PositiveSmallIntegerField(_("towns meeting the standard"), default=0)
    # {area id: {"status": "met"|"partly"|"missing", "rows": {row id: status}}}
    areas = models.JSONField(_("status per area"), default=dict)
    created_at = models.DateTimeField(_("written"), auto_now=True)

    class Meta:
        ordering = ["region", "taken_on"]
        verbose_name = _("coverage snapshot")
        verbose_name_plural = _("coverage snapshots")
        constraints = [
            models.UniqueConstraint(fields=["region", "taken_on"], name="snapshot_one_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.taken_on}"

    @property
    def share_met(self) -> float | None:
        """Per cent of the towns that meet every row."""
        if not self.towns_total:
            return None
        return round(100 * self.towns_met / self.towns_total, 1)


class GapStep(models.Model):
    """An action-plan step that works on one gap: a row of the standard in one area."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("region")
    )
    row = models.ForeignKey(
        StandardRow, on_delete=models.CASCADE, related_name="gap_steps", verbose_name=_("row")
    )
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="+", verbose_name=_("town or quarter")
    )
    step = models.ForeignKey(
        SubStep, on_delete=models.CASCADE, related_name="+", verbose_name=_("sub-step")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("linked by"),
    )
    created_at = models.DateTimeField(_("linked"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("step for a gap")
        verbose_name_plural = _("steps for gaps")
        constraints = [
            models.UniqueConstraint(fields=["row", "area", "step"], name="gapstep_unique")
        ]

    def __str__(self) -> str:
        return f"{self.row} – {self.area}: {self.step}"
