"""Quarterly reports to the steering group, and the snapshot of the plan they freeze."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ankommen.actionplan.models.base import (
    PlanQuerySet,
    Status,
    round_progress,
)
from ankommen.actionplan.models.plan import Recommendation
from ankommen.actionplan.models.progress import ProgressReport
from ankommen.actionplan.models.steps import SubStep
from ankommen.core.models import (
    Region,
)


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
        # "quarter" alone is a town's quarter (Quartier) in the core catalogue.
        pgettext_lazy("calendar", "quarter"),
        validators=[MinValueValidator(1), MaxValueValidator(4)],
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
