"""Mail through the outbox, against a real SMTP server on 127.0.0.1: sent after the commit
when the server is up; recorded, not raised, when it is down; sent by `send_outbox` once it
is back; never sent for a transaction that rolled back."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from ankommen.outbox.mail import MAX_ATTEMPTS, deliver, pause_after, queue_mail
from ankommen.outbox.models import OutgoingMail

real_commits = pytest.mark.django_db(transaction=True)


def _queue(**changes):
    values = {
        "subject": "Anfrage Sprachmittlung",
        "message": "Guten Tag,\nbitte antworten Sie.",
        "from_email": None,
        "recipient_list": ["lotsin@example.org"],
    }
    values.update(changes)
    return queue_mail(
        values.pop("subject"),
        values.pop("message"),
        values.pop("from_email"),
        values.pop("recipient_list"),
        **values,
    )


def _make_due(mail: OutgoingMail) -> None:
    OutgoingMail.objects.filter(pk=mail.pk).update(
        next_attempt_at=timezone.now() - dt.timedelta(seconds=1)
    )


@real_commits
def test_a_mail_is_sent_right_after_its_transaction_commits(smtp):
    smtp.start()
    with transaction.atomic():
        mail = _queue()
        assert smtp.messages == []
    assert [m["Subject"] for m in smtp.messages] == ["Anfrage Sprachmittlung"]
    assert smtp.messages[0]["X-Envelope-To"] == "lotsin@example.org"
    assert "bitte antworten Sie" in smtp.texts()[0]
    mail.refresh_from_db()
    assert mail.sent_at is not None and mail.attempts == 1


@real_commits
def test_no_mail_is_sent_when_the_transaction_rolls_back(smtp):
    smtp.start()
    with pytest.raises(RuntimeError), transaction.atomic():
        _queue()
        raise RuntimeError("the change failed")
    call_command("send_outbox", stdout=io.StringIO())
    assert smtp.messages == []
    assert not OutgoingMail.objects.exists()


@real_commits
def test_a_mail_server_that_is_down_leaves_the_mail_queued_with_its_error(smtp):
    with transaction.atomic():
        mail = _queue()
    mail.refresh_from_db()
    assert mail.sent_at is None
    assert mail.attempts == 1
    assert "refused" in mail.last_error.lower()
    assert mail.next_attempt_at > timezone.now()


@real_commits
def test_send_outbox_delivers_the_queued_mail_once_the_server_is_back(smtp):
    with transaction.atomic():
        mail = _queue()
    smtp.start()
    _make_due(mail)
    out = io.StringIO()
    call_command("send_outbox", stdout=out)
    call_command("send_outbox", stdout=out)
    assert len(smtp.messages) == 1
    assert "sent 1" in out.getvalue()
    mail.refresh_from_db()
    assert mail.sent_at is not None and mail.attempts == 2


@real_commits
def test_send_outbox_leaves_a_mail_alone_until_its_pause_is_over(smtp):
    with transaction.atomic():
        mail = _queue()
    smtp.start()
    call_command("send_outbox", stdout=io.StringIO())
    assert smtp.messages == []
    assert OutgoingMail.objects.get(pk=mail.pk).attempts == 1


def test_the_pauses_between_attempts_grow_to_six_hours():
    assert [pause_after(n) for n in (1, 2, 3)] == [
        dt.timedelta(minutes=1),
        dt.timedelta(minutes=2),
        dt.timedelta(minutes=4),
    ]
    assert pause_after(MAX_ATTEMPTS) == dt.timedelta(hours=6)


@pytest.mark.django_db
def test_a_mail_is_given_up_after_the_last_attempt(smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mail = _queue()
    for _ in range(MAX_ATTEMPTS - 1):
        _make_due(mail)
        deliver(mail.pk)
    mail.refresh_from_db()
    assert mail.attempts == MAX_ATTEMPTS
    assert mail.given_up
    assert deliver(mail.pk) == "skipped"


@pytest.mark.django_db
def test_the_mail_is_sent_with_pytest_djangos_captured_commit(
    smtp, django_capture_on_commit_callbacks
):
    smtp.start()
    with django_capture_on_commit_callbacks(execute=True):
        _queue(html_message="<p>Guten Tag</p>", reply_to=["ki@example.org"])
    message = smtp.messages[0]
    assert message["Reply-To"] == "ki@example.org"
    assert message.get_body(("html",)).get_content().strip() == "<p>Guten Tag</p>"


@pytest.mark.django_db
def test_an_empty_recipient_list_queues_nothing():
    assert _queue(recipient_list=["", None]) is None
    assert not OutgoingMail.objects.exists()


@pytest.mark.django_db
def test_sent_mail_is_deleted_after_a_week(smtp, django_capture_on_commit_callbacks):
    smtp.start()
    with django_capture_on_commit_callbacks(execute=True):
        old, recent = _queue(), _queue()
    OutgoingMail.objects.filter(pk=old.pk).update(sent_at=timezone.now() - dt.timedelta(days=8))
    call_command("send_outbox", stdout=io.StringIO())
    assert list(OutgoingMail.objects.values_list("pk", flat=True)) == [recent.pk]
