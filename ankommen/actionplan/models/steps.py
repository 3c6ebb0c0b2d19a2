"""Sub-steps: one step towards a recommendation, in the hands of one organisation."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ankommen.actionplan import conf
from ankommen.actionplan.models.base import (
    FINISHED_STATUSES,
    STATUSES_NEEDING_REASON,
    Light,
    PlanQuerySet,
    Status,
    _lags_behind,
    percent_validators,
)
from ankommen.actionplan.models.plan import Recommendation
from ankommen.actionplan.models.scope import plan_scope
from ankommen.core.history import TrackedFields
from ankommen.core.models import (
    Organisation,
    Region,
    VersionedModel,
)
from ankommen.core.translation import TranslatedFields, translations_field


class SubStepQuerySet(PlanQuerySet):
    def visible_to(self, user):
        """Plan readers see every step of their regions; an organisation sees its own."""
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


class SubStep(VersionedModel, TranslatedFields, TrackedFields):
    """One step towards a recommendation, in the hands of one organisation."""

    TRANSLATED_FIELDS: ClassVar[dict[str, str]] = {"text": "texts"}
    TRACKED_FIELDS = (
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
    texts = translations_field(_("sub-step in other languages"))
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
