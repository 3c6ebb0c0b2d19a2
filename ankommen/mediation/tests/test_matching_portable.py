"""The portable matching (`matching.PythonEngine`, what SQLite and every database other
than PostgreSQL run) answers exactly as the statement of `matching.SqlEngine` does: held
side by side on PostgreSQL over a seeded random pool that touches every rule."""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from ankommen.core.models import Area, Organisation
from ankommen.core.tests.factories import AreaFactory, OrganisationFactory
from ankommen.mediation.matching import EXCLUSION_REASONS, Proposal, PythonEngine, SqlEngine
from ankommen.mediation.matching.base import as_hours
from ankommen.mediation.matching.python import statement_load
from ankommen.mediation.matching.sql import _sql_tenths
from ankommen.mediation.models import (
    Absence,
    Assignment,
    Conflict,
    Evidence,
    MediationLanguage,
    MediationRequest,
    Mediator,
    MediatorLanguage,
    Mode,
    RequestSeries,
    Setting,
    SettingPolicy,
    Tier,
    WeeklyAvailability,
)
from ankommen.mediation.tests.factories import (
    MediationLanguageFactory,
    MediationRequestFactory,
    MediatorFactory,
)

pytestmark = pytest.mark.django_db

SEED = 20260329
MEDIATORS = 100
YEAR_BEFORE = dt.date(2025, 1, 1)
# Requests ask mostly for the settings volunteers may take.
SETTINGS_ASKED = [*Setting.values[:3]] * 3 + Setting.values[3:]

# Everybody, and the few best as the pages and the offer wave ask.
LIMITS = [None, 4]

# Varieties as mediators give them, and as requests ask for them (other case, unknown).
VARIETIES = {"ar": ["", "Levantinisch", "Ägyptisch"], "fa": ["", "Dari"], "bg": [""]}
ASKED_VARIETIES = ["", "levantinisch", "ÄGYPTISCH", "Dari", "Sorani"]

# Appointments cluster around month ends (the cap's month, the 30 days of the load), the
# change to and from summer time, and late evenings that run past midnight.
ANCHORS = [
    (2026, 3, 31, 17, 0),
    (2026, 4, 1, 9, 30),
    (2026, 10, 31, 22, 45),
    (2026, 11, 30, 14, 15),
]


@dataclass
class World:
    anchors: list[dt.datetime]
    areas: list[Area]
    organisations: list[Organisation]
    languages: list[MediationLanguage]
    series: list[RequestSeries | None]


def _moment(rng: random.Random, world: World, days: tuple[int, int]) -> dt.datetime:
    anchor = rng.choice(world.anchors)
    return anchor + dt.timedelta(days=rng.randint(*days), minutes=15 * rng.randint(-20, 20))


def _world(rng: random.Random, region, other_region) -> World:
    areas = [
        AreaFactory(
            region=region,
            latitude=Decimal(rng.randint(5_170_000, 5_210_000)) / 100_000,
            longitude=Decimal(rng.randint(810_000, 860_000)) / 100_000,
        )
        for _n in range(6)
    ]
    areas.append(AreaFactory(region=region))  # without coordinates: no distance
    organisations = [OrganisationFactory(region=region) for _n in range(3)]
    languages = [
        MediationLanguageFactory(code=code, name_de=code, name_en=code) for code in VARIETIES
    ]
    series = [
        RequestSeries.objects.create(region=region, organisation=organisation, title="Reihe")
        for organisation in organisations[:2]
    ]
    for setting in Setting.values:
        for tier in Tier.values:
            if rng.random() < 0.3:
                SettingPolicy.objects.create(
                    region=region,
                    setting=setting,
                    tier=tier,
                    allowed=rng.random() < 0.9,
                    needs_specialist_training=rng.random() < 0.3,
                )
    # Tigrinya is only spoken in the other region: nobody here speaks it.
    tigrinya = MediationLanguageFactory(code="ti", name_de="ti", name_en="ti")
    MediatorFactory(region=other_region, speaks=["ti", "ar"])
    anchors = [timezone.make_aware(dt.datetime(*anchor)) for anchor in ANCHORS]
    return World(anchors, areas, organisations, [*languages, tigrinya], [None, *series])


# What can keep a mediator off a request; each mediator has up to three of these.
DEFECTS = [
    "paused",
    "german",
    "settings",
    "modes",
    "radius",
    "evidence",
    "conflict",
    "cap",
    "inactive",
]


def _mediator(rng: random.Random, world: World, region) -> tuple[Mediator, list[str]]:
    """A mediator with her languages, evidence, absences, windows, conflicts and
    bookings, and the defects she was given."""
    day = timezone.localdate(rng.choice(world.anchors))
    defects = rng.sample(DEFECTS, rng.choice([0, 0, 1, 1, 2, 2, 3]))
    mediator = MediatorFactory(
        region=region,
        speaks=[],
        evidence=False,
        tier=rng.choice([Tier.VOLUNTEER, Tier.VOLUNTEER, Tier.PROFESSIONAL]),
        status="inactive"
        if "inactive" in defects
        else "paused"
        if "paused" in defects
        else "active",
        paused_until=rng.choice([None, day - dt.timedelta(days=1), day, day + dt.timedelta(5)])
        if "paused" in defects
        else None,
        german_level=rng.choice(["A2", "B1", "B2"] if "german" in defects else ["C1", "native"]),
        allowed_settings=rng.sample(Setting.values, rng.randint(0, 3))
        if "settings" in defects
        else [*Setting.values[:3], *rng.sample(Setting.values[3:], rng.randint(0, 3))],
        in_person="modes" not in defects or rng.random() < 0.3,
        by_phone="modes" not in defects or rng.random() < 0.3,
        by_video=rng.random() < 0.5,
        home_area=rng.choice(world.areas),
        travel_radius_km=rng.choice([3, 8] if "radius" in defects else [15, 30, 60, 60]),
        monthly_hour_cap=rng.choice(
            [2, 4, Decimal("7.5")] if "cap" in defects else [None, 8, 12, Decimal("20.5")]
        ),
        last_assigned_at=rng.choice([None, _moment(rng, world, (-120, 3))]),
    )
    for language in rng.sample(world.languages[:3], rng.randint(1, 2)):
        varieties = VARIETIES[language.code]
        for variety in rng.sample(varieties, rng.randint(1, min(2, len(varieties)))):
            MediatorLanguage.objects.create(
                mediator=mediator,
                language=language,
                variety=variety,
                level=rng.choice(["B1", "B2", "C1", "native", "native"]),
            )
    for kind in Evidence.Kind.values:
        specialist = kind == Evidence.Kind.SPECIALIST_TRAINING
        if rng.random() < (0.5 if specialist else 0.3 if "evidence" in defects else 0):
            continue
        # Most evidence holds throughout; some starts or ends around her day.
        edge = day
        around = rng.random() < (0.5 if "evidence" in defects else 0.1)
        Evidence.objects.create(
            mediator=mediator,
            kind=kind,
            setting=rng.choice([*SETTINGS_ASKED, "medical"]) if specialist else "",
            valid_from=edge - dt.timedelta(rng.choice([0, -1, 10])) if around else YEAR_BEFORE,
            valid_until=rng.choice([None, edge, edge - dt.timedelta(1)]) if around else None,
        )
    if rng.random() < 0.3:
        first = day + dt.timedelta(days=rng.randint(-3, 1))
        Absence.objects.create(
            mediator=mediator, first_day=first, last_day=first + dt.timedelta(rng.randint(0, 3))
        )
    if rng.random() < 0.3:
        for _n in range(rng.randint(1, 4)):
            starts = rng.randint(12, 32)  # half hours
            WeeklyAvailability.objects.create(
                mediator=mediator,
                weekday=rng.randint(0, 6),
                starts=dt.time(starts // 2, 30 * (starts % 2)),
                ends=dt.time(min(23, starts // 2 + rng.randint(2, 10)), 30 * (starts % 2)),
            )
    if "conflict" in defects:
        Conflict.objects.create(
            mediator=mediator,
            organisation=rng.choice(world.organisations),
            client_reference=rng.choice(["", "D.K.", "A.M."]),
            reason="Nachbarin",
        )
    for _n in range(rng.choice([0, 2, 4, 6, 10])):
        start = _moment(rng, world, rng.choice([(-40, 2), (0, 0)]))
        minutes = rng.choice([15, 45, 60, 90, 93, 120, 183, 240, 423, 480])
        in_person = rng.random() < 0.6
        booked = _request(
            rng,
            world,
            region,
            starts_at=start,
            duration_minutes=minutes,
            **_for(rng, mediator)
            | {"mode": Mode.IN_PERSON if in_person else rng.choice([Mode.PHONE, Mode.VIDEO])},
        )
        Assignment.objects.create(
            request=booked,
            mediator=mediator,
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=minutes),
            in_person=in_person,
            status=rng.choice(["confirmed", "confirmed", "done", "cancelled"]),
        )
    return mediator, defects


def _request(rng: random.Random, world: World, region, **fixed) -> MediationRequest:
    """A request of random kind, time and place, but for what `fixed` gives."""
    mode = fixed.pop("mode", None) or rng.choice(
        [Mode.IN_PERSON, Mode.IN_PERSON, Mode.PHONE, Mode.VIDEO]
    )
    values = {
        "organisation": rng.choice(world.organisations),
        "language": rng.choice([*world.languages[:3]] * 4 + world.languages[3:]),
        "variety": rng.choice(ASKED_VARIETIES),
        "tier": rng.choice([Tier.VOLUNTEER, Tier.VOLUNTEER, Tier.PROFESSIONAL]),
        "starts_at": _moment(rng, world, (-1, 1)),
        "duration_minutes": rng.choice([30, 60, 90, 120, 183, 240]),
        "mode": mode,
        "place_area": rng.choice([*world.areas, None]) if mode == Mode.IN_PERSON else None,
        "setting": rng.choice(SETTINGS_ASKED),
        "client_reference": rng.choice(["", "dk", "A. M.", "X"]),
        "series": rng.choice(world.series),
    }
    return MediationRequestFactory(region=region, **(values | fixed))


def _for(rng: random.Random, mediator: Mediator) -> dict:
    """What a request asks for when it is meant for this mediator (but for the time): her
    language, tier and a setting and mode she takes, at her home."""
    mode = rng.choice(sorted(mediator.modes()) or [Mode.PHONE])
    return {
        "language": mediator.languages.first().language,
        "variety": "",
        "tier": mediator.tier,
        "setting": next(
            (s for s in SETTINGS_ASKED if s in mediator.allowed_settings), Setting.EVERYDAY
        ),
        "mode": mode,
        "place_area": mediator.home_area if mode == Mode.IN_PERSON else None,
    }


def _some(rng: random.Random, items: list, count: int) -> list:
    return rng.sample(items, min(count, len(items)))


def _edge_days(mediator: Mediator) -> list[dt.date]:
    """The days on which one of her absences, pieces of evidence or her pause begins or
    ends."""
    days = [day for a in mediator.absences.all() for day in (a.first_day, a.last_day)]
    days += [
        day
        for evidence in mediator.evidence.all()
        for day in (evidence.valid_from, evidence.valid_until)
        if day not in (None, YEAR_BEFORE)
    ]
    return days + ([mediator.paused_until] if mediator.paused_until else [])


@pytest.fixture
def requests_in_a_random_pool(cast) -> list[MediationRequest]:
    """A hundred mediators of every kind with their bookings, and requests: eighty at
    random, sixty meant for one mediator on the days her evidence, absence or pause begin or
    end, forty at the edges of a sound mediator's booking (travel buffer), twenty-five at
    the edges of somebody's weekly window, one from the organisation of each declared
    conflict, one at the cap, one in a series whose only booking was cancelled, and forty
    that are booked themselves (some cancelled, in a series)."""
    rng = random.Random(SEED)  # noqa: S311  (a repeatable pool)
    world = _world(rng, cast.region, cast.other_region)
    sound = {
        mediator.pk
        for mediator, defects in (_mediator(rng, world, cast.region) for _n in range(MEDIATORS))
        if not defects
    }
    requests = [_request(rng, world, cast.region) for _n in range(80)]
    edged = [
        (mediator, days)
        for mediator in Mediator.objects.filter(region=cast.region).order_by("pk")
        if (days := _edge_days(mediator))
    ]
    for mediator, days in _some(rng, edged, 60):
        start = dt.datetime.combine(rng.choice(days), dt.time(rng.randint(8, 20), 15))
        requests.append(
            _request(
                rng, world, cast.region, starts_at=timezone.make_aware(start), **_for(rng, mediator)
            )
        )
    bookings = list(Assignment.objects.select_related("mediator", "request").order_by("pk"))
    live = [b for b in bookings if b.status != "cancelled" and b.mediator_id in sound]
    for booking in _some(rng, live, 40):
        minutes = rng.choice([30, 60, 90])
        gap = dt.timedelta(minutes=rng.choice([0, 15, 30, 45]))
        start = rng.choice(
            [booking.ends_at + gap, booking.starts_at - gap - dt.timedelta(minutes=minutes)]
        )
        requests.append(
            _request(
                rng,
                world,
                cast.region,
                starts_at=start,
                duration_minutes=minutes,
                **_for(rng, booking.mediator),
            )
        )
    for window in _some(rng, list(WeeklyAvailability.objects.select_related("mediator")), 25):
        anchor = timezone.localtime(rng.choice(world.anchors))
        day = anchor.date() + dt.timedelta((window.weekday - anchor.weekday()) % 7)
        # Just the window, a quarter hour more or less on one side.
        early, late = rng.choice([(0, 0), (0, 0), (-15, 0), (0, 15), (15, 0), (0, -15)])
        start = dt.datetime.combine(day, window.starts) + dt.timedelta(minutes=early)
        end = dt.datetime.combine(day, window.ends) + dt.timedelta(minutes=late)
        minutes = (end - start) // dt.timedelta(minutes=1)
        requests.append(
            _request(
                rng,
                world,
                cast.region,
                starts_at=timezone.make_aware(start),
                duration_minutes=max(15, min(480, minutes)),
                **_for(rng, window.mediator),
            )
        )
    for conflict in Conflict.objects.select_related("mediator").order_by("pk"):
        requests.append(
            _request(
                rng,
                world,
                cast.region,
                organisation=conflict.organisation,
                client_reference=rng.choice(["", "dk", "A. M.", "X"]),
                **_for(rng, conflict.mediator),
            )
        )
    # The cap at a tie: 7 h 03 min booked are 7.0 h half to even (7.1 h half up), and
    # one hour more just fits a cap of 8.
    tied = MediatorFactory(region=cast.region, monthly_hour_cap=8, travel_radius_km=60)
    month_start = timezone.localtime(world.anchors[0]).replace(day=1, hour=8, minute=0)
    tie = _request(rng, world, cast.region, starts_at=month_start, **_for(rng, tied))
    Assignment.objects.create(
        request=tie,
        mediator=tied,
        starts_at=month_start,
        ends_at=month_start + dt.timedelta(minutes=7 * 60 + 3),
    )
    requests.append(
        _request(
            rng,
            world,
            cast.region,
            starts_at=world.anchors[0],
            duration_minutes=60,
            **_for(rng, tied),
        )
    )
    # Continuity reads live bookings only: her one booking in the series was cancelled.
    left = MediatorFactory(region=cast.region, travel_radius_km=60, monthly_hour_cap=None)
    earlier = _request(rng, world, cast.region, series=world.series[1], **_for(rng, left))
    Assignment.objects.create(
        request=earlier,
        mediator=left,
        starts_at=earlier.starts_at,
        ends_at=earlier.ends_at,
        status="cancelled",
    )
    requests.append(_request(rng, world, cast.region, series=world.series[1], **_for(rng, left)))
    cancelled_in_series = [
        b
        for b in bookings
        if b.status == "cancelled" and b.request.series_id is not None and b.mediator_id in sound
    ]
    booked = [
        *_some(rng, bookings, 10),
        *_some(rng, live, 20),
        *_some(rng, cancelled_in_series, 10),
    ]
    return requests + [booking.request for booking in booked]


def _numbers(proposals: dict, name: str) -> dict:
    return {
        (*key, c.mediator.pk): getattr(c, name)
        for key, proposal in proposals.items()
        for c in proposal.candidates
    }


def _answer(proposal: Proposal) -> dict:
    return {
        "ids": [c.mediator.pk for c in proposal.candidates],
        "reasons": [c.reasons for c in proposal.candidates],
        "excluded": dict(proposal.excluded),
    }


def test_the_portable_version_answers_as_the_statement(requests_in_a_random_pool):
    requests = requests_in_a_random_pool
    sql, python = SqlEngine(), PythonEngine()
    statement = {(r.pk, limit): sql.propose(r, limit=limit) for r in requests for limit in LIMITS}
    portable = {(r.pk, limit): python.propose(r, limit=limit) for r in requests for limit in LIMITS}

    # The pool touches every rule: each reason leaves somebody out, each signal ranks.
    reasons = {reason for p in statement.values() for reason in p.excluded}
    assert reasons == set(EXCLUSION_REASONS)
    lines = " ".join(line for p in statement.values() for c in p.candidates for line in c.reasons)
    for signal in ("series", "specialist", "remote", "km away", "no assignment", "days ago"):
        assert signal in lines
    assert sum(len(p.candidates) for p in statement.values()) >= 300

    assert {key: _answer(p) for key, p in portable.items()} == {
        key: _answer(p) for key, p in statement.items()
    }
    assert _numbers(portable, "score") == pytest.approx(_numbers(statement, "score"), abs=1e-9)
    assert _numbers(portable, "distance_km") == pytest.approx(
        _numbers(statement, "distance_km"), abs=1e-9
    )


def test_the_load_is_the_statements_to_the_last_bit():
    # Booked time in whole minutes (in microseconds, as the statement rounds it) and
    # capacities as the cap column holds them: the statement's `(tenths / capacity)::float8`
    # against `statement_load`.
    minutes = list(range(0, 3000, 11))
    capacities = [Decimal(tenths) / 10 for tenths in range(1, 400, 3)] + [Decimal("10")]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT m, c, ({_sql_tenths('booked')} / c)::float8 FROM ("  # noqa: S608
            "  SELECT m, c, m::int8 * 60000000 AS booked"
            "  FROM unnest(%s::int[]) m CROSS JOIN unnest(%s::numeric[]) c) loads",
            [minutes, capacities],
        )
        rows = cursor.fetchall()

    differing = [
        (m, c, load)
        for m, c, load in rows
        if statement_load(as_hours(dt.timedelta(minutes=m)), c) != load
    ]
    assert differing == []
