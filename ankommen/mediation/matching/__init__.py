"""Who can take a request, and in which order: one set of rules, two engines.

`propose(request)` applies the hard filters (language, setting allowed for the tier,
evidence valid on the day, active and available, mode, reachable, no declared conflict of
interest, no overlap including a travel buffer, under the monthly cap) and ranks the rest
with a reason for every signal: load relative to the mediator's own capacity, time since
her last assignment, continuity in a series, distance, specialist training.

- `base`: the rules, once — eligibility, the order of the hard filters, the weights of
  the ranking, the explanation of a candidate's place, and the `Engine` interface;
- `sql.SqlEngine`: the rules as one PostgreSQL statement, fast on any pool size;
- `python.PythonEngine`: the rules with the ORM and Python, for every other database (the
  SQLite demo);
- `engine()`: which of the two a database gets.

Both engines give the same answer to the last bit; `tests/test_matching_portable.py`
holds them side by side on PostgreSQL.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections

from ankommen.mediation.matching.base import (
    EXCLUSION_REASONS,
    HARD_FILTERS,
    OFFER_WAVE,
    REQUIRED_GERMAN_LEVEL,
    REQUIRED_LANGUAGE_LEVEL,
    TRAVEL_BUFFER,
    Candidate,
    Engine,
    Proposal,
    conflicts_for,
    distance_km,
    hours_by_mediator,
    month_bounds,
)
from ankommen.mediation.matching.python import PythonEngine
from ankommen.mediation.matching.sql import SqlEngine
from ankommen.mediation.models import MediationRequest

__all__ = [
    "EXCLUSION_REASONS",
    "HARD_FILTERS",
    "OFFER_WAVE",
    "REQUIRED_GERMAN_LEVEL",
    "REQUIRED_LANGUAGE_LEVEL",
    "TRAVEL_BUFFER",
    "Candidate",
    "Engine",
    "Proposal",
    "PythonEngine",
    "SqlEngine",
    "conflicts_for",
    "distance_km",
    "engine",
    "hours_by_mediator",
    "month_bounds",
    "propose",
]


def engine(using: str = DEFAULT_DB_ALIAS) -> Engine:
    """The engine for the database: the one statement on PostgreSQL, the rules in Python
    on every other."""
    if connections[using].vendor == "postgresql":
        return SqlEngine()
    return PythonEngine()


def propose(request: MediationRequest, *, limit: int | None = None) -> Proposal:
    """The ranked candidates for `request`, best first, and why the others were left out."""
    return engine().propose(request, limit=limit)
