"""The action plan: field of action → challenge → recommendation → sub-step.

Chapter 6 of an integration concept is its steering element. Each field of action (a core
vocabulary) has challenges in the priority order set at the integration conference; each
challenge has recommendations with goal, target groups, social-space level, possible
stakeholders, resources and deadline; each recommendation has sub-steps that one
organisation is responsible for. The KI's own ongoing approaches are recommendations of kind
"KI measure" that belong to a field but to no particular challenge.

Progress rolls up: a sub-step's progress is set by its status (done = 100, planned = 0) or by
hand while it is in progress; a recommendation's is the weighted mean of its sub-steps that
were not dropped (Decidim's rule); a challenge's the mean of its recommendations; a field's
the mean of its challenges and KI measures. The traffic light is derived from due dates,
progress and the age of the last report, and can be overridden only with a reason. Every
change of a tracked field is written to the change history, with who, when and why.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ankommen.actionplan import conf
from ankommen.actionplan.models.base import (
    HUNDRED,
    OVERRIDE_LIGHTS,
    DeadlineClass,
    Level,
    Light,
    PlanQuerySet,
    Status,
    _lags_behind,
    add_months,
    mean,
    percent_validators,
    round_progress,
)
from ankommen.core.history import TrackedFields
from ankommen.core.models import (
    Area,
    FieldOfAction,
    Organisation,
    Region,
    TargetGroup,
    VersionedModel,
    slug_validator,
)
from ankommen.core.translation import TranslatedFields, translations_field

if TYPE_CHECKING:
    from ankommen.actionplan.models.steps import SubStep


class Challenge(VersionedModel, TranslatedFields, TrackedFields):
    """A challenge of one field of action, with its priority rank (1 = highest)."""

    TRANSLATED_FIELDS: ClassVar[dict[str, str]] = {"text": "texts"}
    TRACKED_FIELDS = ("rank", "text")

    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        related_name="challenges",
        verbose_name=_("region"),
        editable=False,
        blank=True,
    )
    field = models.ForeignKey(
        FieldOfAction,
        on_delete=models.PROTECT,
        related_name="challenges",
        verbose_name=_("field of action"),
    )
    rank = models.PositiveSmallIntegerField(
        _("priority rank"),
        validators=[MinValueValidator(1)],
        help_text=_("1 is the highest priority within the field of action."),
    )
    text = models.TextField(_("challenge (German)"))
    texts = translations_field(_("challenge in other languages"))
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Where the concept describes it, for example “Table 7”."),
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["field__sort_order", "rank"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        constraints = [
            models.UniqueConstraint(fields=["field", "rank"], name="challenge_rank_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:80]}"

    def save(self, *args, **kwargs) -> None:
        self.region_id = self.field.region_id
        super().save(*args, **kwargs)

    @property
    def code(self) -> str:
        return f"H {self.field.sort_order + 1}.{self.rank}"

    def progress(self) -> Decimal | None:
        """The mean progress of its recommendations; None while it has none."""
        return mean([r.progress for r in self.recommendations.all()])


class RecommendationQuerySet(PlanQuerySet):
    def public(self):
        return self.filter(is_public=True)

    def for_town(self, town: Area, *, with_district_wide: bool = True):
        """Recommendations for a town: those naming it or one of its quarters, and those
        that name no place (they apply everywhere in the region)."""
        places = Area.objects.within([town.pk]).values("pk")
        condition = Q(areas__in=places)
        if with_district_wide:
            condition |= Q(areas__isnull=True)
        return self.filter(condition).distinct()


class Recommendation(VersionedModel, TranslatedFields, TrackedFields):
    """A recommendation of the concept, or an ongoing approach of the KI (a KI measure)."""

    class Kind(models.TextChoices):
        RECOMMENDATION = "recommendation", _("recommendation of the concept")
        KI_MEASURE = "ki_measure", _("ongoing approach of the KI")

    TRANSLATED_FIELDS: ClassVar[dict[str, str]] = {"title": "titles", "goal": "goals"}
    TRACKED_FIELDS = (
        "title",
        "goal",
        "level",
        "lead_organisation",
        "deadline_class",
        "deadline",
        "adopted_on",
        "light_override",
        "light_override_reason",
        "is_public",
    )

    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("region"),
        editable=False,
        blank=True,
    )
    field = models.ForeignKey(
        FieldOfAction,
        on_delete=models.PROTECT,
        related_name="recommendations",
        verbose_name=_("field of action"),
    )
    challenge = models.ForeignKey(
        Challenge,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("challenge"),
        help_text=_("Empty for an ongoing approach of the KI that serves the whole field."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.RECOMMENDATION
    )
    number = models.PositiveSmallIntegerField(
        _("number"),
        validators=[MinValueValidator(1)],
        help_text=_("Its place within the challenge (or among the field's KI measures)."),
    )
    key = models.SlugField(
        _("key"),
        max_length=80,
        validators=[slug_validator],
        help_text=_("Stable identifier within the region, used by imports and links."),
    )
    title = models.TextField(_("recommendation (German)"))
    goal = models.TextField(_("goal (German)"), blank=True)
    titles = translations_field(_("recommendation in other languages"))
    goals = translations_field(_("goal in other languages"))
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="recommendations", verbose_name=_("target groups")
    )
    level = models.CharField(
        _("social-space level"), max_length=20, choices=Level.choices, default=Level.DISTRICT
    )
    areas = models.ManyToManyField(
        Area,
        blank=True,
        related_name="recommendations",
        verbose_name=_("places"),
        help_text=_("Towns or quarters it concerns; empty means the whole region."),
    )
    stakeholders = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="stakeholder_in",
        verbose_name=_("possible stakeholders"),
    )
    lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_recommendations",
        verbose_name=_("lead organisation"),
    )
    resources = models.TextField(_("needed resources"), blank=True)
    deadline_class = models.CharField(
        _("deadline class"), max_length=10, choices=DeadlineClass.choices, blank=True
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    adopted_on = models.DateField(
        _("adopted on"),
        help_text=_("When the recommendation was adopted; no sub-step can be due before."),
    )
    is_public = models.BooleanField(_("shown on the public page"), default=True)
    internal_note = models.TextField(
        _("internal note"), blank=True, help_text=_("Never shown on the public page.")
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    progress = models.DecimalField(
        _("progress (%)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal(0),
        validators=percent_validators(),
        help_text=_("Rolled up from the sub-steps; set by reports while it has none."),
    )
    last_reported_on = models.DateField(_("last report"), null=True, blank=True, editable=False)
    light_override = models.CharField(
        _("traffic light set by hand"), max_length=20, choices=OVERRIDE_LIGHTS, blank=True
    )
    light_override_reason = models.TextField(_("reason for the traffic light"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["field__sort_order", "kind", "challenge__rank", "number"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(fields=["region", "key"], name="recommendation_key_unique"),
            models.UniqueConstraint(
                fields=["challenge", "number"],
                condition=Q(challenge__isnull=False),
                name="recommendation_number_unique_in_challenge",
            ),
            models.UniqueConstraint(
                fields=["field", "number"],
                condition=Q(challenge__isnull=True),
                name="recommendation_number_unique_in_field",
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100),
                name="recommendation_progress_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:80]}"

    def save(self, *args, **kwargs) -> None:
        self.region_id = self.field.region_id
        super().save(*args, **kwargs)

    @property
    def code(self) -> str:
        field_number = self.field.sort_order + 1
        if self.challenge_id:
            return f"E {field_number}.{self.challenge.rank}.{self.number}"
        return f"M {field_number}.{self.number}"

    @property
    def number_path(self) -> str:
        return self.code.split(" ", 1)[1]

    def clean(self) -> None:
        super().clean()
        errors: dict[str, ValidationError] = {}
        if self.field_id and self.challenge_id and self.challenge.field_id != self.field_id:
            errors["challenge"] = ValidationError(
                _("The challenge belongs to another field of action."), code="other_field"
            )
        if self.kind == self.Kind.RECOMMENDATION and self.field_id and not self.challenge_id:
            errors["challenge"] = ValidationError(
                _("A recommendation of the concept answers a challenge; choose it."),
                code="required",
            )
        if not self.deadline_class and not self.deadline:
            errors["deadline_class"] = ValidationError(
                _("Give a deadline class, a deadline date, or both."), code="no_deadline"
            )
        if self.deadline and self.adopted_on and self.deadline < self.adopted_on:
            errors["deadline"] = ValidationError(
                _("The deadline %(deadline)s lies before the adoption on %(adopted)s."),
                code="deadline_before_adoption",
                params={
                    "deadline": date_format(self.deadline, "SHORT_DATE_FORMAT"),
                    "adopted": date_format(self.adopted_on, "SHORT_DATE_FORMAT"),
                },
            )
        if self.light_override and not self.light_override_reason.strip():
            errors["light_override_reason"] = ValidationError(
                _("Say why the traffic light is set by hand."), code="reason_required"
            )
        elif (
            self.light_override
            and self.pk
            and self.light_override != self.loaded("light_override")
            and self.light_override_reason == self.loaded("light_override_reason")
        ):
            errors["light_override_reason"] = ValidationError(
                _("Give a new reason for the changed traffic light."), code="reason_required"
            )
        if (
            self.lead_organisation_id
            and self.field_id
            and self.lead_organisation.region_id != self.field.region_id
        ):
            errors["lead_organisation"] = ValidationError(
                _("The organisation belongs to another region."), code="other_region"
            )
        if errors:
            raise ValidationError(errors)

    # --- Dates and progress --------------------------------------------------------------

    def effective_deadline(self) -> date | None:
        """The deadline date, or the end of its deadline class counted from adoption."""
        if self.deadline:
            return self.deadline
        if self.deadline_class and self.adopted_on:
            months = conf.deadline_class_months().get(self.deadline_class)
            if months:
                return add_months(self.adopted_on, months)
        return None

    def active_steps(self) -> list[SubStep]:
        return [s for s in self.steps.all() if s.status != Status.DROPPED]

    def rolled_up_progress(self) -> Decimal | None:
        """Σ(progress × weight) / Σ weight over the sub-steps that were not dropped."""
        weighted = [(Decimal(s.progress), s.weight) for s in self.active_steps()]
        total_weight = sum((w for _p, w in weighted), Decimal(0))
        if not weighted or total_weight <= 0:
            return None
        return round_progress(sum((p * w for p, w in weighted), Decimal(0)) / total_weight)

    def refresh_progress(self) -> None:
        """Recompute the roll-up after a sub-step changed; the version stays, since
        nobody edited the recommendation itself."""
        if hasattr(self, "_prefetched_objects_cache"):
            self._prefetched_objects_cache.pop("steps", None)
        progress = self.rolled_up_progress()
        if progress is None or progress == self.progress:
            return
        type(self).objects.filter(pk=self.pk).update(progress=progress)
        self.progress = progress

    def computed_light(self, today: date | None = None) -> str:
        today = today or timezone.localdate()
        steps = list(self.steps.all())
        active = [s for s in steps if s.status != Status.DROPPED]
        if steps and not active:
            return Light.DROPPED
        if active and all(s.status == Status.DONE for s in active):
            return Light.DONE
        if not active and self.progress >= HUNDRED:
            return Light.DONE
        step_lights = {s.light(today) for s in active}
        if Light.BLOCKED in step_lights:
            return Light.BLOCKED
        deadline = self.effective_deadline()
        if Light.OVERDUE in step_lights or (deadline and deadline < today):
            return Light.OVERDUE
        if Light.AT_RISK in step_lights:
            return Light.AT_RISK
        if not active and _lags_behind(self.progress, self.adopted_on, deadline, today):
            return Light.AT_RISK
        return Light.ON_TRACK

    def light(self, today: date | None = None) -> str:
        return self.light_override or self.computed_light(today)

    def light_label(self, today: date | None = None) -> str:
        return str(Light(self.light(today)).label)
