"""Liveness and readiness (docs/operations.md, "Monitoring").

Liveness says the process answers and depends on nothing, so that a load balancer or
systemd does not restart healthy processes while the database is away. Readiness says
whether this instance can serve: the database answers, no migration is pending, every
configured cache answers, and every module's own `readiness_checks()` (ankommen/core/
modules.py; the task queue's broker, for instance) pass.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from ankommen.core.modules import modules_with

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Result:
    name: str
    ok: bool
    detail: str = ""

    def as_json(self) -> dict[str, str]:
        answer = {"status": "ok" if self.ok else "fail"}
        if self.detail:
            answer["detail"] = self.detail
        return answer


def database_answers() -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")


# Once every migration is applied it stays so for this process's code (a new release with
# new migrations is a new process): the migration files are read once, not every probe.
_migrations_seen_applied = False


def migrations_applied() -> None:
    global _migrations_seen_applied
    if _migrations_seen_applied:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise NotReady(f"{len(pending)} migrations not applied")
    _migrations_seen_applied = True


def cache_answers(alias: str) -> Callable[[], None]:
    def probe() -> None:
        cache = caches[alias]
        key = f"ankommen-readiness-{uuid.uuid4().hex}"
        cache.set(key, "1", timeout=10)
        found = cache.get(key)
        cache.delete(key)
        if found != "1":
            raise NotReady("a value written could not be read back")

    return probe


class NotReady(Exception):
    """A readiness probe's own verdict; its message is safe to show in the answer."""


def probes() -> list[tuple[str, Callable[[], None]]]:
    """Every readiness probe, in order: the platform's, then the modules' hooks."""
    found: list[tuple[str, Callable[[], None]]] = [
        ("database", database_answers),
        ("migrations", migrations_applied),
    ]
    found += [(f"cache:{alias}", cache_answers(alias)) for alias in settings.CACHES]
    for config in modules_with("readiness_checks"):
        found += [(name, probe) for name, probe in config.readiness_checks().items()]
    return found


def run(name: str, probe: Callable[[], None]) -> Result:
    try:
        probe()
    except NotReady as reason:
        return Result(name, False, str(reason))
    except Exception as error:  # any failure makes this instance not ready
        # The message may name hosts or users: it goes to the log, the answer (which a
        # load balancer may show) names only the kind of failure.
        logger.warning("readiness: %s failed: %r", name, error)
        return Result(name, False, error.__class__.__name__)
    return Result(name, True)


def readiness() -> list[Result]:
    return [run(name, probe) for name, probe in probes()]
