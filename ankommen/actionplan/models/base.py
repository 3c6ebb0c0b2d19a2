"""The plan's vocabularies (levels, deadline classes, statuses, traffic lights), the
arithmetic of progress, and what every record of the plan shares."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ankommen.actionplan import conf
from ankommen.actionplan.models.scope import plan_scope

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


class PlanQuerySet(models.QuerySet):
    """Staff scoping shared by the plan's records (see permissions.plan_scope)."""

    def visible_to(self, user):
        scope = plan_scope(user)
        if scope.is_admin:
            return self
        return self.filter(region__in=scope.reader_region_ids)

    def public(self):
        return self


def _lags_behind(progress, start: date | None, due: date | None, today: date) -> bool:
    """Progress lags more than the tolerance behind the share of time elapsed."""
    if not start or not due or due <= start or today <= start:
        return False
    elapsed = min(Decimal((today - start).days) / Decimal((due - start).days), Decimal(1))
    return Decimal(progress) + conf.lag_tolerance() < elapsed * HUNDRED
