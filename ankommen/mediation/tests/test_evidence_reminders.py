"""The reminder 30 days before a mediator's evidence ends: daily, once per piece of
evidence and end date, by e-mail through Django's mail backend."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from ankommen.mediation.models import Evidence, Mediator
from ankommen.mediation.volunteers import remind_expiring_evidence

pytestmark = pytest.mark.django_db


@pytest.fixture
def ends_in(pool):
    """Sets the end of the first volunteer's certificate of good conduct `days` ahead."""

    def make(days: int) -> Evidence:
        evidence = Evidence.objects.get(
            mediator=pool.volunteers[0], kind=Evidence.Kind.GOOD_CONDUCT
        )
        evidence.valid_until = timezone.localdate() + dt.timedelta(days=days)
        evidence.save()
        return evidence

    return make


def test_evidence_ending_in_30_days_is_reminded_by_mail(
    pool, ends_in, django_capture_on_commit_callbacks
):
    evidence = ends_in(30)
    with django_capture_on_commit_callbacks(execute=True):
        remind_expiring_evidence()

    assert [m.to for m in mail.outbox] == [[pool.volunteers[0].email]]
    assert f"{evidence.valid_until:%d.%m.%Y}" in mail.outbox[0].subject
    assert "/intern/sprachmittlung/einsaetze/" in mail.outbox[0].body


def test_evidence_ending_in_31_days_is_not_reminded_yet(pool, ends_in):
    ends_in(31)
    assert remind_expiring_evidence() == []


def test_a_second_run_on_the_same_day_sends_nothing(
    pool, ends_in, django_capture_on_commit_callbacks
):
    ends_in(10)
    with django_capture_on_commit_callbacks(execute=True):
        remind_expiring_evidence()
        remind_expiring_evidence(today=timezone.localdate() + dt.timedelta(days=1))

    assert len(mail.outbox) == 1


def test_renewed_evidence_is_reminded_again_before_its_new_end(pool, ends_in):
    evidence = ends_in(10)
    remind_expiring_evidence()
    evidence.valid_until = timezone.localdate() + dt.timedelta(days=400)
    evidence.save()

    assert remind_expiring_evidence(today=timezone.localdate() + dt.timedelta(days=380)) == [
        evidence
    ]


def test_expired_evidence_is_not_reminded(pool, ends_in):
    ends_in(-1)
    assert remind_expiring_evidence() == []


def test_an_inactive_mediator_is_not_reminded(pool, ends_in):
    ends_in(5)
    Mediator.objects.filter(pk=pool.volunteers[0].pk).update(status=Mediator.Status.INACTIVE)
    assert remind_expiring_evidence() == []


def test_the_daily_command_names_what_it_reminded(pool, ends_in):
    ends_in(20)
    out = io.StringIO()
    call_command("remind_expiring_evidence", stdout=out)
    call_command("remind_expiring_evidence", stdout=out)

    assert out.getvalue().count("reminded:") == 1
