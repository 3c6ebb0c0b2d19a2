"""Matching for databases other than PostgreSQL (the SQLite demo): the rules of
`matching.MATCH_SQL`, step for step, with the Django ORM and Python.

`propose_portable(request)` reads the language pool's columns, then — for those still in
the running — declared conflicts, evidence valid on the day, absences, weekly windows and
the bookings of the request's weeks, one query each, and decides in Python in the order of
the statement: the first filter a mediator fails is her reason. It is slower than the
statement on a large pool and is only used where the statement cannot run;
`tests/test_matching_portable.py` holds both to the same answers on PostgreSQL.

Where the statement computes in PostgreSQL's `numeric`, this module computes what
PostgreSQL computes, not merely the same number to within a rounding: hours to a tenth
half to even on exact microseconds (`matching.as_hours`), and the load as PostgreSQL's
numeric division at the scale it chooses (`statement_load`), so that scores agree to the
last bit and ties fall the same way.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from django.db.models import Q
from django.utils import timezone

from ankommen.core.models import Area
from ankommen.mediation.matching import (
    DEFAULT_CAPACITY_HOURS,
    MAX_ASSIGNMENT,
    REQUIRED_GERMAN_LEVEL,
    REQUIRED_LANGUAGE_LEVEL,
    TRAVEL_BUFFER,
    Candidate,
    Proposal,
    _reasons,
    as_hours,
    distance_km,
    month_bounds,
)
from ankommen.mediation.models import (
    LEVEL_ORDER,
    Absence,
    Assignment,
    Conflict,
    Evidence,
    Mediator,
    MediatorLanguage,
    Mode,
    Request,
    Tier,
    WeeklyAvailability,
    client_key,
    level_at_least,
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


def propose_portable(request: Request, *, limit: int | None = None) -> Proposal:
    """What `matching.propose` answers, computed with the ORM: the ranked candidates for
    `request`, best first, and why the others were left out."""
    excluded: Counter = Counter()
    day = timezone.localdate(request.starts_at)
    start, end = request.starts_at, request.ends_at
    tier = request.tier
    allowed, needs_specialist, _lead = policy_for(request.region_id, request.setting, tier)
    in_person = request.mode == Mode.IN_PERSON
    place = _place(request.place_area_id) if in_person else None

    # The pool: the region's mediators of the tier, not inactive, who speak the language
    # well enough — in the variety asked for, or without naming one.
    variety = (request.variety or "").lower()
    spoken = MediatorLanguage.objects.filter(
        language_id=request.language_id,
        level__in=[code for code in LEVEL_ORDER if level_at_least(code, REQUIRED_LANGUAGE_LEVEL)],
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
    conflicted = (
        set(
            Conflict.objects.filter(
                organisation_id=request.organisation_id,
                mediator_id__in=pool_ids,
            )
            .filter(Q(client_key="") | Q(client_key=key))
            .values_list("mediator_id", flat=True)
        )
        if allowed and pool_ids
        else set()
    )
    german_levels = {
        code for code in LEVEL_ORDER if level_at_least(code, REQUIRED_GERMAN_LEVEL[tier])
    }
    distances: dict[int, float | None] = {}
    running: list[_Member] = []
    for member in members:
        distance = distance_km(_Point(member.latitude, member.longitude), place)
        reason = _pool_reason(
            member,
            allowed=allowed,
            setting=request.setting,
            german_levels=german_levels,
            day=day,
            mode=request.mode,
            distance=distance,
            conflicted=member.pk in conflicted,
        )
        if reason:
            excluded[reason] += 1
        else:
            distances[member.pk] = distance
            running.append(member)

    # 2. Evidence valid on the day (as bits), absences, weekly windows.
    required = CONFIDENTIALITY | (GOOD_CONDUCT | BASIC_TRAINING if tier == Tier.VOLUNTEER else 0)
    required |= SPECIALIST if needs_specialist else 0
    evidence = _evidence_bits([m.pk for m in running], day, request.setting)
    absent = _absent([m.pk for m in running], day)
    windows = _windows([m.pk for m in running])
    local_start = timezone.localtime(start).time()
    local_end = timezone.localtime(end).time()
    cleared: list[_Member] = []
    for member in running:
        if evidence[member.pk] & required != required:
            excluded["evidence"] += 1
        elif member.pk in absent or not _fits_windows(
            windows.get(member.pk, []), day.weekday(), local_start, local_end
        ):
            excluded["unavailable"] += 1
        else:
            cleared.append(member)

    # 3. The bookings of the request's weeks: overlap, the month's hours against the cap,
    #    the last 30 days' hours for the load.
    month_start, month_end = month_bounds(start)
    recent_start = start - dt.timedelta(days=30)
    hours = Decimal(request.duration_minutes) / 60
    bookings = _bookings(
        [m.pk for m in cleared],
        since=min(month_start, recent_start, start - TRAVEL_BUFFER - MAX_ASSIGNMENT),
        until=max(month_end, end + TRAVEL_BUFFER),
    )
    booked: list[tuple[_Member, dt.timedelta | None]] = []
    for member in cleared:
        mine = bookings[member.pk]
        busy = any(
            _overlaps(starts_at, ends_at, on_site, start, end, in_person)
            and request_id != (request.pk or 0)
            for starts_at, ends_at, on_site, request_id in mine
        )
        month = _total(mine, month_start, month_end)
        cap = member.monthly_hour_cap
        if busy:
            excluded["overlap"] += 1
        elif cap is not None and as_hours(month) + hours > cap:
            excluded["cap"] += 1
        else:
            booked.append((member, _total(mine, recent_start, start)))

    # Ranking: lower is better, ties by id.
    in_series = _serving_series([m.pk for m, _r in booked], request.series_id)
    scored = []
    for member, recent in booked:
        capacity = (
            member.monthly_hour_cap
            if member.monthly_hour_cap is not None
            else DEFAULT_CAPACITY_HOURS
        )
        recent_hours = as_hours(recent)
        last = member.last_assigned_at
        days = max(0, (start - last).days) if last else None
        facts = {
            "in_series": member.pk in in_series,
            "specialist": evidence[member.pk] & SPECIALIST == SPECIALIST,
        }
        distance = distances[member.pk]
        score = (
            50 * statement_load(recent_hours, capacity)
            - (90 if days is None else min(days, 90)) / 3
        )
        score -= 60 if facts["in_series"] else 0
        score += distance / 2 if distance is not None else 0
        score -= 10 if facts["specialist"] else 0
        scored.append((score, member.pk, (recent_hours, capacity, days, facts, distance)))
    scored.sort(key=lambda item: (item[0], item[1]))
    if limit is not None:
        scored = scored[:limit]

    mediators = Mediator.objects.select_related("home_area").in_bulk([pk for _s, pk, _f in scored])
    candidates = []
    for score, pk, (recent_hours, capacity, days, facts, distance) in scored:
        # The load as `matching.propose` writes it into the reasons.
        load = float(recent_hours / capacity)
        reasons = _reasons(recent_hours, capacity, load, days, facts, distance, in_person)
        candidates.append(Candidate(mediators[pk], score, reasons, distance))
    if not candidates and not excluded:
        excluded["language"] += 1
    return Proposal(candidates, excluded)


def _place(area_id: int | None) -> _Point | None:
    if area_id is None:
        return None
    found = Area.objects.filter(pk=area_id).values_list("latitude", "longitude").first()
    return _Point(*found) if found else None


def _pool_reason(
    member: _Member,
    *,
    allowed: bool,
    setting: str,
    german_levels: set[str],
    day: dt.date,
    mode: str,
    distance: float | None,
    conflicted: bool,
) -> str | None:
    """The first filter on the mediator's own columns that she fails, if any."""
    if not allowed:
        return "setting"
    settings_list = member.allowed_settings
    if (
        not (isinstance(settings_list, list) and setting in settings_list)
        or member.german_level not in german_levels
    ):
        return "setting"
    if member.status == Mediator.Status.PAUSED and (
        member.paused_until is None or member.paused_until >= day
    ):
        return "unavailable"
    offered = {Mode.IN_PERSON: member.in_person, Mode.PHONE: member.by_phone}.get(
        mode, member.by_video
    )
    if not offered:
        return "mode"
    if distance is not None and distance > member.travel_radius_km:
        return "distance"
    if conflicted:
        return "conflict"
    return None


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


def _overlaps(
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
