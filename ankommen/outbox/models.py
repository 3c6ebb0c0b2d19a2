"""One row per e-mail the platform sends: written in the transaction of the change that
causes it, sent after that transaction commits, retried by `ankommen send_outbox`."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutgoingMail(models.Model):
    recipients = models.JSONField(_("recipients"), default=list)
    subject = models.CharField(_("subject"), max_length=998)
    body = models.TextField(_("text"))
    html_body = models.TextField(_("HTML text"), blank=True)
    # Empty: DEFAULT_FROM_EMAIL at the time of sending.
    from_email = models.CharField(_("sender"), max_length=254, blank=True)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    # Text attachments as [filename, content, MIME type], e.g. an iCalendar invitation.
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # Null once the mail is sent or given up.
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")
        indexes = [
            # send_outbox reads only the few unsent rows that are due.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(sent_at__isnull=True, next_attempt_at__isnull=False),
                name="outbox_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.recipients)}"

    @property
    def given_up(self) -> bool:
        return self.sent_at is None and self.next_attempt_at is None
