"""Dated progress reports on a recommendation or a sub-step, with their evidence."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ankommen.actionplan.models.base import (
    PlanQuerySet,
    Status,
    percent_validators,
)
from ankommen.actionplan.models.plan import Recommendation
from ankommen.actionplan.models.steps import SubStep
from ankommen.core.models import (
    Region,
)


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
