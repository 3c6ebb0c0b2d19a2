"""Running one job in a worker: attempts, progress, retries with growing pauses, failure.

A job is delivered again when its worker dies (engine.py); the row tells what happened:
a finished job is not run again, a job found "running" is one whose worker died, and runs
again as its next attempt (its function wrote nothing, or wrote it in a transaction that
the death rolled back).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ankommen.jobs.models import Job, JobStatus
from ankommen.jobs.registry import KINDS, JobFailed

logger = logging.getLogger(__name__)

LONGEST_PAUSE = dt.timedelta(minutes=30)


def pause_after(attempts: int) -> dt.timedelta:
    """The wait before the next attempt, after `attempts` failed ones: 30 s, 1 min, 2 min …
    (ANKOMMEN_JOBS_RETRY_SECONDS the first), at most 30 minutes."""
    first = dt.timedelta(seconds=settings.ANKOMMEN_JOBS_RETRY_SECONDS)
    return min(first * 2 ** max(attempts - 1, 0), LONGEST_PAUSE)


def _claim(job_id: int) -> Job | None:
    """Mark the job running as its next attempt, or None when there is nothing to run."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.finished:
            return None
        job.attempts += 1
        job.status = JobStatus.RUNNING
        job.started_at = timezone.now()
        job.next_attempt_at = None
        job.worker = f"{socket.gethostname()}:{os.getpid()}"
        job.save(update_fields=["attempts", "status", "started_at", "next_attempt_at", "worker"])
    return job


def _finish(job: Job, status: str, **fields) -> None:
    job.status = status
    job.finished_at = timezone.now() if status in (JobStatus.SUCCEEDED, JobStatus.FAILED) else None
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(
        update_fields=[
            "status",
            "finished_at",
            "message",
            "details",
            "error",
            "next_attempt_at",
            "done",
            "total",
        ]
    )


def run_job(job_id: int) -> str | None:
    """One attempt at a job; returns its new status (None: nothing to do). Never raises for
    the job's own failure: that is recorded on the row, and retried while attempts remain."""
    from ankommen.jobs.dispatch import QueueUnavailable, enqueue

    job = _claim(job_id)
    if job is None:
        return None
    # A worker outlives migrations (and the tests' flushed databases): content type ids
    # cached by an earlier job may be stale.
    ContentType.objects.clear_cache()
    kind = KINDS.get(job.kind)
    with translation.override(job.language):
        if kind is None:
            _finish(job, JobStatus.FAILED, error=_("This kind of job is not known here."))
            return job.status
        if job.attempts > job.max_attempts:
            # Delivered again after its worker died on the last attempt.
            _finish(
                job,
                JobStatus.FAILED,
                error=job.error
                or _("The job was interrupted %(count)s times and is not tried again.")
                % {"count": job.max_attempts},
            )
            return job.status
        try:
            message = kind.function(job, **job.arguments)
        except JobFailed as error:
            _finish(job, JobStatus.FAILED, error=str(error))
        except Exception as error:  # the job's own failure: recorded, retried within limits
            logger.warning("jobs: %s failed (attempt %s): %s", job, job.attempts, error)
            text = str(error) or type(error).__name__
            if job.attempts >= job.max_attempts:
                _finish(job, JobStatus.FAILED, error=text)
            else:
                pause = pause_after(job.attempts)
                _finish(
                    job,
                    JobStatus.RETRYING,
                    error=text,
                    next_attempt_at=timezone.now() + pause,
                )
                try:
                    enqueue(job, countdown=pause.total_seconds())
                except QueueUnavailable:
                    _finish(job, JobStatus.FAILED, error=text)
        else:
            _finish(job, JobStatus.SUCCEEDED, message=str(message or ""), error="")
    return job.status


def retry_failed(job: Job) -> None:
    """Staff ask for a failed job to be tried again: a fresh set of attempts."""
    from ankommen.jobs.dispatch import enqueue

    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        if locked.status != JobStatus.FAILED:
            return
        locked.status = JobStatus.QUEUED
        locked.max_attempts = locked.attempts + KINDS[locked.kind].max_attempts
        locked.finished_at = None
        locked.save(update_fields=["status", "max_attempts", "finished_at"])
    enqueue(locked)
