"""Who can take a request, and in which order.

`propose(request)` applies the hard filters (language, setting allowed for the tier,
evidence valid on the day, active and available, mode, reachable, no overlap including a
travel buffer, under the monthly cap) and ranks the rest with a reason for every signal:
load relative to the mediator's own capacity, time since her last assignment, continuity in
a series, distance, specialist training. Only assignments count — a declined offer leaves
no trace in the ranking, so declining never harms a volunteer.

The work is a handful of set-based queries whatever the pool's size (see the benchmark
command `benchmark_mediation`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DurationField, ExpressionWrapper, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ankommen.mediation.models import (
    LEVEL_ORDER,
    Absence,
    Assignment,
    Evidence,
    Mediator,
    MediatorLanguage,
    Mode,
    Request,
    Tier,
    WeeklyAvailability,
    level_at_least,
    policy_for,
)

TRAVEL_BUFFER = dt.timedelta(minutes=30)
REQUIRED_LANGUAGE_LEVEL = "B2"
REQUIRED_GERMAN_LEVEL = {Tier.VOLUNTEER: "B1", Tier.PROFESSIONAL: "C1"}
DEFAULT_CAPACITY_HOURS = Decimal("10")
OFFER_WAVE = 3

# Why a mediator is left out; the overview counts unmet requests by these.
EXCLUSION_REASONS = {
    "language": gettext_lazy("nobody speaks the language"),
    "setting": gettext_lazy("nobody may take this setting"),
    "evidence": gettext_lazy("evidence missing or expired"),
    "unavailable": gettext_lazy("not active or not available"),
    "mode": gettext_lazy("mode not offered"),
    "distance": gettext_lazy("too far away"),
    "overlap": gettext_lazy("already booked at that time"),
    "cap": gettext_lazy("monthly hour cap reached"),
}


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


def month_bounds(moment: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    local = timezone.localtime(moment)
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    return start, end


def _hours_by_mediator(ids, since: dt.datetime, until: dt.datetime) -> dict[int, Decimal]:
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


def propose(request: Request, *, limit: int | None = None) -> Proposal:
    """The ranked candidates for `request`, best first, and why the others were left out."""
    excluded: Counter = Counter()
    day = timezone.localdate(request.starts_at)
    start, end = request.starts_at, request.ends_at
    hours = Decimal(request.duration_minutes) / 60
    tier = request.tier
    allowed, needs_specialist, _lead = policy_for(request.region_id, request.setting, tier)

    # 1. Language (and variety), tier, region — in the database.
    spoken = MediatorLanguage.objects.filter(language_id=request.language_id)
    if request.variety:
        spoken = spoken.filter(Q(variety__iexact=request.variety) | Q(variety=""))
    spoken = spoken.filter(
        level__in=[code for code in LEVEL_ORDER if level_at_least(code, REQUIRED_LANGUAGE_LEVEL)]
    )
    pool = list(
        Mediator.objects.filter(
            region_id=request.region_id, tier=tier, pk__in=spoken.values("mediator_id")
        )
        .exclude(status=Mediator.Status.INACTIVE)
        .select_related("home_area")
    )
    if not pool:
        excluded["language"] += 1
        return Proposal([], excluded)
    if not allowed:
        excluded["setting"] += len(pool)
        return Proposal([], excluded)

    ids = [m.pk for m in pool]
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    for item in Evidence.objects.filter(mediator_id__in=ids).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=day), valid_from__lte=day
    ):
        evidence[item.mediator_id].append(item)
    absent = set(
        Absence.objects.filter(
            mediator_id__in=ids, first_day__lte=day, last_day__gte=day
        ).values_list("mediator_id", flat=True)
    )
    windows: dict[int, list[tuple[dt.time, dt.time]]] = defaultdict(list)
    has_windows: set[int] = set()
    for mediator_id, weekday, w_start, w_end in WeeklyAvailability.objects.filter(
        mediator_id__in=ids
    ).values_list("mediator_id", "weekday", "starts", "ends"):
        has_windows.add(mediator_id)
        if weekday == day.weekday():
            windows[mediator_id].append((w_start, w_end))
    busy: dict[int, list[tuple[dt.datetime, dt.datetime, bool]]] = defaultdict(list)
    for mediator_id, b_start, b_end, b_in_person in (
        Assignment.objects.filter(
            mediator_id__in=ids,
            starts_at__lt=end + TRAVEL_BUFFER,
            ends_at__gt=start - TRAVEL_BUFFER,
        )
        .exclude(status=Assignment.Status.CANCELLED)
        .exclude(request_id=request.pk)
        .values_list("mediator_id", "starts_at", "ends_at", "in_person")
    ):
        busy[mediator_id].append((b_start, b_end, b_in_person))
    month_start, month_end = month_bounds(start)
    month_hours = _hours_by_mediator(ids, month_start, month_end)
    recent_hours = _hours_by_mediator(ids, start - dt.timedelta(days=30), start)
    series_mediators: set[int] = set()
    if request.series_id:
        series_mediators = set(
            Assignment.objects.filter(request__series_id=request.series_id, mediator_id__in=ids)
            .exclude(status=Assignment.Status.CANCELLED)
            .values_list("mediator_id", flat=True)
        )

    local_start = timezone.localtime(start).time()
    local_end = timezone.localtime(end).time()
    in_person = request.mode == Mode.IN_PERSON
    candidates: list[Candidate] = []
    for mediator in pool:
        kinds = {e.kind for e in evidence[mediator.pk]}
        specialist = {
            e.setting for e in evidence[mediator.pk] if e.kind == Evidence.Kind.SPECIALIST_TRAINING
        }
        if request.setting not in (mediator.allowed_settings or []) or not level_at_least(
            mediator.german_level, REQUIRED_GERMAN_LEVEL[tier]
        ):
            excluded["setting"] += 1
            continue
        needed = {Evidence.Kind.CONFIDENTIALITY}
        if tier == Tier.VOLUNTEER:
            needed |= {Evidence.Kind.GOOD_CONDUCT, Evidence.Kind.BASIC_TRAINING}
        if not needed <= kinds or (needs_specialist and request.setting not in specialist):
            excluded["evidence"] += 1
            continue
        paused = mediator.status == Mediator.Status.PAUSED and (
            mediator.paused_until is None or mediator.paused_until >= day
        )
        fits_window = mediator.pk not in has_windows or any(
            w_start <= local_start and local_end <= w_end and local_start < local_end
            for w_start, w_end in windows[mediator.pk]
        )
        if paused or mediator.pk in absent or not fits_window:
            excluded["unavailable"] += 1
            continue
        if request.mode not in mediator.modes():
            excluded["mode"] += 1
            continue
        distance = distance_km(mediator.home_area, request.place_area) if in_person else None
        if in_person and distance is not None and distance > mediator.travel_radius_km:
            excluded["distance"] += 1
            continue
        if any(
            b_start < end + (TRAVEL_BUFFER if in_person or b_in_person else dt.timedelta(0))
            and b_end + (TRAVEL_BUFFER if in_person or b_in_person else dt.timedelta(0)) > start
            for b_start, b_end, b_in_person in busy[mediator.pk]
        ):
            excluded["overlap"] += 1
            continue
        cap = mediator.monthly_hour_cap
        used = month_hours.get(mediator.pk, Decimal("0"))
        if cap is not None and used + hours > cap:
            excluded["cap"] += 1
            continue

        # Ranking: lower score is better; every signal adds a reason.
        capacity = cap or DEFAULT_CAPACITY_HOURS
        recent = recent_hours.get(mediator.pk, Decimal("0"))
        load = float(recent / capacity)
        score = 50 * load
        reasons = [
            _("load %(hours)s h in 30 days of %(capacity)s h capacity (%(percent)s %%)")
            % {"hours": recent, "capacity": capacity, "percent": round(load * 100)}
        ]
        if mediator.last_assigned_at:
            days = max(0, (start - mediator.last_assigned_at).days)
            reasons.append(_("last assignment %(days)s days ago") % {"days": days})
        else:
            days = 90
            reasons.append(_("no assignment yet"))
        score -= min(days, 90) / 3
        if mediator.pk in series_mediators:
            score -= 60
            reasons.append(_("already serves this series"))
        if distance is not None:
            score += distance / 2
            reasons.append(_("%(km)s km away") % {"km": round(distance, 1)})
        elif not in_person:
            reasons.append(_("remote: distance does not matter"))
        if request.setting in specialist:
            score -= 10
            reasons.append(_("specialist training for this setting"))
        candidates.append(Candidate(mediator, score, reasons, distance))

    candidates.sort(key=lambda c: (c.score, c.mediator.pk))
    if limit is not None:
        candidates = candidates[:limit]
    return Proposal(candidates, excluded)
