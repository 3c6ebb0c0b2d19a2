"""Failure counters for rate limits."""

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
