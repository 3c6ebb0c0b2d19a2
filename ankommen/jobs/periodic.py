"""The periodic jobs that cron ran before: each calls a plain, idempotent function of its
module (or, where the work still lives in a command, that management command), at most once
per period (a day; the outbox once a minute).

`ankommen scheduler` (Celery beat) sends each job's message on its schedule; the worker
that takes it first claims the period by inserting a `PeriodicRun` row (name, period) — a
unique pair — in a transaction. A second beat, a message sent twice, or a second worker
finds the period taken and does nothing. A daily job is recorded as a `Job` (kind
"periodic.<name>"), failures are retried and shown on the job pages like any other.

To add one: write the plain function in your module (no arguments, safe to run twice,
returns a one-line summary or None) and add a `Periodic` line below.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from io import StringIO

from celery.schedules import crontab
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from ankommen.jobs.models import Job, PeriodicRun
from ankommen.jobs.registry import KINDS, Kind

logger = logging.getLogger(__name__)

DAILY, EVERY_MINUTE = "day", "minute"


@dataclass(frozen=True)
class Periodic:
    name: str
    # "ankommen.module.file.function" or "command:<management command>"
    target: str
    # Local time (TIME_ZONE) of a daily job.
    hour: int = 0
    minute: int = 0
    every: str = DAILY
    max_attempts: int = 3

    def schedule(self) -> crontab:
        if self.every == EVERY_MINUTE:
            return crontab()
        return crontab(hour=self.hour, minute=self.minute)

    def period(self, now: dt.datetime | None = None) -> str:
        local = timezone.localtime(now)
        if self.every == EVERY_MINUTE:
            return local.strftime("%Y-%m-%dT%H:%M")
        return local.date().isoformat()

    def call(self) -> str:
        if self.target.startswith("command:"):
            out = StringIO()
            call_command(self.target.removeprefix("command:"), stdout=out)
            return "; ".join(out.getvalue().strip().splitlines())
        result = import_string(self.target)()
        return "" if result is None else str(result)


PERIODIC: list[Periodic] = [
    # Mail whose first attempt failed (outbox/mail.py), every minute, as cron did.
    Periodic("send_outbox", "ankommen.outbox.mail.send_due", every=EVERY_MINUTE),
    Periodic("anonymise_closed_cases", "command:anonymise_closed_cases", hour=2, minute=30),
    Periodic("purge_registrations", "command:purge_registrations", hour=3, minute=0),
    Periodic("check_portal_links", "ankommen.portal.jobs.check_links_everywhere", hour=4),
    Periodic("send_freshness_reminders", "ankommen.directory.freshness.send_reminders", hour=6),
    Periodic("send_mediation_reminders", "ankommen.mediation.services.send_reminders", hour=7),
    Periodic(
        "remind_expiring_evidence",
        "ankommen.mediation.volunteers.remind_expiring_evidence",
        hour=7,
        minute=15,
    ),
    Periodic("forget_old_jobs", "ankommen.jobs.periodic.forget_old_jobs", hour=1),
    Periodic("purge_throttles", "ankommen.core.throttle.purge_expired_daily", hour=1, minute=15),
    # Answers to volunteer opportunities are kept one year at most (volunteering's notice).
    Periodic("delete_old_answers", "command:delete_old_answers", hour=3, minute=15),
    Periodic("coverage_snapshots", "ankommen.coverage.snapshots.daily_snapshots", hour=5),
    Periodic(
        "remind_base_structures",
        "ankommen.crisis.services.daily_structure_reminders",
        hour=7,
        minute=30,
    ),
]
BY_NAME = {periodic.name: periodic for periodic in PERIODIC}


def beat_schedule() -> dict:
    return {
        periodic.name: {
            "task": "ankommen.jobs.periodic",
            "schedule": periodic.schedule(),
            "args": [periodic.name],
        }
        for periodic in PERIODIC
    }


def _run_daily(job, *, name: str) -> str:
    return BY_NAME[name].call()


for _periodic in PERIODIC:
    if _periodic.every == DAILY:
        KINDS[f"periodic.{_periodic.name}"] = Kind(
            f"periodic.{_periodic.name}", _run_daily, _periodic.name, _periodic.max_attempts
        )


def claim(name: str, period: str, *, record: bool = True) -> Job | PeriodicRun | None:
    """Claim the period for the job, or None when it is taken. The row is committed before
    the job runs: two workers that claim at once cannot both succeed (unique constraint)."""
    try:
        with transaction.atomic():
            job = None
            if record:
                job = Job.objects.create(
                    kind=f"periodic.{name}",
                    arguments={"name": name},
                    max_attempts=BY_NAME[name].max_attempts,
                )
            run = PeriodicRun.objects.create(name=name, period=period, job=job)
    except IntegrityError:
        return None
    return job or run


def run_periodic(name: str, *, now: dt.datetime | None = None) -> bool:
    """Run the periodic job `name` for the current period unless it ran already; True when
    this call ran it."""
    from ankommen.jobs.runner import run_job

    periodic = BY_NAME[name]
    period = periodic.period(now)
    if periodic.every == EVERY_MINUTE:
        # Once a minute: not worth a job record each time; a failure is logged, and the
        # next minute tries again.
        if claim(name, period, record=False) is None:
            return False
        try:
            periodic.call()
        except Exception:
            logger.exception("jobs: periodic %s failed for %s", name, period)
        return True
    job = claim(name, period)
    if job is None:
        logger.info("jobs: periodic %s ran already for %s", name, period)
        return False
    run_job(job.pk)
    return True


# How long finished jobs and period claims are kept.
KEEP_JOBS = dt.timedelta(days=90)
KEEP_MINUTE_CLAIMS = dt.timedelta(days=2)


def forget_old_jobs() -> str:
    """Delete finished jobs older than 90 days and the outbox's minute claims of past days."""
    now = timezone.now()
    jobs = Job.objects.filter(
        finished_at__lt=now - KEEP_JOBS, status__in=["succeeded", "failed"]
    ).delete()[0]
    claims = PeriodicRun.objects.filter(
        job__isnull=True, claimed_at__lt=now - KEEP_MINUTE_CLAIMS
    ).delete()[0]
    return f"{jobs} old jobs, {claims} old claims deleted"
