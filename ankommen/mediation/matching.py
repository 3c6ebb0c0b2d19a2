"""Who can take a request, and in which order.

`propose(request)` applies the hard filters (language, setting allowed for the tier,
evidence valid on the day, active and available, mode, reachable, no declared conflict of
interest, no overlap including a travel buffer, under the monthly cap) and ranks the rest
with a reason for every signal: load relative to the mediator's own capacity, time since
her last assignment, continuity in a series, distance, specialist training. Only
assignments count — a declined offer leaves no trace in the ranking, so declining never
harms a volunteer.

The filters and the ranking are one SQL statement (`MATCH_SQL`), so the database
answers with the few candidates asked for and a count per exclusion reason, whatever the
size of the pool; Python only writes the reasons of those returned (see the benchmark
command `benchmark_mediation` and docs/benchmarks.md).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal

from django.db import connection
from django.db.models import DurationField, ExpressionWrapper, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ankommen.core.models import Area
from ankommen.mediation.models import (
    DEFAULT_POLICY,
    LEVEL_ORDER,
    Assignment,
    Conflict,
    Evidence,
    Mediator,
    MediatorLanguage,
    Mode,
    Request,
    SettingPolicy,
    Tier,
    client_key,
    level_at_least,
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
    "conflict": gettext_lazy("conflict of interest declared"),
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


# How long one assignment can last at most (a check constraint holds it): bookings that
# could overlap the request start at most this long before it.
MAX_ASSIGNMENT = dt.timedelta(days=1)


def week_microseconds(weekday: int, moment: dt.time) -> int:
    """A time of a weekday as microseconds since Monday 00:00, as the windows are kept."""
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second
    return weekday * 86_400_000_000 + seconds * 1_000_000 + moment.microsecond


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


# Half to even to a tenth of an hour, in SQL, exactly as `as_hours` does it in Python:
# integer arithmetic on the booked time in whole microseconds (bigint), so both sides agree
# on every tie.
def _sql_tenths(microseconds: str) -> str:
    unit = 360_000_000  # microseconds in a tenth of an hour
    whole, rest = f"({microseconds} / {unit})", f"mod({microseconds}, {unit})"
    return (
        f"(({whole} + CASE WHEN 2 * {rest} > {unit} THEN 1 "
        f"WHEN 2 * {rest} = {unit} THEN mod({whole}, 2) ELSE 0 END)::numeric / 10)"
    )


def _table(model) -> str:
    return model._meta.db_table


# The whole hard filter and the ranking in one statement, in two stages so that the
# costlier look is only taken for the mediators still in the running:
# 1. `pool`: the language's pool of the tier, judged on the mediator's own row: settings,
#    German, pause, mode, distance (computed once per area of the region, in `reach`),
#    declared conflict, and — from the columns the triggers of migration 0003 keep on the
#    row — evidence valid on the day, absences and weekly windows; specialist training for
#    the setting from a small partial index, hashed once;
# 2. `booked`: those left, with their bookings of the request's weeks read once (a range
#    scan on the partial index of live assignments) for the overlap, the month's hours
#    and the load.
# Every mediator gets the first filter she fails as `reason` (NULL: none), in the order of
# the filters; those who pass are ranked, the others counted by reason.
MATCH_SQL = """
WITH place AS MATERIALIZED (
    SELECT a.latitude::float8 AS lat, a.longitude::float8 AS lon
    FROM {area} a WHERE a.id = %(place)s
),
policy AS MATERIALIZED (
    SELECT coalesce(max(sp.allowed::int)::bool, %(default_allowed)s) AS allowed,
           coalesce(max(sp.needs_specialist_training::int)::bool, %(default_specialist)s)
               AS needs_specialist
    FROM {settingpolicy} sp
    WHERE sp.region_id = %(region)s AND sp.setting = %(setting)s AND sp.tier = %(tier)s
),
-- The great-circle distance of each of the region's areas to the place, as
-- matching.distance_km() computes it, operation by operation (the same libm, so the same
-- doubles); NULL for a remote request or an area without coordinates.
reach AS MATERIALIZED (
    SELECT a.id,
        CASE WHEN pl.lat IS NOT NULL AND pl.lon IS NOT NULL AND a.latitude IS NOT NULL
                  AND a.longitude IS NOT NULL THEN
            12742 * asin(sqrt(
                power(sin((radians(pl.lat) - radians(a.latitude::float8)) / 2), 2)
                + cos(radians(a.latitude::float8)) * cos(radians(pl.lat))
                * power(sin((radians(pl.lon) - radians(a.longitude::float8)) / 2), 2)))
        END AS distance
    FROM {area} a LEFT JOIN place pl ON true
    WHERE a.region_id = %(region)s
),
specialists AS MATERIALIZED (
    SELECT DISTINCT s.mediator_id FROM {evidence} s
    WHERE s.kind = 'specialist_training' AND s.setting = %(setting)s
      AND s.valid_from <= %(day)s AND (s.valid_until IS NULL OR s.valid_until >= %(day)s)
),
pool AS MATERIALIZED (
    SELECT m.id, m.monthly_hour_cap, m.last_assigned_at, d.distance,
        m.id IN (SELECT mediator_id FROM specialists) AS specialist,
        CASE
        WHEN NOT (SELECT allowed FROM policy) THEN 'setting'
        WHEN NOT (coalesce(m.allowed_settings @> %(setting_json)s::jsonb, false)
                  AND m.german_level = ANY(%(german_levels)s)) THEN 'setting'
        WHEN m.status = 'paused' AND (m.paused_until IS NULL OR m.paused_until >= %(day)s)
            THEN 'unavailable'
        WHEN NOT (CASE %(mode)s WHEN 'in_person' THEN m.in_person WHEN 'phone' THEN m.by_phone
                  ELSE m.by_video END) THEN 'mode'
        WHEN d.distance > m.travel_radius_km THEN 'distance'
        WHEN m.id IN (SELECT k.mediator_id FROM {conflict} k
                      WHERE k.organisation_id = %(organisation)s
                        AND (k.client_key = '' OR k.client_key = %(client_key)s))
            THEN 'conflict'
        WHEN NOT (coalesce(m.match_confidentiality @> %(day)s::date, false)
                  AND (NOT %(needs_conduct)s
                       OR (coalesce(m.match_good_conduct @> %(day)s::date, false)
                           AND coalesce(m.match_basic_training @> %(day)s::date, false))))
            THEN 'evidence'
        WHEN (SELECT needs_specialist FROM policy)
             AND m.id NOT IN (SELECT mediator_id FROM specialists) THEN 'evidence'
        WHEN coalesce(m.match_absent @> %(day)s::date, false) THEN 'unavailable'
        -- No weekly windows at all: available any time; otherwise one window must hold the
        -- request's time on its weekday.
        WHEN m.match_windows IS NOT NULL
             AND NOT (%(window_ok)s
                      AND int8range(%(week_from)s, %(week_until)s, '[]') <@ ANY(m.match_windows))
            THEN 'unavailable'
        END AS reason
    FROM {mediator} m
    JOIN reach d ON d.id = m.home_area_id
    WHERE m.region_id = %(region)s AND m.tier = %(tier)s AND m.status <> 'inactive'
      AND m.id IN (SELECT ml.mediator_id FROM {mediatorlanguage} ml
                   WHERE ml.language_id = %(language)s AND ml.level = ANY(%(levels)s)
                     AND (%(variety)s = '' OR lower(ml.variety) = lower(%(variety)s)
                          OR ml.variety = ''))
),
booked AS MATERIALIZED (
    SELECT c.id, c.monthly_hour_cap, c.last_assigned_at, c.distance, c.specialist,
        b.recent_booked, b.recent_us,
        CASE
        WHEN b.busy THEN 'overlap'
        WHEN c.monthly_hour_cap IS NOT NULL
             AND {month_hours} + %(hours)s > c.monthly_hour_cap THEN 'cap'
        END AS reason
    FROM pool c
    CROSS JOIN LATERAL (
        SELECT
            sum(x.ends_at - x.starts_at) FILTER (
                WHERE x.starts_at >= %(recent_start)s AND x.starts_at < %(start)s
            ) AS recent_booked,
            coalesce((extract(epoch FROM sum(x.ends_at - x.starts_at) FILTER (
                WHERE x.starts_at >= %(recent_start)s AND x.starts_at < %(start)s
            )) * 1000000)::int8, 0) AS recent_us,
            coalesce((extract(epoch FROM sum(x.ends_at - x.starts_at) FILTER (
                WHERE x.starts_at >= %(month_start)s AND x.starts_at < %(month_end)s
            )) * 1000000)::int8, 0) AS month_us,
            coalesce(bool_or({overlap} AND x.request_id <> %(request)s), false) AS busy
        FROM {assignment} x
        WHERE x.mediator_id = c.id AND x.status <> 'cancelled'
          AND x.starts_at >= %(window_start)s AND x.starts_at < %(window_end)s
    ) b
    WHERE c.reason IS NULL
),
scored AS (
    SELECT r.id, r.distance, r.last_assigned_at, r.recent_booked, r.recent_us, r.specialist,
        coalesce(r.monthly_hour_cap, %(default_capacity)s) AS capacity,
        (%(series)s::bigint IS NOT NULL AND EXISTS (
            SELECT 1 FROM {assignment} y JOIN {request_table} q ON q.id = y.request_id
            WHERE y.mediator_id = r.id AND y.status <> 'cancelled'
              AND q.series_id = %(series)s)) AS in_series
    FROM booked r
    WHERE r.reason IS NULL
),
ranked AS (
    SELECT s.*,
        50 * ({recent_hours} / s.capacity)::float8
        - (CASE WHEN s.last_assigned_at IS NULL THEN 90
                ELSE least(greatest(0, floor(extract(epoch FROM %(start)s - s.last_assigned_at)
                                             / 86400)), 90) END)::float8 / 3
        - CASE WHEN s.in_series THEN 60 ELSE 0 END
        + coalesce(s.distance / 2, 0)
        - CASE WHEN s.specialist THEN 10 ELSE 0 END AS score
    FROM scored s
),
left_out AS (
    SELECT coalesce(jsonb_object_agg(reason, n), '{{}}'::jsonb) AS counts
    FROM (SELECT reason, count(*) AS n FROM (
        SELECT reason FROM pool WHERE reason IS NOT NULL
        UNION ALL SELECT reason FROM booked WHERE reason IS NOT NULL
    ) reasons GROUP BY reason) counted
),
best AS (
    SELECT r.* FROM ranked r ORDER BY r.score, r.id LIMIT %(limit)s
)
-- One row at least (the counts), then the candidates with their mediator's columns.
SELECT {mediator_columns}, l.counts AS left_out, b.score, b.distance, b.recent_booked,
       b.capacity, b.in_series, b.specialist
FROM left_out l
LEFT JOIN best b ON true
LEFT JOIN {mediator} m ON m.id = b.id
ORDER BY b.score, b.id
"""


def conflicts_for(request: Request) -> list[Conflict]:
    """The declared conflicts that keep mediators off this request, for the coordinator."""
    return [
        conflict
        for conflict in Conflict.objects.filter(
            organisation_id=request.organisation_id, mediator__region_id=request.region_id
        ).select_related("mediator")
        if conflict.applies_to(request)
    ]


def match_statement(request: Request, *, limit: int | None = None) -> tuple[str, dict]:
    """`MATCH_SQL` and its parameters for `request` (also for EXPLAIN in benchmarks)."""
    day = timezone.localdate(request.starts_at)
    start, end = request.starts_at, request.ends_at
    tier = request.tier
    # The region's stored policy is read inside the statement; this is the fallback.
    default_allowed, default_specialist, _lead = DEFAULT_POLICY.get(
        (request.setting, tier), (True, False, 0)
    )
    in_person = request.mode == Mode.IN_PERSON
    levels = [code for code in LEVEL_ORDER if level_at_least(code, REQUIRED_LANGUAGE_LEVEL)]

    local_start = timezone.localtime(start).time()
    local_end = timezone.localtime(end).time()
    month_start, month_end = month_bounds(start)
    recent_start = start - dt.timedelta(days=30)
    # Bookings overlap when they meet the request's time, or its travel buffer when either
    # side is on site.
    plain = "(x.starts_at < %(end)s AND x.ends_at > %(start)s)"
    buffered = "(x.starts_at < %(end_buffer)s AND x.ends_at > %(start_buffer)s)"
    overlap = buffered if in_person else f"({plain} OR ({buffered} AND x.in_person))"
    sql = MATCH_SQL.format(
        mediator=_table(Mediator),
        area=_table(Area),
        mediatorlanguage=_table(MediatorLanguage),
        evidence=_table(Evidence),
        assignment=_table(Assignment),
        settingpolicy=_table(SettingPolicy),
        conflict=_table(Conflict),
        month_hours=_sql_tenths("b.month_us"),
        recent_hours=_sql_tenths("s.recent_us"),
        mediator_columns=", ".join(f"m.{field.column}" for field in Mediator._meta.concrete_fields),
        overlap=overlap,
        request_table=_table(Request),
    )
    params = {
        "region": request.region_id,
        "tier": tier,
        "language": request.language_id,
        "levels": levels,
        "variety": request.variety or "",
        "setting": request.setting,
        "setting_json": json.dumps([request.setting]),
        "german_levels": [
            code for code in LEVEL_ORDER if level_at_least(code, REQUIRED_GERMAN_LEVEL[tier])
        ],
        "day": day,
        "mode": request.mode,
        "place": request.place_area_id if in_person else None,
        "organisation": request.organisation_id,
        "client_key": client_key(request.client_reference),
        "default_allowed": default_allowed,
        "default_specialist": default_specialist,
        "needs_conduct": tier == Tier.VOLUNTEER,
        "window_ok": local_start < local_end,
        "week_from": week_microseconds(day.weekday(), local_start),
        "week_until": week_microseconds(day.weekday(), local_end),
        "hours": Decimal(request.duration_minutes) / 60,
        "month_start": month_start,
        "month_end": month_end,
        "recent_start": recent_start,
        "start": start,
        "end": end,
        "start_buffer": start - TRAVEL_BUFFER,
        "end_buffer": end + TRAVEL_BUFFER,
        "window_start": min(month_start, recent_start, start - TRAVEL_BUFFER - MAX_ASSIGNMENT),
        "window_end": max(month_end, end + TRAVEL_BUFFER),
        "request": request.pk or 0,
        "series": request.series_id,
        "default_capacity": DEFAULT_CAPACITY_HOURS,
        "limit": limit,
    }
    return sql, params


def propose(request: Request, *, limit: int | None = None) -> Proposal:
    """The ranked candidates for `request`, best first, and why the others were left out.

    One SQL statement applies every hard filter, ranks those who pass and returns the
    best with their mediator's columns; Python writes their reasons. Other databases (the
    SQLite demo) get the same answer from `matching_portable`, the rules in Python.
    """
    if connection.vendor != "postgresql":
        from ankommen.mediation.matching_portable import propose_portable

        return propose_portable(request, limit=limit)
    excluded: Counter = Counter()
    sql, params = match_statement(request, limit=limit)
    start = request.starts_at
    in_person = request.mode == Mode.IN_PERSON
    # As a raw queryset, so that Django builds the mediators (converters included); the
    # statement's own columns arrive as attributes.
    rows = list(Mediator.objects.raw(sql, params))
    counts = rows[0].left_out
    excluded.update(json.loads(counts) if isinstance(counts, str) else counts)
    candidates = []
    for mediator in rows:
        if mediator.pk is None:
            continue  # nobody passed: the one row carries the counts only
        hours = as_hours(mediator.recent_booked)
        load = float(hours / mediator.capacity)
        last = mediator.last_assigned_at
        days = max(0, (start - last).days) if last else None
        facts = {"in_series": mediator.in_series, "specialist": mediator.specialist}
        reasons = _reasons(
            hours, mediator.capacity, load, days, facts, mediator.distance, in_person
        )
        candidates.append(Candidate(mediator, mediator.score, reasons, mediator.distance))
    if not candidates and not excluded:
        excluded["language"] += 1
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
