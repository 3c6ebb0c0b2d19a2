"""Case conferences and planning conferences, with their tasks."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ankommen.cases.models.cases import Case
from ankommen.core.crypto import EncryptedTextField
from ankommen.core.models import Organisation, Region


class Conference(models.Model):
    """A case conference (about one case) or a planning conference (about structural
    problems, no case). Persons appear by name only if a consent for case conferences
    covers every participating organisation; otherwise the minutes use the pseudonym."""

    class Kind(models.TextChoices):
        CASE = "case", _("case conference")
        PLANNING = "planning", _("planning conference")

    region = models.ForeignKey(Region, on_delete=models.CASCADE, verbose_name=_("region"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("convened by")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CASE)
    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="conferences",
        verbose_name=_("case"),
    )
    held_on = models.DateField(_("date"))
    starts_at = models.DateTimeField(_("begins"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=90)
    place = models.CharField(
        _("place or video link"),
        max_length=300,
        blank=True,
        help_text=_("Goes into the invitation: no address of the client."),
    )
    invitations_sent_at = models.DateTimeField(_("invitations sent"), null=True, blank=True)
    participants = models.ManyToManyField(
        Organisation, related_name="conferences", verbose_name=_("participating organisations")
    )
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = EncryptedTextField(_("minutes"), blank=True)
    pseudonymised = models.BooleanField(_("pseudonymised"), default=True)
    next_date = models.DateField(_("next date"), null=True, blank=True)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class ConferenceTask(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="tasks")
    text = models.CharField(_("task"), max_length=300)
    owner = models.CharField(_("owner"), max_length=200)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("conference task")
        verbose_name_plural = _("conference tasks")

    def __str__(self) -> str:
        return self.text
