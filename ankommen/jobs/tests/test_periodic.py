"""Periodic jobs: each runs at most once per period, whoever claims it; the claim is a
unique row, so two workers that claim at the same moment cannot both win."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from ankommen.jobs.models import Job, JobStatus, PeriodicRun
from ankommen.jobs.periodic import BY_NAME, beat_schedule, claim, run_periodic

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_workers_claiming_the_same_day_at_once_run_it_once():
    barrier = threading.Barrier(2)
    won = []

    def claim_it():
        barrier.wait()
        try:
            won.append(claim("send_freshness_reminders", "2026-12-08") is not None)
        finally:
            connection.close()

    threads = [threading.Thread(target=claim_it) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(won) == [False, True]


def test_a_periodic_job_runs_once_a_day_however_often_it_is_sent(cast):
    morning = timezone.make_aware(dt.datetime(2026, 12, 8, 6, 0))
    assert run_periodic("purge_registrations", now=morning) is True
    assert run_periodic("purge_registrations", now=morning + dt.timedelta(hours=2)) is False
    job = Job.objects.get(kind="periodic.purge_registrations")
    assert job.status == JobStatus.SUCCEEDED
    assert "deleted 0 past registrations" in job.message


def test_the_next_day_runs_again(cast):
    morning = timezone.make_aware(dt.datetime(2026, 12, 8, 6, 0))
    run_periodic("purge_registrations", now=morning)
    run_periodic("purge_registrations", now=morning + dt.timedelta(days=1))
    assert PeriodicRun.objects.filter(name="purge_registrations").count() == 2


def test_the_outbox_runs_once_a_minute_without_a_job_record():
    now = timezone.make_aware(dt.datetime(2026, 12, 8, 6, 0, 10))
    assert run_periodic("send_outbox", now=now) is True
    assert run_periodic("send_outbox", now=now + dt.timedelta(seconds=30)) is False
    assert run_periodic("send_outbox", now=now + dt.timedelta(seconds=60)) is True
    assert not Job.objects.exists()


def test_every_periodic_job_names_a_function_that_exists():
    from django.core.management import get_commands
    from django.utils.module_loading import import_string

    for periodic in BY_NAME.values():
        if periodic.target.startswith("command:"):
            assert periodic.target.removeprefix("command:") in get_commands()
        else:
            assert callable(import_string(periodic.target))
    assert set(beat_schedule()) == set(BY_NAME)


@pytest.mark.parametrize(
    "name",
    ["purge_throttles", "delete_old_answers", "coverage_snapshots", "remind_base_structures"],
)
def test_the_modules_daily_jobs_run_and_say_what_they_did(name):
    # On an installation without data each has nothing to do, and says so in one line.
    summary = BY_NAME[name].call()
    assert isinstance(summary, str) and "\n" not in summary
