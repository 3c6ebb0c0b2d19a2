"""Counters for rate limits: requests per minute (`RateCount`, ankommen/core/ratelimit.py)
and failures per window (`Throttle`, ankommen/core/throttle.py)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Throttle(models.Model):
    """Failures counted under one key (an account, an address) within a window; see
    `ankommen/core/throttle.py`."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    failures = models.PositiveIntegerField(_("failures"), default=0)
    window_ends = models.DateTimeField(_("window ends"))

    class Meta:
        verbose_name = _("throttle")
        verbose_name_plural = _("throttles")

    def __str__(self) -> str:
        return self.key


class RateCount(models.Model):
    """Requests of one client (bucket) in one minute, for the rate limits of the v3 API, the
    public searches and forms (`ankommen/core/ratelimit.py`) when no shared cache is configured."""

    bucket = models.CharField(max_length=200)
    minute = models.BigIntegerField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bucket", "minute"], name="rate_count_unique")
        ]
        indexes = [models.Index(fields=["minute"])]

    def __str__(self) -> str:
        return f"{self.bucket} {self.minute}: {self.hits}"
