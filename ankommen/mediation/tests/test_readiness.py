"""The columns PostgreSQL keeps on each mediator's row for matching (migration 0003): the
triggers on evidence, absences and weekly windows keep them equal to the tables, in bulk,
on a move from one mediator to another, and when two transactions change one mediator."""

import datetime as dt
import threading
import time

import pytest
from django.db import connection, transaction

from ankommen.mediation.models import Absence, Evidence, Mediator, WeeklyAvailability
from ankommen.mediation.tests.factories import MediatorFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 10)


def readiness(mediator: Mediator) -> dict:
    """The kept columns, each as the list of its ranges as text (NULL: None)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT match_confidentiality::text, match_good_conduct::text,"
            " match_basic_training::text, match_absent::text, match_windows::text"
            " FROM mediation_mediator WHERE id = %s",
            [mediator.pk],
        )
        names = ("confidentiality", "good_conduct", "basic_training", "absent", "windows")
        return dict(zip(names, cursor.fetchone(), strict=True))


def test_new_evidence_is_kept_as_the_days_it_is_valid():
    mediator = MediatorFactory(evidence=False)
    Evidence.objects.create(
        mediator=mediator, kind=Evidence.Kind.CONFIDENTIALITY, valid_from=DAY, valid_until=None
    )
    Evidence.objects.create(
        mediator=mediator,
        kind=Evidence.Kind.GOOD_CONDUCT,
        valid_from=dt.date(2025, 1, 1),
        valid_until=dt.date(2025, 12, 31),
    )
    kept = readiness(mediator)
    assert kept["confidentiality"] == "{[2026-03-10,)}"
    assert kept["good_conduct"] == "{[2025-01-01,2026-01-01)}"
    assert kept["basic_training"] is None


def test_a_renewal_joins_the_days_and_a_gap_stays_a_gap():
    mediator = MediatorFactory(evidence=False)
    kind = Evidence.Kind.BASIC_TRAINING
    for start, end in [((2024, 1, 1), (2024, 12, 31)), ((2025, 1, 1), (2025, 6, 30))]:
        Evidence.objects.create(
            mediator=mediator, kind=kind, valid_from=dt.date(*start), valid_until=dt.date(*end)
        )
    Evidence.objects.create(mediator=mediator, kind=kind, valid_from=dt.date(2026, 1, 1))
    assert readiness(mediator)["basic_training"] == "{[2024-01-01,2025-07-01),[2026-01-01,)}"


def test_changing_and_deleting_evidence_changes_the_kept_days():
    mediator = MediatorFactory(evidence=False)
    evidence = Evidence.objects.create(
        mediator=mediator, kind=Evidence.Kind.CONFIDENTIALITY, valid_from=DAY
    )
    Evidence.objects.filter(pk=evidence.pk).update(valid_until=dt.date(2026, 3, 31))
    assert readiness(mediator)["confidentiality"] == "{[2026-03-10,2026-04-01)}"
    evidence.delete()
    assert readiness(mediator)["confidentiality"] is None


def test_evidence_moved_to_another_mediator_leaves_the_first_and_reaches_the_second():
    first, second = MediatorFactory(evidence=False), MediatorFactory(evidence=False)
    evidence = Evidence.objects.create(
        mediator=first, kind=Evidence.Kind.CONFIDENTIALITY, valid_from=DAY
    )
    Evidence.objects.filter(pk=evidence.pk).update(mediator=second)
    assert readiness(first)["confidentiality"] is None
    assert readiness(second)["confidentiality"] == "{[2026-03-10,)}"


def test_reversed_dates_are_never_valid_and_do_not_break_the_write():
    mediator = MediatorFactory(evidence=False)
    Evidence.objects.create(
        mediator=mediator,
        kind=Evidence.Kind.CONFIDENTIALITY,
        valid_from=DAY,
        valid_until=DAY - dt.timedelta(days=1),
    )
    Absence.objects.create(mediator=mediator, first_day=DAY, last_day=DAY - dt.timedelta(days=1))
    assert readiness(mediator)["confidentiality"] is None
    assert readiness(mediator)["absent"] is None


def test_absences_are_kept_as_days():
    mediator = MediatorFactory()
    Absence.objects.create(mediator=mediator, first_day=DAY, last_day=DAY)
    Absence.objects.create(
        mediator=mediator, first_day=dt.date(2026, 8, 1), last_day=dt.date(2026, 8, 21)
    )
    assert readiness(mediator)["absent"] == "{[2026-03-10,2026-03-11),[2026-08-01,2026-08-22)}"


def test_weekly_windows_are_kept_one_by_one_in_microseconds_of_the_week():
    mediator = MediatorFactory()
    WeeklyAvailability.objects.create(
        mediator=mediator, weekday=1, starts=dt.time(9), ends=dt.time(12, 30)
    )
    WeeklyAvailability.objects.create(
        mediator=mediator, weekday=1, starts=dt.time(12, 30), ends=dt.time(15)
    )
    tuesday = 86_400_000_000
    hour = 3_600_000_000
    nine, half_past_twelve, three = tuesday + 9 * hour, tuesday + 12.5 * hour, tuesday + 15 * hour
    # Closed ranges, not merged: a request must fit into one window.
    assert readiness(mediator)["windows"] == (
        f'{{"[{nine},{int(half_past_twelve) + 1})","[{int(half_past_twelve)},{three + 1})"}}'
    )


def test_a_window_that_ends_before_it_starts_counts_as_a_window_nothing_fits():
    mediator = MediatorFactory()
    WeeklyAvailability.objects.create(
        mediator=mediator, weekday=0, starts=dt.time(18), ends=dt.time(8)
    )
    assert readiness(mediator)["windows"] == "{empty}"


def test_a_bulk_insert_refreshes_every_mediator_it_touches():
    mediators = [MediatorFactory(evidence=False) for _ in range(3)]
    Evidence.objects.bulk_create(
        Evidence(mediator=m, kind=Evidence.Kind.CONFIDENTIALITY, valid_from=DAY) for m in mediators
    )
    assert [readiness(m)["confidentiality"] for m in mediators] == ["{[2026-03-10,)}"] * 3


@pytest.mark.django_db(transaction=True)
def test_two_transactions_adding_evidence_to_one_mediator_both_count():
    """The second transaction's trigger waits for the first's lock on the mediator's row and
    then reads what the first committed, so neither piece of evidence is lost."""
    mediator = MediatorFactory(evidence=False)
    second_started = threading.Event()

    def add_second():
        try:
            with transaction.atomic():
                second_started.set()
                Evidence.objects.create(
                    mediator=mediator, kind=Evidence.Kind.GOOD_CONDUCT, valid_from=DAY
                )
        finally:
            connection.close()

    with transaction.atomic():
        Evidence.objects.create(
            mediator=mediator, kind=Evidence.Kind.CONFIDENTIALITY, valid_from=DAY
        )
        other = threading.Thread(target=add_second)
        other.start()
        second_started.wait()
        _wait_until_a_backend_waits_for_a_lock()
    other.join()

    kept = readiness(mediator)
    assert kept["confidentiality"] == "{[2026-03-10,)}"
    assert kept["good_conduct"] == "{[2026-03-10,)}"


def _wait_until_a_backend_waits_for_a_lock(timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    raise AssertionError("the second transaction never waited for the first")
