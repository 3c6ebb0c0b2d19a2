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
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
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


def hours_by_mediator(ids, since: dt.datetime, until: dt.datetime) -> dict[int, Decimal]:
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


POOL_COLUMNS = (
    "pk",
    "status",
    "paused_until",
    "allowed_settings",
    "german_level",
    "in_person",
    "by_phone",
    "by_video",
    "home_area__latitude",
    "home_area__longitude",
    "travel_radius_km",
    "monthly_hour_cap",
    "last_assigned_at",
)


@dataclass
class _Row:
    """One mediator of the language pool, as plain values (cheaper than model objects)."""

    pk: int
    status: str
    paused_until: dt.date | None
    allowed_settings: list
    german_level: str
    in_person: bool
    by_phone: bool
    by_video: bool
    latitude: Decimal | None
    longitude: Decimal | None
    travel_radius_km: int
    monthly_hour_cap: Decimal | None
    last_assigned_at: dt.datetime | None

    def offers(self, mode: str) -> bool:
        return {Mode.IN_PERSON: self.in_person, Mode.PHONE: self.by_phone}.get(mode, self.by_video)


@dataclass
class _Point:
    latitude: Decimal | None
    longitude: Decimal | None


def propose(request: Request, *, limit: int | None = None) -> Proposal:
    """The ranked candidates for `request`, best first, and why the others were left out.

    Cheap filters run first on plain column values of the language pool; the queries for
    evidence, absences, availability, bookings and hours then only ask about those left.
    """
    excluded: Counter = Counter()
    day = timezone.localdate(request.starts_at)
    start, end = request.starts_at, request.ends_at
    hours = Decimal(request.duration_minutes) / 60
    tier = request.tier
    allowed, needs_specialist, _lead = policy_for(request.region_id, request.setting, tier)
    in_person = request.mode == Mode.IN_PERSON
    place = request.place_area if in_person else None

    # 1. Language (and variety), tier, region — in the database.
    spoken = MediatorLanguage.objects.filter(
        language_id=request.language_id,
        level__in=[code for code in LEVEL_ORDER if level_at_least(code, REQUIRED_LANGUAGE_LEVEL)],
    )
    if request.variety:
        spoken = spoken.filter(Q(variety__iexact=request.variety) | Q(variety=""))
    pool = [
        _Row(*values)
        for values in Mediator.objects.filter(
            region_id=request.region_id, tier=tier, pk__in=spoken.values("mediator_id")
        )
        .exclude(status=Mediator.Status.INACTIVE)
        .values_list(*POOL_COLUMNS)
    ]
    if not pool:
        excluded["language"] += 1
        return Proposal([], excluded)
    if not allowed:
        excluded["setting"] += len(pool)
        return Proposal([], excluded)

    # 2. What the pool's own columns decide.
    distances: dict[int, float | None] = {}
    rows: list[_Row] = []
    for row in pool:
        if request.setting not in (row.allowed_settings or []) or not level_at_least(
            row.german_level, REQUIRED_GERMAN_LEVEL[tier]
        ):
            excluded["setting"] += 1
            continue
        if row.status == Mediator.Status.PAUSED and (
            row.paused_until is None or row.paused_until >= day
        ):
            excluded["unavailable"] += 1
            continue
        if not row.offers(request.mode):
            excluded["mode"] += 1
            continue
        distance = distance_km(_Point(row.latitude, row.longitude), place) if place else None
        if distance is not None and distance > row.travel_radius_km:
            excluded["distance"] += 1
            continue
        distances[row.pk] = distance
        rows.append(row)
    if not rows:
        return Proposal([], excluded)

    # 3. One query for those left: evidence valid on the day, absences, weekly
    #    availability, bookings around the time, hours, series — as annotations.
    local_start = timezone.localtime(start).time()
    local_end = timezone.localtime(end).time()
    mine = {"mediator": OuterRef("pk")}
    valid = Q(valid_from__lte=day) & (Q(valid_until__isnull=True) | Q(valid_until__gte=day))

    def has_evidence(kind, **extra):
        return Exists(Evidence.objects.filter(valid, kind=kind, **mine, **extra))

    overlap = Q(starts_at__lt=end, ends_at__gt=start)
    with_buffer = Q(starts_at__lt=end + TRAVEL_BUFFER, ends_at__gt=start - TRAVEL_BUFFER)
    overlap |= with_buffer if in_person else (with_buffer & Q(in_person=True))
    live = Assignment.objects.exclude(status=Assignment.Status.CANCELLED).filter(**mine)
    duration = ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())

    def booked_hours(since, until):
        return Subquery(
            live.filter(starts_at__gte=since, starts_at__lt=until)
            .values("mediator")
            .annotate(total=Sum(duration))
            .values("total")[:1],
            output_field=DurationField(),
        )

    month_start, month_end = month_bounds(start)
    annotations = {
        "confidentiality": has_evidence(Evidence.Kind.CONFIDENTIALITY),
        "good_conduct": has_evidence(Evidence.Kind.GOOD_CONDUCT),
        "basic_training": has_evidence(Evidence.Kind.BASIC_TRAINING),
        "specialist": has_evidence(Evidence.Kind.SPECIALIST_TRAINING, setting=request.setting),
        "absent": Exists(Absence.objects.filter(first_day__lte=day, last_day__gte=day, **mine)),
        "has_windows": Exists(WeeklyAvailability.objects.filter(**mine)),
        "fits_window": Exists(
            WeeklyAvailability.objects.filter(
                weekday=day.weekday(), starts__lte=local_start, ends__gte=local_end, **mine
            )
        ),
        "busy": Exists(live.filter(overlap).exclude(request_id=request.pk)),
        "month_hours": booked_hours(month_start, month_end),
        "recent_hours": booked_hours(start - dt.timedelta(days=30), start),
        "in_series": Exists(live.filter(request__series_id=request.series_id))
        if request.series_id
        else Value(False),
    }
    facts = {
        row["pk"]: row
        for row in Mediator.objects.filter(pk__in=[row.pk for row in rows])
        .annotate(**annotations)
        .values("pk", *annotations)
    }

    def as_hours(value) -> Decimal:
        if value is None:
            return Decimal("0")
        return Decimal(value.total_seconds() / 3600).quantize(Decimal("0.1"))

    scored: list[tuple[float, int, tuple]] = []
    for row in rows:
        fact = facts[row.pk]
        evidence_ok = fact["confidentiality"] and (
            tier != Tier.VOLUNTEER or (fact["good_conduct"] and fact["basic_training"])
        )
        if not evidence_ok or (needs_specialist and not fact["specialist"]):
            excluded["evidence"] += 1
            continue
        fits_window = not fact["has_windows"] or (fact["fits_window"] and local_start < local_end)
        if fact["absent"] or not fits_window:
            excluded["unavailable"] += 1
            continue
        if fact["busy"]:
            excluded["overlap"] += 1
            continue
        cap = row.monthly_hour_cap
        if cap is not None and as_hours(fact["month_hours"]) + hours > cap:
            excluded["cap"] += 1
            continue

        # Ranking: lower score is better. The reasons are written afterwards, only for
        # the candidates returned.
        capacity = cap or DEFAULT_CAPACITY_HOURS
        recent = as_hours(fact["recent_hours"])
        load = float(recent / capacity)
        days = max(0, (start - row.last_assigned_at).days) if row.last_assigned_at else None
        distance = distances[row.pk]
        score = 50 * load - min(90 if days is None else days, 90) / 3
        score -= 60 if fact["in_series"] else 0
        score += distance / 2 if distance is not None else 0
        score -= 10 if fact["specialist"] else 0
        scored.append((score, row.pk, (recent, capacity, load, days, fact)))

    scored.sort(key=lambda item: (item[0], item[1]))
    if limit is not None:
        scored = scored[:limit]
    mediators = Mediator.objects.select_related("home_area").in_bulk([pk for _s, pk, _r in scored])
    candidates = [
        Candidate(mediators[pk], score, _reasons(*signals, distances[pk], in_person), distances[pk])
        for score, pk, signals in scored
    ]
    return Proposal(candidates, excluded)


def _reasons(recent, capacity, load, days, fact, distance, in_person) -> list[str]:
    """Why a candidate stands where she stands: one line per ranking signal."""
    reasons = [
        _("load %(hours)s h in 30 days of %(capacity)s h capacity (%(percent)s %%)")
        % {"hours": recent, "capacity": capacity, "percent": round(load * 100)}
    ]
    if days is None:
        reasons.append(_("no assignment yet"))
    else:
        reasons.append(_("last assignment %(days)s days ago") % {"days": days})
    if fact["in_series"]:
        reasons.append(_("already serves this series"))
    if distance is not None:
        reasons.append(_("%(km)s km away") % {"km": round(distance, 1)})
    elif not in_person:
        reasons.append(_("remote: distance does not matter"))
    if fact["specialist"]:
        reasons.append(_("specialist training for this setting"))
    return reasons
