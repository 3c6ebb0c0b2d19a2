"""The SQL engine: matching as one PostgreSQL statement.

The hard filters and the ranking of `base` are one statement (`MATCH_SQL`), so the
database answers with the few candidates asked for and a count per exclusion reason,
whatever the size of the pool; Python only writes the reasons of those returned (see the
benchmark command `benchmark_mediation` and docs/benchmarks.md). The statement's filters
are written in the order of `base.HARD_FILTERS` and its score from `base`'s weights.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from decimal import Decimal

from django.utils import timezone

from ankommen.core.models import Area
from ankommen.mediation.matching.base import (
    DAYS_PER_POINT,
    DEFAULT_CAPACITY_HOURS,
    HARD_FILTERS,
    KM_PER_POINT,
    LOAD_WEIGHT,
    MAX_ASSIGNMENT,
    ROTATION_DAYS,
    SERIES_BONUS,
    SPECIALIST_BONUS,
    TRAVEL_BUFFER,
    Candidate,
    Engine,
    as_hours,
    days_since,
    explain,
    german_levels,
    month_bounds,
    needs_good_conduct,
    spoken_levels,
)
from ankommen.mediation.models import (
    DEFAULT_POLICY,
    Assignment,
    Conflict,
    Evidence,
    MediationRequest,
    Mediator,
    MediatorLanguage,
    Mode,
    SettingPolicy,
    client_key,
)


def week_microseconds(weekday: int, moment: dt.time) -> int:
    """A time of a weekday as microseconds since Monday 00:00, as the windows are kept."""
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second
    return weekday * 86_400_000_000 + seconds * 1_000_000 + moment.microsecond


# Half to even to a tenth of an hour, in SQL, exactly as `base.as_hours` does it in
# Python: integer arithmetic on the booked time in whole microseconds (bigint), so both
# engines agree on every tie.
def _sql_tenths(microseconds: str) -> str:
    unit = 360_000_000  # microseconds in a tenth of an hour
    whole, rest = f"({microseconds} / {unit})", f"mod({microseconds}, {unit})"
    return (
        f"(({whole} + CASE WHEN 2 * {rest} > {unit} THEN 1 "
        f"WHEN 2 * {rest} = {unit} THEN mod({whole}, 2) ELSE 0 END)::numeric / 10)"
    )


def _table(model) -> str:
    return model._meta.db_table


# Each hard filter as the condition under which a mediator fails it: on her row `m` with
# its distance `d` in the first stage (`pool`), on her bookings `b` in the second
# (`booked`).
POOL_FAILS = {
    "policy": "NOT (SELECT allowed FROM policy)",
    "settings": """NOT (coalesce(m.allowed_settings @> %(setting_json)s::jsonb, false)
                  AND m.german_level = ANY(%(german_levels)s))""",
    "paused": "m.status = 'paused' AND (m.paused_until IS NULL OR m.paused_until >= %(day)s)",
    "mode": """NOT (CASE %(mode)s WHEN 'in_person' THEN m.in_person WHEN 'phone' THEN m.by_phone
                  ELSE m.by_video END)""",
    "distance": "d.distance > m.travel_radius_km",
    "conflict": """m.id IN (SELECT k.mediator_id FROM {conflict} k
                      WHERE k.organisation_id = %(organisation)s
                        AND (k.client_key = '' OR k.client_key = %(client_key)s))""",
    "evidence": """NOT (coalesce(m.match_confidentiality @> %(day)s::date, false)
                  AND (NOT %(needs_conduct)s
                       OR (coalesce(m.match_good_conduct @> %(day)s::date, false)
                           AND coalesce(m.match_basic_training @> %(day)s::date, false))))""",
    "specialist": """(SELECT needs_specialist FROM policy)
             AND m.id NOT IN (SELECT mediator_id FROM specialists)""",
    "absent": "coalesce(m.match_absent @> %(day)s::date, false)",
    # No weekly windows at all: available any time; otherwise one window must hold the
    # request's time on its weekday.
    "windows": """m.match_windows IS NOT NULL
             AND NOT (%(window_ok)s
                      AND int8range(%(week_from)s, %(week_until)s, '[]')
                          <@ ANY(m.match_windows))""",
}
BOOKED_FAILS = {
    "overlap": "b.busy",
    "cap": """c.monthly_hour_cap IS NOT NULL
             AND {month_hours} + %(hours)s > c.monthly_hour_cap""",
}


def _first_failed(fails: dict[str, str]) -> str:
    """A CASE giving the reason of the first filter (in `HARD_FILTERS` order) that fails."""
    whens = [
        f"WHEN {fails[hard.name]}\n            THEN '{hard.reason}'"
        for hard in HARD_FILTERS
        if hard.name in fails
    ]
    return "CASE\n        " + "\n        ".join(whens) + "\n        END"


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
_STATEMENT = """
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
-- base.distance_km() computes it, operation by operation (the same libm, so the same
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
        {pool_reason} AS reason
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
        {booked_reason} AS reason
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
-- base.score(), operation by operation.
ranked AS (
    SELECT s.*,
        {load_weight} * ({recent_hours} / s.capacity)::float8
        - (CASE WHEN s.last_assigned_at IS NULL THEN {rotation_days}
                ELSE least(greatest(0, floor(extract(epoch FROM %(start)s - s.last_assigned_at)
                                             / 86400)), {rotation_days}) END)::float8
          / {days_per_point}
        - CASE WHEN s.in_series THEN {series_bonus} ELSE 0 END
        + coalesce(s.distance / {km_per_point}, 0)
        - CASE WHEN s.specialist THEN {specialist_bonus} ELSE 0 END AS score
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
MATCH_SQL = _STATEMENT.replace("{pool_reason}", _first_failed(POOL_FAILS)).replace(
    "{booked_reason}", _first_failed(BOOKED_FAILS)
)


def match_statement(request: MediationRequest, *, limit: int | None = None) -> tuple[str, dict]:
    """`MATCH_SQL` and its parameters for `request` (also for EXPLAIN in benchmarks)."""
    day = timezone.localdate(request.starts_at)
    start, end = request.starts_at, request.ends_at
    tier = request.tier
    # The region's stored policy is read inside the statement; this is the fallback.
    default_allowed, default_specialist, _lead = DEFAULT_POLICY.get(
        (request.setting, tier), (True, False, 0)
    )
    in_person = request.mode == Mode.IN_PERSON

    local_start = timezone.localtime(start).time()
    local_end = timezone.localtime(end).time()
    month_start, month_end = month_bounds(start)
    recent_start = start - dt.timedelta(days=30)
    # Bookings overlap as base.overlaps() has it: when they meet the request's time, or its
    # travel buffer when either side is on site.
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
        request_table=_table(MediationRequest),
        load_weight=LOAD_WEIGHT,
        rotation_days=ROTATION_DAYS,
        days_per_point=DAYS_PER_POINT,
        series_bonus=SERIES_BONUS,
        km_per_point=KM_PER_POINT,
        specialist_bonus=SPECIALIST_BONUS,
    )
    params = {
        "region": request.region_id,
        "tier": tier,
        "language": request.language_id,
        "levels": spoken_levels(),
        "variety": request.variety or "",
        "setting": request.setting,
        "setting_json": json.dumps([request.setting]),
        "german_levels": german_levels(tier),
        "day": day,
        "mode": request.mode,
        "place": request.place_area_id if in_person else None,
        "organisation": request.organisation_id,
        "client_key": client_key(request.client_reference),
        "default_allowed": default_allowed,
        "default_specialist": default_specialist,
        "needs_conduct": needs_good_conduct(tier),
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


class SqlEngine(Engine):
    """One statement applies every hard filter, ranks those who pass and returns the best
    with their mediator's columns; Python writes their reasons. PostgreSQL only."""

    def rank(
        self, request: MediationRequest, *, limit: int | None
    ) -> tuple[list[Candidate], Counter]:
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
            reasons = explain(
                as_hours(mediator.recent_booked),
                mediator.capacity,
                days_since(start, mediator.last_assigned_at),
                in_series=mediator.in_series,
                distance=mediator.distance,
                specialist=mediator.specialist,
                in_person=in_person,
            )
            candidates.append(Candidate(mediator, mediator.score, reasons, mediator.distance))
        return candidates, excluded
