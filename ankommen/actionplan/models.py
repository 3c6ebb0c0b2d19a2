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

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ankommen.actionplan import conf
from ankommen.core.models import (
    Area,
    FieldOfAction,
    Organisation,
    Region,
    TargetGroup,
    VersionedModel,
    slug_validator,
)

HUNDRED = Decimal(100)


class Level(models.TextChoices):
    """The social-space levels of the concept (its tables 2 and 3)."""

    DISTRICT = "district", _("district")
    MUNICIPALITY = "municipality", _("town or municipality")
    QUARTER = "quarter", _("quarter")


class DeadlineClass(models.TextChoices):
    SHORT = "short", _("short term")
    MEDIUM = "medium", _("medium term")
    LONG = "long", _("long term")


class Status(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    BLOCKED = "blocked", _("blocked")
    DROPPED = "dropped", _("dropped")


# A change into one of these, or out of "done", must say why.
STATUSES_NEEDING_REASON = {Status.BLOCKED, Status.DROPPED}
FINISHED_STATUSES = {Status.DONE, Status.DROPPED}


class Light(models.TextChoices):
    ON_TRACK = "on_track", _("on track")
    AT_RISK = "at_risk", _("at risk")
    OVERDUE = "overdue", _("overdue")
    BLOCKED = "blocked", _("blocked")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


# What a person may set as an override: the four signals of the steering board.
OVERRIDE_LIGHTS = [
    (light.value, light.label)
    for light in (Light.ON_TRACK, Light.AT_RISK, Light.OVERDUE, Light.BLOCKED)
]


def percent_validators() -> list:
    return [
        MinValueValidator(0, message=_("Progress cannot be below %(limit_value)s %%.")),
        MaxValueValidator(100, message=_("Progress cannot be above %(limit_value)s %%.")),
    ]


def round_progress(value: Decimal | float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return round_progress(sum(values, Decimal(0)) / len(values))


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class Translated(models.Model):
    """Content (what residents read) is data: German source fields, other languages in
    `translations` as {"en": {"text": "..."}}; missing ones fall back to German."""

    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_('By language code and field, for example {"en": {"text": "…"}}.'),
    )

    class Meta:
        abstract = True

    def translated(self, field: str, language: str | None = None) -> tuple[str, str]:
        """The text of `field` in `language` and the code of the language it is in."""
        code = language or translation.get_language() or "de"
        for candidate in (code, code.split("-")[0]):
            text = (self.translations.get(candidate) or {}).get(field)
            if text:
                return text, candidate
        return getattr(self, field), "de"

    def clean(self) -> None:
        if not isinstance(self.translations, dict) or not all(
            isinstance(fields, dict) and all(isinstance(v, str) for v in fields.values())
            for fields in self.translations.values()
        ):
            raise ValidationError(
                {"translations": _("Give the translations as language code → field → text.")},
                code="invalid_translations",
            )


class TrackedChanges(models.Model):
    """Remembers the values a record was loaded with, so that a save can tell what changed
    and write it to the change history."""

    TRACKED: tuple[str, ...] = ()

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance.remember_loaded_values()
        return instance

    def remember_loaded_values(self) -> None:
        self._loaded = {name: self._raw(name) for name in self.TRACKED}

    def _raw(self, name: str) -> Any:
        return getattr(self, self._meta.get_field(name).attname)

    def loaded(self, name: str) -> Any:
        return getattr(self, "_loaded", {}).get(name)

    def tracked_changes(self) -> list[tuple[str, str, str]]:
        """(field, old, new) for every tracked field that differs from the loaded value,
        in words a person reads."""
        loaded = getattr(self, "_loaded", None)
        if loaded is None:
            return []
        found = []
        for name in self.TRACKED:
            old, new = loaded[name], self._raw(name)
            if old != new:
                found.append((name, self._display(name, old), self._display(name, new)))
        return found

    def _display(self, name: str, value: Any) -> str:
        field = self._meta.get_field(name)
        if value in (None, ""):
            return ""
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(field, models.ForeignKey):
            target = field.related_model._default_manager.filter(pk=value).first()
            return str(target) if target else str(value)
        if isinstance(value, date):
            return value.isoformat()
        return str(value)


class PlanQuerySet(models.QuerySet):
    """Staff scoping shared by the plan's records (see permissions.plan_scope)."""

    def visible_to(self, user):
        from ankommen.actionplan.permissions import plan_scope

        scope = plan_scope(user)
        if scope.is_admin:
            return self
        return self.filter(region__in=scope.reader_region_ids)

    def public(self):
        return self


class Challenge(VersionedModel, Translated, TrackedChanges):
    """A challenge of one field of action, with its priority rank (1 = highest)."""

    TRACKED = ("rank", "text")

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


class Recommendation(VersionedModel, Translated, TrackedChanges):
    """A recommendation of the concept, or an ongoing approach of the KI (a KI measure)."""

    class Kind(models.TextChoices):
        RECOMMENDATION = "recommendation", _("recommendation of the concept")
        KI_MEASURE = "ki_measure", _("ongoing approach of the KI")

    TRACKED = (
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


def _lags_behind(progress, start: date | None, due: date | None, today: date) -> bool:
    """Progress lags more than the tolerance behind the share of time elapsed."""
    if not start or not due or due <= start or today <= start:
        return False
    elapsed = min(Decimal((today - start).days) / Decimal((due - start).days), Decimal(1))
    return Decimal(progress) + conf.lag_tolerance() < elapsed * HUNDRED


class SubStepQuerySet(PlanQuerySet):
    def visible_to(self, user):
        """Plan readers see every step of their regions; an organisation sees its own."""
        from ankommen.actionplan.permissions import plan_scope

        scope = plan_scope(user)
        if scope.is_admin:
            return self
        return self.filter(
            Q(region__in=scope.reader_region_ids)
            | Q(responsible_organisation__in=scope.responsible_organisation_ids)
        )

    def responsible(self, organisation_ids):
        return self.filter(responsible_organisation__in=organisation_ids)

    def open(self):
        return self.exclude(status__in=FINISHED_STATUSES)

    def overdue(self, today: date | None = None):
        today = today or timezone.localdate()
        return self.open().filter(due_date__lt=today)

    def needing_attention(self, today: date | None = None):
        """Overdue or blocked: what the steering board must see first."""
        today = today or timezone.localdate()
        return self.open().filter(Q(due_date__lt=today) | Q(status=Status.BLOCKED))


class SubStep(VersionedModel, Translated, TrackedChanges):
    """One step towards a recommendation, in the hands of one organisation."""

    TRACKED = (
        "text",
        "responsible_organisation",
        "responsible_person",
        "due_date",
        "status",
        "progress",
        "weight",
        "status_reason",
    )

    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        related_name="plan_steps",
        verbose_name=_("region"),
        editable=False,
        blank=True,
    )
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="steps",
        verbose_name=_("recommendation"),
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    text = models.TextField(_("sub-step (German)"))
    responsible_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_steps",
        verbose_name=_("responsible organisation"),
    )
    responsible_person = models.CharField(
        _("responsible person"),
        max_length=200,
        blank=True,
        help_text=_("Name or function, for example “integration officer”."),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"),
        default=0,
        validators=percent_validators(),
        help_text=_("Set by hand while in progress; done means 100, planned 0."),
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01"), message=_("The weight must be positive."))],
        help_text=_("How much the step counts in the recommendation's progress."),
    )
    status_reason = models.TextField(
        _("reason for the status"),
        blank=True,
        help_text=_("Required when a step is blocked, dropped or reopened."),
    )
    last_reported_on = models.DateField(_("last report"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SubStepQuerySet.as_manager()

    class Meta:
        ordering = ["recommendation", "number"]
        verbose_name = _("sub-step")
        verbose_name_plural = _("sub-steps")
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "number"], name="substep_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="substep_progress_range"
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="substep_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:80]}"

    def save(self, *args, **kwargs) -> None:
        self.region_id = self.recommendation.region_id
        self.normalise_progress()
        super().save(*args, **kwargs)
        self.recommendation.refresh_progress()

    @property
    def code(self) -> str:
        """T 2.5.1.3 for the third step of recommendation E 2.5.1; M 3.1.2 for the second
        step of KI measure M 3.1."""
        prefix = "T" if self.recommendation.challenge_id else "M"
        return f"{prefix} {self.recommendation.number_path}.{self.number}"

    def needs_reason(self) -> bool:
        """Whether the status change about to be saved must be explained."""
        old = self.loaded("status") if self.pk else None
        if old == self.status:
            return False
        return self.status in STATUSES_NEEDING_REASON or old == Status.DONE

    def normalise_progress(self) -> None:
        """Done means 100 %, planned 0 % (Decidim's status semantics)."""
        if self.status == Status.DONE:
            self.progress = 100
        elif self.status == Status.PLANNED:
            self.progress = 0

    def clean(self) -> None:
        super().clean()
        errors: dict[str, ValidationError] = {}
        recommendation = self.recommendation if self.recommendation_id else None
        if recommendation and self.due_date and self.due_date < recommendation.adopted_on:
            errors["due_date"] = ValidationError(
                _(
                    "The step cannot be due on %(due)s: its recommendation was only adopted "
                    "on %(adopted)s."
                ),
                code="due_before_adoption",
                params={
                    "due": date_format(self.due_date, "SHORT_DATE_FORMAT"),
                    "adopted": date_format(recommendation.adopted_on, "SHORT_DATE_FORMAT"),
                },
            )
        if self.needs_reason() and (
            not self.status_reason.strip() or self.status_reason == self.loaded("status_reason")
        ):
            errors["status_reason"] = ValidationError(
                _("Say why the status changes from “%(old)s” to “%(new)s”."),
                code="reason_required",
                params={
                    "old": Status(self.loaded("status")).label
                    if self.pk and self.loaded("status")
                    else "–",
                    "new": Status(self.status).label,
                },
            )
        elif self.status in STATUSES_NEEDING_REASON and not self.status_reason.strip():
            errors["status_reason"] = ValidationError(
                _("A blocked or dropped step needs a reason."), code="reason_required"
            )
        if (
            recommendation
            and self.responsible_organisation_id
            and self.responsible_organisation.region_id != recommendation.region_id
        ):
            errors["responsible_organisation"] = ValidationError(
                _("The organisation belongs to another region."), code="other_region"
            )
        if errors:
            raise ValidationError(errors)

    def delete(self, *args, **kwargs):
        recommendation = self.recommendation
        result = super().delete(*args, **kwargs)
        recommendation.refresh_progress()
        return result

    def light(self, today: date | None = None) -> str:
        today = today or timezone.localdate()
        if self.status == Status.DROPPED:
            return Light.DROPPED
        if self.status == Status.DONE:
            return Light.DONE
        if self.status == Status.BLOCKED:
            return Light.BLOCKED
        if self.due_date and self.due_date < today:
            return Light.OVERDUE
        due_soon = self.due_date and (self.due_date - today).days <= conf.at_risk_days()
        if self.status == Status.PLANNED:
            # Not started: at risk only when it is due soon.
            return Light.AT_RISK if due_soon else Light.ON_TRACK
        if due_soon and _lags_behind(
            self.progress, self.recommendation.adopted_on, self.due_date, today
        ):
            return Light.AT_RISK
        if self.last_activity() and today - self.last_activity() > timedelta(
            days=conf.stale_after_days()
        ):
            return Light.AT_RISK
        return Light.ON_TRACK

    def last_activity(self) -> date | None:
        """The last report or change of the step: silence for too long puts it at risk."""
        days = [
            self.last_reported_on,
            timezone.localdate(self.updated_at) if self.updated_at else None,
        ]
        return max((d for d in days if d), default=None)

    def light_label(self, today: date | None = None) -> str:
        return str(Light(self.light(today)).label)

    def days_overdue(self, today: date | None = None) -> int:
        today = today or timezone.localdate()
        if not self.due_date or self.status in FINISHED_STATUSES:
            return 0
        return max((today - self.due_date).days, 0)


class ProgressReport(models.Model):
    """A dated account of what happened, on a sub-step or on a recommendation as a whole,
    with the progress at that time. Later changes never alter it."""

    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        related_name="plan_reports",
        verbose_name=_("region"),
        editable=False,
        blank=True,
    )
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("recommendation"),
    )
    sub_step = models.ForeignKey(
        SubStep,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("sub-step"),
    )
    reported_on = models.DateField(_("date"))
    text = models.TextField(_("report"))
    progress = models.PositiveSmallIntegerField(
        _("progress at that time (%)"), validators=percent_validators()
    )
    status = models.CharField(_("status at that time"), max_length=20, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now, editable=False)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_on", "-created_at"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="report_progress_range"
            ),
        ]

    def __str__(self) -> str:
        target = self.sub_step or self.recommendation
        return f"{target.code}, {self.reported_on.isoformat()}"

    def save(self, *args, **kwargs) -> None:
        self.region_id = self.recommendation.region_id
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.reported_on and self.reported_on > timezone.localdate():
            raise ValidationError(
                {"reported_on": _("A report cannot be dated in the future.")},
                code="future_report",
            )
        if (
            self.sub_step_id
            and self.recommendation_id
            and self.sub_step.recommendation_id != self.recommendation_id
        ):
            raise ValidationError(
                {"sub_step": _("The sub-step belongs to another recommendation.")},
                code="other_recommendation",
            )

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label) if self.status else ""


class EvidenceLink(models.Model):
    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="links", verbose_name=_("report")
    )
    url = models.URLField(_("address"), max_length=500)
    label = models.CharField(_("label"), max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("evidence link")
        verbose_name_plural = _("evidence links")

    def __str__(self) -> str:
        return self.label or self.url


class PlanLink(models.Model):
    """What implements or measures a recommendation: an offer, event, indicator, network …

    The modules for offers, events and indicators come later, so a link is generic: a label
    and kind, plus a web address, a record of any installed module (a generic foreign key,
    for example a core organisation today and a directory offer tomorrow), and/or a stable
    reference such as "monitoring.indicator:azubi-auslaender" that a later module resolves.
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
            from ankommen.core.permissions import region_id_of

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
            from ankommen.core.modules import resolve_reference

            resolved = resolve_reference(self.reference, self.recommendation.region)
            if resolved:
                return resolved
        target = self.target if self.content_type_id else None
        get_url = getattr(target, "get_absolute_url", None)
        if callable(get_url):
            return get_url()
        website = getattr(target, "website", "")
        return website or ""


class ChangeEntry(models.Model):
    """One change of one field, or the creation of a record: who, when, old → new, why."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("region")
    )
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="changes",
        verbose_name=_("recommendation"),
    )
    sub_step = models.ForeignKey(
        SubStep,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("sub-step"),
    )
    subject = models.CharField(
        _("subject"), max_length=300, help_text=_("Code and text at the time of the change.")
    )
    field = models.CharField(_("field"), max_length=60, blank=True)
    old_value = models.TextField(_("before"), blank=True)
    new_value = models.TextField(_("after"), blank=True)
    reason = models.TextField(_("reason"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("change")
        verbose_name_plural = _("change history")

    def __str__(self) -> str:
        return f"{self.subject}: {self.field_label}"

    @property
    def field_label(self) -> str:
        if not self.field:
            return str(_("created"))
        model = SubStep if self.sub_step_id else Recommendation
        try:
            return str(model._meta.get_field(self.field).verbose_name)
        except Exception:
            return self.field

    @classmethod
    def record(
        cls, instance: SubStep | Recommendation, *, user, reason: str = "", created: bool = False
    ) -> list[ChangeEntry]:
        """Write the changes of `instance` since it was loaded (or its creation) and
        remember its new values."""
        if isinstance(instance, SubStep):
            recommendation, sub_step = instance.recommendation, instance
        else:
            recommendation, sub_step = instance, None
        subject = str(instance)[:300]
        common = {
            "region_id": recommendation.region_id,
            "recommendation": recommendation,
            "sub_step": sub_step,
            "subject": subject,
            "user": user if getattr(user, "is_authenticated", False) else None,
            "reason": reason,
        }
        if created:
            entries = [cls(**common)]
        else:
            entries = [
                cls(**common, field=name, old_value=old, new_value=new)
                for name, old, new in instance.tracked_changes()
            ]
        cls.objects.bulk_create(entries)
        instance.remember_loaded_values()
        return entries


@dataclass(frozen=True)
class Quarter:
    year: int
    quarter: int

    @classmethod
    def containing(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> date:
        month = 3 * self.quarter
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def previous(self) -> Quarter:
        if self.quarter == 1:
            return Quarter(self.year - 1, 4)
        return Quarter(self.year, self.quarter - 1)

    @property
    def slug(self) -> str:
        return f"{self.year}-q{self.quarter}"

    def __str__(self) -> str:
        return f"Q{self.quarter}/{self.year}"


class SteeringReport(models.Model):
    """A report issued to the steering group for one quarter. Issuing freezes the progress
    of every recommendation and sub-step, so the next report can show what moved since."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="steering_reports", verbose_name=_("region")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    presented_on = models.DateField(_("presented to the steering group on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    snapshot = models.JSONField(_("progress when issued"), default=dict, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    created_at = models.DateTimeField(_("issued"), default=timezone.now, editable=False)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-quarter"]
        verbose_name = _("steering-group report")
        verbose_name_plural = _("steering-group reports")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "quarter"], name="steeringreport_period_unique"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="steeringreport_quarter_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region}: {self.period}"

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)

    @classmethod
    def previous_for(cls, region: Region, period: Quarter) -> SteeringReport | None:
        """The latest issued report for a period before `period`."""
        return (
            cls.objects.filter(region=region)
            .filter(Q(year__lt=period.year) | Q(year=period.year, quarter__lt=period.quarter))
            .order_by("-year", "-quarter")
            .first()
        )

    def take_snapshot(self) -> None:
        self.snapshot = plan_snapshot(self.region)


def plan_snapshot(region: Region, as_of: date | None = None) -> dict[str, dict[str, Any]]:
    """Progress and status of every recommendation and sub-step of the region, by id.

    Without `as_of`: as they are now. With it: as the progress reports dated up to that day
    tell (a step whose first report came later counts as planned then; a step without any
    report as it is now), rolled up with today's weights.
    """
    steps = {
        row["pk"]: row
        for row in SubStep.objects.filter(region=region).values(
            "pk", "recommendation_id", "progress", "status", "weight"
        )
    }
    recommendations = dict(
        Recommendation.objects.filter(region=region).values_list("pk", "progress")
    )
    if as_of is not None:
        reports = ProgressReport.objects.filter(region=region).order_by("reported_on", "created_at")
        before: dict[int, dict] = {}
        recommendation_before: dict[int, int] = {}
        after: set[int] = set()
        for report in reports.values(
            "sub_step_id", "recommendation_id", "reported_on", "progress", "status"
        ):
            if report["sub_step_id"] is None:
                if report["reported_on"] <= as_of:
                    recommendation_before[report["recommendation_id"]] = report["progress"]
            elif report["reported_on"] <= as_of:
                before[report["sub_step_id"]] = report
            else:
                after.add(report["sub_step_id"])
        for pk, row in steps.items():
            if pk in before:
                row["progress"] = before[pk]["progress"]
                row["status"] = before[pk]["status"] or row["status"]
            elif pk in after:
                row["progress"], row["status"] = 0, Status.PLANNED
        for pk in recommendations:
            own = [s for s in steps.values() if s["recommendation_id"] == pk]
            active = [s for s in own if s["status"] != Status.DROPPED]
            weight = sum((s["weight"] for s in active), Decimal(0))
            if active and weight > 0:
                recommendations[pk] = round_progress(
                    sum((Decimal(s["progress"]) * s["weight"] for s in active), Decimal(0)) / weight
                )
            elif not own and pk in recommendation_before:
                recommendations[pk] = round_progress(recommendation_before[pk])
    return {
        "recommendations": {
            str(pk): {"progress": str(progress)} for pk, progress in recommendations.items()
        },
        "steps": {
            str(pk): {"progress": row["progress"], "status": row["status"]}
            for pk, row in steps.items()
        },
    }
