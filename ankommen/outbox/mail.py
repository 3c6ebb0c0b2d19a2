"""Mail through the outbox: `queue_mail` instead of `send_mail`.

The mail is written as a row in the caller's transaction, so it exists exactly when the
change that causes it was committed (a rolled-back request sends nothing). After the commit
a worker is asked to send it (ankommen/jobs; with ANKOMMEN_OUTBOX_IN_WORKER=false it is sent
at once in the committing process); when the mail server does not answer, the error is
recorded on the row and the person who caused it sees her normal page. When the job queue
cannot be reached the row simply waits. The periodic `send_outbox` (the scheduler, or cron,
every minute) sends what is due again, with growing pauses, until MAX_ATTEMPTS.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Sequence
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from ankommen.jobs.dispatch import call_later
from ankommen.jobs.registry import background_function
from ankommen.outbox.models import OutgoingMail

logger = logging.getLogger(__name__)

# 1, 2, 4 … minutes, then every 6 hours: 15 attempts span about two days.
FIRST_PAUSE = dt.timedelta(minutes=1)
LONGEST_PAUSE = dt.timedelta(hours=6)
MAX_ATTEMPTS = 15
# Sent mails hold names and addresses; they are kept a week for questions, then deleted.
KEEP_SENT = dt.timedelta(days=7)

SENT, FAILED, GAVE_UP, SKIPPED = "sent", "failed", "gave up", "skipped"


def queue_mail(
    subject: str,
    message: str,
    from_email: str | None,
    recipient_list: Sequence[str],
    *,
    html_message: str | None = None,
    reply_to: Sequence[str] | None = None,
    attachments: Sequence[tuple[str, str, str]] = (),
) -> OutgoingMail | None:
    """Like django.core.mail.send_mail, but the mail is sent only if and after the current
    transaction commits, and a failure to send is recorded instead of raised. `attachments`
    are text files as (filename, content, MIME type), e.g. an iCalendar invitation. Returns
    the queued row (None for an empty recipient list, which sends nothing, as send_mail)."""
    recipients = [address for address in recipient_list if address]
    if not recipients:
        return None
    mail = OutgoingMail.objects.create(
        recipients=recipients,
        subject=str(subject),
        body=str(message),
        html_body=str(html_message or ""),
        from_email=from_email or "",
        reply_to=list(reply_to or []),
        attachments=[list(item) for item in attachments],
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(partial(send_soon, mail.pk), robust=True)
    return mail


def send_soon(pk: int) -> None:
    """After the commit: hand the mail to a worker; when the queue cannot be reached, the
    row stays due and the next periodic `send_outbox` sends it."""
    if not settings.ANKOMMEN_OUTBOX_IN_WORKER:
        deliver(pk)
    elif not call_later(deliver, pk):
        logger.warning("outbox: mail %s kept for the next send_outbox (queue unreachable)", pk)


def pause_after(attempts: int) -> dt.timedelta:
    """The wait before the next attempt, after `attempts` failed ones."""
    return min(FIRST_PAUSE * 2 ** max(attempts - 1, 0), LONGEST_PAUSE)


@background_function
def deliver(pk: int) -> str:
    """One attempt to send one queued mail. Never raises for a mail server's failure."""
    with transaction.atomic():
        # The row lock keeps the cron run and the send after commit from both sending it.
        mail = (
            OutgoingMail.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, sent_at__isnull=True, next_attempt_at__isnull=False)
            .first()
        )
        if mail is None:
            return SKIPPED
        message = EmailMultiAlternatives(
            mail.subject,
            mail.body,
            mail.from_email or None,
            mail.recipients,
            reply_to=mail.reply_to or None,
        )
        if mail.html_body:
            message.attach_alternative(mail.html_body, "text/html")
        for filename, content, mimetype in mail.attachments:
            message.attach(filename, content, mimetype)
        mail.attempts += 1
        try:
            message.send()
        except Exception as error:  # any failure of the mail server: recorded, retried
            mail.last_error = f"{type(error).__name__}: {error}"[:2000]
            if mail.attempts >= MAX_ATTEMPTS:
                mail.next_attempt_at = None
                outcome = GAVE_UP
                logger.error("outbox: mail %s given up after the last attempt: %s", pk, error)
            else:
                mail.next_attempt_at = timezone.now() + pause_after(mail.attempts)
                outcome = FAILED
                logger.warning("outbox: mail %s not sent, attempt %s: %s", pk, mail.attempts, error)
        else:
            mail.sent_at = timezone.now()
            mail.next_attempt_at = None
            outcome = SENT
        mail.save(update_fields=["attempts", "last_error", "sent_at", "next_attempt_at"])
    return outcome


def send_due(*, limit: int = 500) -> Counter:
    """Send the queued mails that are due, oldest first; delete mails sent long ago."""
    now = timezone.now()
    due = list(
        OutgoingMail.objects.filter(sent_at__isnull=True, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    outcomes = Counter(deliver(pk) for pk in due)
    outcomes["deleted"] = OutgoingMail.objects.filter(sent_at__lt=now - KEEP_SENT).delete()[0]
    return outcomes
