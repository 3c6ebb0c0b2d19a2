"""Handing work to the workers: `start()` for a job a person starts (recorded, with its own
page), `call_later()` for small frequent work without a record (one mail of the outbox).

When the broker cannot be reached, `start()` raises `QueueUnavailable` and records nothing
(the page tells the person, she tries again later); `call_later()` returns False and the
caller keeps its own record of the work (the outbox row is sent by the periodic run).
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError

from ankommen.jobs.engine import app
from ankommen.jobs.models import Job
from ankommen.jobs.registry import BACKGROUND_FUNCTIONS, KINDS

logger = logging.getLogger(__name__)

QUEUE_UNAVAILABLE = _(
    "The job queue cannot be reached just now, so nothing was started. Please try again in "
    "a few minutes; if it keeps happening, tell the administrators."
)


class QueueUnavailable(Exception):
    """The broker does not answer; str() is the message for the person."""

    def __init__(self) -> None:
        super().__init__(str(QUEUE_UNAVAILABLE))


# After the broker failed to answer, this process does not ask it again for a while: a
# page that queues several mails waits for the timeout once, not once per mail.
QUIET_AFTER_FAILURE = 30.0
_failed_at: float | None = None


def _send(task_name: str, args: list, *, countdown: float | None = None) -> None:
    """Publish one message; raises QueueUnavailable when the broker does not answer."""
    global _failed_at
    if _failed_at is not None and time.monotonic() - _failed_at < QUIET_AFTER_FAILURE:
        raise QueueUnavailable
    try:
        app.send_task(
            task_name,
            args=args,
            countdown=countdown,
            queue=settings.ANKOMMEN_JOBS_QUEUE,
            retry=False,
        )
    except (OperationalError, OSError, RuntimeError) as error:
        logger.warning("jobs: the broker does not answer: %s", error)
        _failed_at = time.monotonic()
        raise QueueUnavailable from None
    _failed_at = None


def start(kind: str, *, region=None, started_by=None, **arguments) -> Job:
    """Record a job of `kind` and queue it. Not inside a transaction (the worker must find
    the committed row): a view that starts a job is not atomic. Raises QueueUnavailable
    (and leaves no record) when the broker cannot be reached."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of job: {kind}")
    if transaction.get_connection().in_atomic_block:
        raise RuntimeError("jobs.start() inside a transaction: the worker could miss the row")
    job = Job.objects.create(
        kind=kind,
        region=region,
        started_by=started_by,
        arguments=arguments,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        max_attempts=KINDS[kind].max_attempts,
    )
    try:
        enqueue(job)
    except QueueUnavailable:
        job.delete()
        raise
    return job


def enqueue(job: Job, *, countdown: float | None = None) -> None:
    _send("ankommen.jobs.run", [job.pk], countdown=countdown)


def call_later(function, *args) -> bool:
    """Run `function(*args)` on a worker (it must be declared with
    `@background_function`). False when the broker does not answer."""
    path = f"{function.__module__}.{function.__qualname__}"
    if BACKGROUND_FUNCTIONS.get(path) is not function:
        raise ValueError(f"{path} is not declared with @background_function")
    try:
        _send("ankommen.jobs.call", [path, list(args)])
    except QueueUnavailable:
        return False
    return True


def broker_reachable() -> bool:
    """Whether the broker answers now (for readiness and the job pages)."""
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=settings.ANKOMMEN_BROKER_TIMEOUT)
        return True
    except Exception:  # any failure to connect means: not ready
        return False


def queue_depth() -> int | None:
    """The messages waiting in the jobs' queue, or None when the broker does not answer."""
    try:
        with app.connection_for_read() as connection:
            channel = connection.default_channel
            if hasattr(channel, "_size"):  # Redis: the list's length, declared or not
                return int(channel._size(settings.ANKOMMEN_JOBS_QUEUE))
            declared = channel.queue_declare(queue=settings.ANKOMMEN_JOBS_QUEUE, passive=True)
            return int(declared.message_count)
    except Exception:  # unreachable broker, or the queue not declared yet
        return None
