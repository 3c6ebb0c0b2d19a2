"""The action plan's tunable rules, read from settings (defaults in ankommen/settings.py),
so that a deployment can adjust them and tests can pin them (the `settings` fixture)."""

from __future__ import annotations

from django.conf import settings


def at_risk_days() -> int:
    """A step due within this many days whose progress lags behind is at risk."""
    return int(settings.ACTIONPLAN_AT_RISK_DAYS)


def lag_tolerance() -> int:
    """How many percentage points progress may lag behind the time elapsed."""
    return int(settings.ACTIONPLAN_LAG_TOLERANCE)


def stale_after_days() -> int:
    """A step in progress without any report for this long is at risk."""
    return int(settings.ACTIONPLAN_STALE_AFTER_DAYS)


def deadline_class_months() -> dict[str, int]:
    """How far after adoption a deadline class reaches, when no date is given."""
    return dict(settings.ACTIONPLAN_DEADLINE_CLASS_MONTHS)
