"""The action plan's tunable rules, read from settings with defaults, so that a deployment
can adjust them and tests can pin them (the `settings` fixture)."""

from __future__ import annotations

from django.conf import settings


def at_risk_days() -> int:
    """A step due within this many days whose progress lags behind is at risk."""
    return int(getattr(settings, "ACTIONPLAN_AT_RISK_DAYS", 30))


def lag_tolerance() -> int:
    """How many percentage points progress may lag behind the time elapsed."""
    return int(getattr(settings, "ACTIONPLAN_LAG_TOLERANCE", 25))


def stale_after_days() -> int:
    """A step in progress without any report for this long is at risk."""
    return int(getattr(settings, "ACTIONPLAN_STALE_AFTER_DAYS", 180))


def deadline_class_months() -> dict[str, int]:
    """How far after adoption a deadline class reaches, when no date is given."""
    return dict(
        getattr(
            settings,
            "ACTIONPLAN_DEADLINE_CLASS_MONTHS",
            {"short": 12, "medium": 36, "long": 60},
        )
    )
