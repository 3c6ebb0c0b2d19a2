"""The Python engine: the rules of `base` with the Django ORM and Python, for databases
other than PostgreSQL (the SQLite demo).

`PythonEngine.rank(request)` reads the language pool's columns, then — for those still in
the running — declared conflicts, evidence valid on the day, absences, weekly windows and
the bookings of the request's weeks, one query each, and applies the hard filters in the
order of `base.HARD_FILTERS`: the first filter a mediator fails is her reason. It is slower
than the SQL engine's statement on a large pool and is only used where the statement
cannot run; `tests/test_matching_portable.py` holds both to the same answers on
PostgreSQL.

Where the statement computes in PostgreSQL's `numeric`, this engine computes what
PostgreSQL computes, not merely the same number to within a rounding: hours to a tenth
half to even on exact microseconds (`base.as_hours`), and the load as PostgreSQL's numeric
division at the scale it chooses (`statement_load`), so that scores agree to the last bit
and ties fall the same way.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from django.db.models import Q
from django.utils import timezone

from ankommen.core.models import Area
from ankommen.mediation.matching.base import (
    DEFAULT_CAPACITY_HOURS,
    HARD_FILTERS,
    MAX_ASSIGNMENT,
    TRAVEL_BUFFER,
    Candidate,
    Engine,
    as_hours,
    days_since,
    distance_km,
    explain,
    german_levels,
    month_bounds,
    needs_good_conduct,
    overlaps,
    score,
    spoken_levels,
)
from ankommen.mediation.models import (
    Absence,
    Assignment,
    Conflict,
    Evidence,
    MediationRequest,
    Mediator,
    MediatorLanguage,
    Mode,
    WeeklyAvailability,
    client_key,
    policy_for,
)

# Evidence as bits: one look at a mediator's evidence answers every question.
CONFIDENTIALITY, GOOD_CONDUCT, BASIC_TRAINING, SPECIALIST = 1, 2, 4, 8

EVIDENCE_BITS = {
    Evidence.Kind.CONFIDENTIALITY: CONFIDENTIALITY,
    Evidence.Kind.GOOD_CONDUCT: GOOD_CONDUCT,
    Evidence.Kind.BASIC_TRAINING: BASIC_TRAINING,
}


class _Point(NamedTuple):
    latitude: Decimal | None
    longitude: Decimal | None


class _Member(NamedTuple):
    """One mediator of the language pool, as the columns the filters read."""

    pk: int
    status: str
    paused_until: dt.date | None
    allowed_settings: object
    german_level: str
    in_person: bool
    by_phone: bool
    by_video: bool
    travel_radius_km: int
    monthly_hour_cap: Decimal | None
    last_assigned_at: dt.datetime | None
    latitude: Decimal | None
    longitude: Decimal | None


MEMBER_COLUMNS = (
    "pk",
    "status",
    "paused_until",
    "allowed_settings",
    "german_level",
    "in_person",
    "by_phone",
    "by_video",
    "travel_radius_km",
    "monthly_hour_cap",
    "last_assigned_at",
    "home_area__latitude",
    "home_area__longitude",
)


@dataclass
class _Facts:
    """What the filters read about the request, and about the pool as it is read."""

    request: MediationRequest
    allowed: bool
    needs_specialist: bool
    german_levels: set[str]
    day: dt.date
    in_person: bool
    hours: Decimal
    required_evidence: int
    local_start: dt.time
    local_end: dt.time
    distances: dict[int, float | None] = field(default_factory=dict)
    conflicted: set[int] = field(default_factory=set)
    evidence: dict[int, int] = field(default_factory=dict)
    absent: set[int] = field(default_factory=set)
    windows: dict[int, list[tuple[int, dt.time, dt.time]]] = field(default_factory=dict)


class _Booked(NamedTuple):
    """A mediator who passed the filters on her records, with her bookings' sums."""

    member: _Member
    busy: bool
    month: dt.timedelta | None
    recent: dt.timedelta | None


def _takes_setting(m: _Member, f: _Facts) -> bool:
    settings_list = m.allowed_settings
    return (
        isinstance(settings_list, list) and f.request.setting in settings_list
    ) and m.german_level in f.german_levels


def _offers_mode(m: _Member, f: _Facts) -> bool:
    return {Mode.IN_PERSON: m.in_person, Mode.PHONE: m.by_phone}.get(f.request.mode, m.by_video)


def _too_far(m: _Member, f: _Facts) -> bool:
    distance = f.distances[m.pk]
    return distance is not None and distance > m.travel_radius_km


# Each hard filter as the test that a mediator fails it, on what the stage has read: her
# own columns; then her records (evidence, absences, windows); then her bookings.
Fails = Callable[..., bool]
OWN_COLUMNS_FAIL: dict[str, Fails] = {
    "policy": lambda m, f: not f.allowed,
    "settings": lambda m, f: not _takes_setting(m, f),
    "paused": lambda m, f: (
        m.status == Mediator.Status.PAUSED and (m.paused_until is None or m.paused_until >= f.day)
    ),
    "mode": lambda m, f: not _offers_mode(m, f),
    "distance": _too_far,
    "conflict": lambda m, f: m.pk in f.conflicted,
}
RECORDS_FAIL: dict[str, Fails] = {
    "evidence": lambda m, f: f.evidence[m.pk] & f.required_evidence != f.required_evidence,
    "specialist": lambda m, f: f.needs_specialist and not f.evidence[m.pk] & SPECIALIST,
    "absent": lambda m, f: m.pk in f.absent,
    "windows": lambda m, f: (
        not _fits_windows(f.windows.get(m.pk, []), f.day.weekday(), f.local_start, f.local_end)
    ),
}
BOOKINGS_FAIL: dict[str, Fails] = {
    "overlap": lambda b, f: b.busy,
    "cap": lambda b, f: (
        b.member.monthly_hour_cap is not None
        and as_hours(b.month) + f.hours > b.member.monthly_hour_cap
    ),
}


def _first_failed(stage: dict[str, Fails], item, facts: _Facts) -> str | None:
    """The reason of the first filter of the stage (in `HARD_FILTERS` order) that fails."""
    for hard in HARD_FILTERS:
        test = stage.get(hard.name)
        if test is not None and test(item, facts):
            return hard.reason
    return None


class PythonEngine(Engine):
    """The same answer as `SqlEngine`, computed with the ORM; any database."""

    def rank(
        self, request: MediationRequest, *, limit: int | None
    ) -> tuple[list[Candidate], Counter]:
        excluded: Counter = Counter()
        start, end = request.starts_at, request.ends_at
        tier = request.tier
        allowed, needs_specialist, _lead = policy_for(request.region_id, request.setting, tier)
        in_person = request.mode == Mode.IN_PERSON
        required = CONFIDENTIALITY | (
            GOOD_CONDUCT | BASIC_TRAINING if needs_good_conduct(tier) else 0
        )
        facts = _Facts(
            request=request,
            allowed=allowed,
            needs_specialist=needs_specialist,
            german_levels=set(german_levels(tier)),
            day=timezone.localdate(start),
            in_person=in_person,
            hours=Decimal(request.duration_minutes) / 60,
            required_evidence=required,
            local_start=timezone.localtime(start).time(),
            local_end=timezone.localtime(end).time(),
        )
        place = _place(request.place_area_id) if in_person else None

        # The pool: the region's mediators of the tier, not inactive, who speak the
        # language well enough — in the variety asked for, or without naming one.
        variety = (request.variety or "").lower()
        spoken = MediatorLanguage.objects.filter(
            language_id=request.language_id,
            level__in=spoken_levels(),
            mediator__region_id=request.region_id,
            mediator__tier=tier,
        ).exclude(mediator__status=Mediator.Status.INACTIVE)
        pool_ids = {
            mediator_id
            for mediator_id, spoken_variety in spoken.values_list("mediator_id", "variety")
            if not variety or spoken_variety == "" or spoken_variety.lower() == variety
        }
        members = [
            _Member(*values)
            for values in Mediator.objects.filter(pk__in=pool_ids).values_list(*MEMBER_COLUMNS)
        ]

        # 1. The pool's own columns, and declared conflicts.
        key = client_key(request.client_reference)
        if allowed and pool_ids:
            facts.conflicted = set(
                Conflict.objects.filter(
                    organisation_id=request.organisation_id,
                    mediator_id__in=pool_ids,
                )
                .filter(Q(client_key="") | Q(client_key=key))
                .values_list("mediator_id", flat=True)
            )
        for member in members:
            facts.distances[member.pk] = distance_km(
                _Point(member.latitude, member.longitude), place
            )
        running = _keep(members, OWN_COLUMNS_FAIL, facts, excluded)

        # 2. Evidence valid on the day (as bits), absences, weekly windows.
        ids = [m.pk for m in running]
        facts.evidence = _evidence_bits(ids, facts.day, request.setting)
        facts.absent = _absent(ids, facts.day)
        facts.windows = _windows(ids)
        cleared = _keep(running, RECORDS_FAIL, facts, excluded)

        # 3. The bookings of the request's weeks: overlap, the month's hours against the
        #    cap, the last 30 days' hours for the load.
        month_start, month_end = month_bounds(start)
        recent_start = start - dt.timedelta(days=30)
        bookings = _bookings(
            [m.pk for m in cleared],
            since=min(month_start, recent_start, start - TRAVEL_BUFFER - MAX_ASSIGNMENT),
            until=max(month_end, end + TRAVEL_BUFFER),
        )
        looked = []
        for member in cleared:
            mine = bookings[member.pk]
            busy = any(
                overlaps(starts_at, ends_at, on_site, start, end, in_person)
                and request_id != (request.pk or 0)
                for starts_at, ends_at, on_site, request_id in mine
            )
            looked.append(
                _Booked(
                    member,
                    busy,
                    _total(mine, month_start, month_end),
                    _total(mine, recent_start, start),
                )
            )
        booked = _keep(looked, BOOKINGS_FAIL, facts, excluded)

        # Ranking: lower is better, ties by id.
        in_series = _serving_series([b.member.pk for b in booked], request.series_id)
        scored = []
        for member, _busy, _month, recent in booked:
            capacity = (
                member.monthly_hour_cap
                if member.monthly_hour_cap is not None
                else DEFAULT_CAPACITY_HOURS
            )
            recent_hours = as_hours(recent)
            signals = {
                "days": days_since(start, member.last_assigned_at),
                "in_series": member.pk in in_series,
                "distance": facts.distances[member.pk],
                "specialist": facts.evidence[member.pk] & SPECIALIST == SPECIALIST,
            }
            value = score(
                statement_load(recent_hours, capacity),
                signals["days"],
                in_series=signals["in_series"],
                distance=signals["distance"],
                specialist=signals["specialist"],
            )
            scored.append((value, member.pk, (recent_hours, capacity, signals)))
        scored.sort(key=lambda item: (item[0], item[1]))
        if limit is not None:
            scored = scored[:limit]

        mediators = Mediator.objects.select_related("home_area").in_bulk(
            [pk for _s, pk, _f in scored]
        )
        candidates = []
        for value, pk, (recent_hours, capacity, signals) in scored:
            reasons = explain(
                recent_hours,
                capacity,
                signals["days"],
                in_series=signals["in_series"],
                distance=signals["distance"],
                specialist=signals["specialist"],
                in_person=in_person,
            )
            candidates.append(Candidate(mediators[pk], value, reasons, signals["distance"]))
        return candidates, excluded


def _keep(items: list, stage: dict[str, Fails], facts: _Facts, excluded: Counter) -> list:
    """Those who pass every filter of the stage; the others counted by their reason."""
    kept = []
    for item in items:
        reason = _first_failed(stage, item, facts)
        if reason:
            excluded[reason] += 1
        else:
            kept.append(item)
    return kept


def _place(area_id: int | None) -> _Point | None:
    if area_id is None:
        return None
    found = Area.objects.filter(pk=area_id).values_list("latitude", "longitude").first()
    return _Point(*found) if found else None


def _evidence_bits(ids: list[int], day: dt.date, setting: str) -> dict[int, int]:
    """Each mediator's evidence valid on `day`, as bits; specialist training counts for
    the request's setting only."""
    bits: dict[int, int] = defaultdict(int)
    if not ids:
        return bits
    for mediator_id, kind, evidence_setting in Evidence.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=day),
        mediator_id__in=ids,
        valid_from__lte=day,
    ).values_list("mediator_id", "kind", "setting"):
        if kind == Evidence.Kind.SPECIALIST_TRAINING:
            bits[mediator_id] |= SPECIALIST if evidence_setting == setting else 0
        else:
            bits[mediator_id] |= EVIDENCE_BITS.get(kind, 0)
    return bits


def _absent(ids: list[int], day: dt.date) -> set[int]:
    if not ids:
        return set()
    return set(
        Absence.objects.filter(
            mediator_id__in=ids, first_day__lte=day, last_day__gte=day
        ).values_list("mediator_id", flat=True)
    )


def _windows(ids: list[int]) -> dict[int, list[tuple[int, dt.time, dt.time]]]:
    """Each mediator's weekly windows; one without any is available at any time."""
    windows: dict[int, list[tuple[int, dt.time, dt.time]]] = defaultdict(list)
    if ids:
        for mediator_id, *window in WeeklyAvailability.objects.filter(
            mediator_id__in=ids
        ).values_list("mediator_id", "weekday", "starts", "ends"):
            windows[mediator_id].append(tuple(window))
    return windows


def _fits_windows(
    windows: list[tuple[int, dt.time, dt.time]],
    weekday: int,
    local_start: dt.time,
    local_end: dt.time,
) -> bool:
    """No windows at all: available any time; else one window of the weekday must hold
    the appointment's local start and end (one that runs past midnight fits none)."""
    if not windows:
        return True
    return any(
        local_start < local_end and day == weekday and starts <= local_start and ends >= local_end
        for day, starts, ends in windows
    )


def _bookings(
    ids: list[int], *, since: dt.datetime, until: dt.datetime
) -> dict[int, list[tuple[dt.datetime, dt.datetime, bool, int]]]:
    """Each mediator's live assignments starting in [since, until)."""
    bookings: dict[int, list[tuple[dt.datetime, dt.datetime, bool, int]]] = defaultdict(list)
    if ids:
        for mediator_id, *booking in (
            Assignment.objects.filter(
                mediator_id__in=ids, starts_at__gte=since, starts_at__lt=until
            )
            .exclude(status=Assignment.Status.CANCELLED)
            .values_list("mediator_id", "starts_at", "ends_at", "in_person", "request_id")
        ):
            bookings[mediator_id].append(tuple(booking))
    return bookings


def _total(
    bookings: list[tuple[dt.datetime, dt.datetime, bool, int]],
    since: dt.datetime,
    until: dt.datetime,
) -> dt.timedelta | None:
    """The booked time of the assignments starting in [since, until); None if none."""
    durations = [
        ends_at - starts_at for starts_at, ends_at, *_rest in bookings if since <= starts_at < until
    ]
    return sum(durations, dt.timedelta()) if durations else None


def _serving_series(ids: list[int], series_id: int | None) -> set[int]:
    if series_id is None or not ids:
        return set()
    return set(
        Assignment.objects.filter(mediator_id__in=ids, request__series_id=series_id)
        .exclude(status=Assignment.Status.CANCELLED)
        .values_list("mediator_id", flat=True)
    )


# PostgreSQL's numeric division (select_div_scale and div_var in its numeric.c): the
# quotient gets at least 16 significant digits, and no fewer decimals than either operand
# shows; it is rounded half away from zero.
NUMERIC_MIN_SIG_DIGITS = 16
NUMERIC_MAX_DISPLAY_SCALE = 1000


def _numeric_weight(value: Fraction) -> tuple[int, int]:
    """PostgreSQL's weight (in base-10000 digits) and first base-10000 digit of a value."""
    if value == 0:
        return 0, 0
    weight = 0
    while value >= Fraction(10_000) ** (weight + 1):
        weight += 1
    while value < Fraction(10_000) ** weight:
        weight -= 1
    return weight, math.floor(value / Fraction(10_000) ** weight)


def numeric_divide(
    dividend: Fraction, dividend_scale: int, divisor: Fraction, divisor_scale: int
) -> tuple[Fraction, int]:
    """`dividend / divisor` of two non-negative numerics as PostgreSQL answers it: the
    rounded quotient and its display scale."""
    weight1, first1 = _numeric_weight(dividend)
    weight2, first2 = _numeric_weight(divisor)
    weight = weight1 - weight2 - (1 if first1 <= first2 else 0)
    scale = max(NUMERIC_MIN_SIG_DIGITS - weight * 4, dividend_scale, divisor_scale, 0)
    scale = min(scale, NUMERIC_MAX_DISPLAY_SCALE)
    units = math.floor(dividend / divisor * 10**scale + Fraction(1, 2))
    return Fraction(units, 10**scale), scale


def statement_load(hours: Decimal, capacity: Decimal) -> float:
    """The load as the statement reads it: `(tenths / capacity)::float8`, where the tenths
    are `(whole tenths) / 10` — two numeric divisions — and the cast reads the decimal
    digits. A plain `float(hours / capacity)` differs in the last bit for about one load
    in thirty, enough to turn a tie in the ranking."""
    tenths, tenths_scale = numeric_divide(Fraction(hours * 10), 0, Fraction(10), 0)
    capacity_scale = max(0, -capacity.as_tuple().exponent)
    load, scale = numeric_divide(tenths, tenths_scale, Fraction(capacity), capacity_scale)
    return float(Decimal(load.numerator * 10**scale // load.denominator).scaleb(-scale))
