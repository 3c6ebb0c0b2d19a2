"""The Celery application, configured from Django's settings (ANKOMMEN_BROKER_URL …).

Every task is acknowledged only after it ran (`acks_late`) and put back on the queue when
the process running it dies (`reject_on_worker_lost`): a job is never lost with its
worker, so every job must be safe to run twice (see registry.py). A worker takes one
message at a time, so a long job does not hold others back on a busy worker.
"""

from __future__ import annotations

from celery import Celery
from django.conf import settings

app = Celery("ankommen")

# Longer than the longest job: a message not acknowledged within it is delivered again
# (Redis), which must not happen to a job that is still running.
VISIBILITY_TIMEOUT = 6 * 60 * 60


def configure(*, beat_schedule: dict | None = None) -> None:
    """Read the settings; called once the apps are ready (web process and worker alike),
    with the periodic jobs' schedule (periodic.py)."""
    timeout = settings.ANKOMMEN_BROKER_TIMEOUT
    app.conf.update(
        broker_url=settings.ANKOMMEN_BROKER_URL,
        broker_connection_retry_on_startup=True,
        broker_transport_options={
            "visibility_timeout": VISIBILITY_TIMEOUT,
            "socket_connect_timeout": timeout,
            "socket_timeout": timeout,
            "max_retries": 1,
        },
        broker_connection_timeout=timeout,
        task_default_queue=settings.ANKOMMEN_JOBS_QUEUE,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_ignore_result=True,
        task_serializer="json",
        accept_content=["json"],
        worker_prefetch_multiplier=1,
        worker_hijack_root_logger=False,
        timezone=settings.TIME_ZONE,
        enable_utc=True,
    )
    if beat_schedule is not None:
        app.conf.beat_schedule = beat_schedule


def reset_connections() -> None:
    """Forget the broker connections (after the broker URL changed: the tests)."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
