"""The rules of matching, written once; the engines (`sql.SqlEngine`, `python.PythonEngine`)
apply them.

- **Eligibility**: who may be in a request's pool (`spoken_levels`, `german_levels`,
  `needs_good_conduct`), the travel buffer between bookings (`overlaps`), the month a cap
  counts (`month_bounds`) and how booked time is rounded (`as_hours`).
- **Order**: `HARD_FILTERS`, the hard filters in the order both engines apply them; a
  mediator left out is counted under the first she fails (`EXCLUSION_REASONS`).
- **Weights**: `score()` and the constants it reads; the statement of the SQL engine is
  written from the same constants.
- **Explanation**: `explain()`, one line per ranking signal, for every candidate of either
  engine.

Only assignments count — a declined offer leaves no trace in the ranking, so declining
never harms a volunteer.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from typing import NamedTuple

from django.db.models import DurationField, ExpressionWrapper, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ankommen.mediation.models import (
    LEVEL_ORDER,
    Assignment,
    Conflict,
    MediationRequest,
    Mediator,
    Tier,
    level_at_least,
)

# Eligibility.
TRAVEL_BUFFER = dt.timedelta(minutes=30)
REQUIRED_LANGUAGE_LEVEL = "B2"
REQUIRED_GERMAN_LEVEL = {Tier.VOLUNTEER: "B1", Tier.PROFESSIONAL: "C1"}
# How long one assignment can last at most (a check constraint holds it): bookings that
# could overlap the request start at most this long before it.
MAX_ASSIGNMENT = dt.timedelta(days=1)
# The monthly capacity of a mediator who has set no cap, for her load.
DEFAULT_CAPACITY_HOURS = Decimal("10")
# How many mediators one round of offers asks at once.
OFFER_WAVE = 3

# Why a mediator is left out; the overview counts unmet requests by these.
EXCLUSION_REASONS = {
    "language": gettext_lazy("nobody speaks the language"),
    "setting": gettext_lazy("nobody may take this setting"),
    "evidence": gettext_lazy("evidence missing or expired"),
    "unavailable": gettext_lazy("not active or not available"),
    "mode": gettext_lazy("mode not offered"),
    "distance": gettext_lazy("too far away"),
    "conflict": gettext_lazy("conflict of interest declared"),
    "overlap": gettext_lazy("already booked at that time"),
    "cap": gettext_lazy("monthly hour cap reached"),
}


class HardFilter(NamedTuple):
    name: str
    reason: str  # the key of EXCLUSION_REASONS she is counted under


# The hard filters in the order both engines apply them. The pool itself (the language at
# `REQUIRED_LANGUAGE_LEVEL`, in the variety asked or none named, the region, the tier, not
# inactive) comes first; nobody in it at all counts as "language".
HARD_FILTERS: tuple[HardFilter, ...] = (
    HardFilter("policy", "setting"),  # the region lets the tier take the setting
    HardFilter("settings", "setting"),  # she takes it, and her German is good enough
    HardFilter("paused", "unavailable"),
    HardFilter("mode", "mode"),  # in person, phone or video as asked
    HardFilter("distance", "distance"),  # the place within her travel radius
    HardFilter("conflict", "conflict"),  # no declared conflict with organisation or client
    HardFilter("evidence", "evidence"),  # confidentiality; volunteers: conduct and training
    HardFilter("specialist", "evidence"),  # specialist training where the policy asks it
    HardFilter("absent", "unavailable"),
    HardFilter("windows", "unavailable"),  # one of her weekly windows holds the time
    HardFilter("overlap", "overlap"),  # no live booking meets it, travel buffer included
    HardFilter("cap", "cap"),  # the month's hours stay within her cap
)


def spoken_levels() -> list[str]:
    """The levels at which a mediator's language counts."""
    return [code for code in LEVEL_ORDER if level_at_least(code, REQUIRED_LANGUAGE_LEVEL)]


def german_levels(tier: str) -> list[str]:
    """The levels of German the tier needs."""
    return [code for code in LEVEL_ORDER if level_at_least(code, REQUIRED_GERMAN_LEVEL[tier])]


def needs_good_conduct(tier: str) -> bool:
    """Volunteers need a certificate of good conduct and the basic training besides the
    confidentiality declaration everybody needs."""
    return tier == Tier.VOLUNTEER


def overlaps(
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    on_site: bool,
    start: dt.datetime,
    end: dt.datetime,
    in_person: bool,
) -> bool:
    """A booking meets the request's time, or its travel buffer when either is on site."""
    plain = starts_at < end and ends_at > start
    buffered = starts_at < end + TRAVEL_BUFFER and ends_at > start - TRAVEL_BUFFER
    return buffered if in_person else plain or (buffered and on_site)


def month_bounds(moment: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    local = timezone.localtime(moment)
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    return start, end


def exact_hours(value: dt.timedelta | None) -> Decimal:
    """Booked time in hours, exact (the database's sums are whole microseconds)."""
    if value is None:
        return Decimal("0")
    micro = (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds
    return Decimal(micro) / Decimal(3_600_000_000)


def as_hours(value: dt.timedelta | None) -> Decimal:
    """Booked time in hours to a tenth, half to even: what the load and the cap read."""
    if value is None:
        return Decimal("0")
    return exact_hours(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)


def distance_km(a, b) -> float | None:
    """Great-circle distance between two areas' centres, None if one has no coordinates."""
    if a is None or b is None or None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    lat1, lon1, lat2, lon2 = map(
        math.radians, map(float, (a.latitude, a.longitude, b.latitude, b.longitude))
    )
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371 * 2 * math.asin(math.sqrt(h))


# Weights: lower scores rank first, ties by the mediator's id.
LOAD_WEIGHT = 50  # points for a load of her full capacity in the last 30 days
ROTATION_DAYS = 90  # days since her last assignment count up to this many …
DAYS_PER_POINT = 3  # … one point off per three days
SERIES_BONUS = 60  # she already serves the request's series
KM_PER_POINT = 2  # one point per two km to the place
SPECIALIST_BONUS = 10  # specialist training for the setting


def score(
    load: float, days: int | None, *, in_series: bool, distance: float | None, specialist: bool
) -> float:
    """A candidate's score, operation by operation as the statement of the SQL engine
    computes it (the same doubles in the same order, so ties fall the same way)."""
    rotation = ROTATION_DAYS if days is None else min(days, ROTATION_DAYS)
    value = LOAD_WEIGHT * load - rotation / DAYS_PER_POINT
    value -= SERIES_BONUS if in_series else 0
    value += distance / KM_PER_POINT if distance is not None else 0
    value -= SPECIALIST_BONUS if specialist else 0
    return value


def days_since(start: dt.datetime, last: dt.datetime | None) -> int | None:
    """Whole days from her last assignment to the request, None if she has none."""
    return max(0, (start - last).days) if last else None


def explain(
    recent: Decimal,
    capacity: Decimal,
    days: int | None,
    *,
    in_series: bool,
    distance: float | None,
    specialist: bool,
    in_person: bool,
) -> list[str]:
    """Why a candidate stands where she stands: one line per ranking signal."""
    load = float(recent / capacity)
    reasons = [
        _("load %(hours)s h in 30 days of %(capacity)s h capacity (%(percent)s %%)")
        % {"hours": recent, "capacity": capacity, "percent": round(load * 100)}
    ]
    if days is None:
        reasons.append(_("no assignment yet"))
    else:
        reasons.append(_("last assignment %(days)s days ago") % {"days": days})
    if in_series:
        reasons.append(_("already serves this series"))
    if distance is not None:
        reasons.append(_("%(km)s km away") % {"km": round(distance, 1)})
    elif not in_person:
        reasons.append(_("remote: distance does not matter"))
    if specialist:
        reasons.append(_("specialist training for this setting"))
    return reasons


@dataclass
class Candidate:
    mediator: Mediator
    score: float
    reasons: list[str] = field(default_factory=list)
    distance_km: float | None = None


@dataclass
class Proposal:
    candidates: list[Candidate]
    excluded: Counter

    @property
    def main_exclusion(self) -> str:
        if not self.excluded:
            return "language"
        return self.excluded.most_common(1)[0][0]


class Engine:
    """One way to compute a proposal; both give the same answer to the last bit
    (`tests/test_matching_portable.py` holds them to it on PostgreSQL)."""

    def propose(self, request: MediationRequest, *, limit: int | None = None) -> Proposal:
        """The ranked candidates for `request`, best first (at most `limit`), and how many
        mediators each hard filter left out."""
        candidates, excluded = self.rank(request, limit=limit)
        if not candidates and not excluded:
            excluded["language"] += 1
        return Proposal(candidates, excluded)

    def rank(
        self, request: MediationRequest, *, limit: int | None
    ) -> tuple[list[Candidate], Counter]:
        raise NotImplementedError


def conflicts_for(request: MediationRequest) -> list[Conflict]:
    """The declared conflicts that keep mediators off this request, for the coordinator."""
    return [
        conflict
        for conflict in Conflict.objects.filter(
            organisation_id=request.organisation_id, mediator__region_id=request.region_id
        ).select_related("mediator")
        if conflict.applies_to(request)
    ]


def hours_by_mediator(ids, since: dt.datetime, until: dt.datetime) -> dict[int, Decimal]:
    """Each mediator's booked hours (live assignments starting in [since, until))."""
    rows = (
        Assignment.objects.filter(mediator_id__in=ids, starts_at__gte=since, starts_at__lt=until)
        .exclude(status=Assignment.Status.CANCELLED)
        .values("mediator_id")
        .annotate(
            total=Sum(
                ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())
            )
        )
    )
    return {
        row["mediator_id"]: Decimal(row["total"].total_seconds() / 3600).quantize(Decimal("0.1"))
        for row in rows
    }
