"""The one audit log: who did what to which record, when and from where."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ankommen.core.models.accounts import Role, RoleAssignment
from ankommen.core.models.scope import scope_of


class AppendOnlyError(Exception):
    """The audit log is never changed or deleted."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit entries cannot be changed")

    def delete(self):
        raise AppendOnlyError("audit entries cannot be deleted")

    def account_events(self) -> AuditEntryQuerySet:
        """Changes of who may read case data: case roles given and removed, passwords
        set, authenticator links issued."""
        return self.filter(action__in=AuditEntry.ACCOUNT_ACTIONS)

    def for_team_lead(self, user) -> AuditEntryQuerySet:
        """The account events about the teams she leads and the people working in them."""
        teams = scope_of(user).led_team_ids
        if not teams:
            return self.none()
        members = RoleAssignment.objects.filter(team__in=teams).values("user_id")
        return self.account_events().filter(Q(team_id__in=teams) | Q(subject_id__in=members))

    def about(self, model_name: str) -> AuditEntryQuerySet:
        """The entries about records of one type (`"MediationRequest"`)."""
        return self.filter(model=model_name)


class AuditEntry(models.Model):
    """The one audit log (written by `ankommen.core.audit.audit()`): who did what to which
    record, when and from where — every look at case data, every refused attempt, logins,
    second-factor checks, and the account changes a team lead sees (case roles, passwords,
    authenticator links).

    Append-only: the model refuses updates and deletes, and on PostgreSQL a trigger
    (migration 0005) refuses them too. Plain ids instead of foreign keys, so that deleting
    a user or anonymising a case never needs to touch the log; the names are kept as they
    were at the time. It holds no personal data of clients (ids, pseudonymous record
    types), so it is not encrypted and survives anonymisation."""

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DENIED = "denied", _("access denied")
        EXPORT = "export", _("exported")
        SHARE = "share", _("shared with another organisation")
        OVERRIDE = "override", _("consent override")
        ANONYMISE = "anonymise", _("anonymised")
        DELETE = "delete", _("deleted")
        TWO_FACTOR = "two_factor", _("two-factor authentication")
        LOGIN = "login", _("login or logout")
        ROLE_GRANTED = "role_granted", _("case role given")
        ROLE_REMOVED = "role_removed", _("case role removed")
        PASSWORD_SET = "password_set", _("password set")
        ENROLMENT_LINK = "enrolment_link", _("authenticator link issued")

    # What the team lead sees on her case list (issue 13).
    ACCOUNT_ACTIONS = (
        Action.ROLE_GRANTED,
        Action.ROLE_REMOVED,
        Action.PASSWORD_SET,
        Action.ENROLMENT_LINK,
    )

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user_id = models.IntegerField(_("user id"), null=True, blank=True)
    username = models.CharField(_("user"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    model = models.CharField(_("record type"), max_length=40, blank=True)
    object_id = models.CharField(_("record id"), max_length=40, blank=True)
    case_id = models.BigIntegerField(_("case id"), null=True, blank=True, db_index=True)
    client_id = models.BigIntegerField(_("client id"), null=True, blank=True, db_index=True)
    # The person an account event is about, with her role and team.
    subject_id = models.IntegerField(_("whom (user id)"), null=True, blank=True, db_index=True)
    subject_username = models.CharField(_("whom (user name)"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, blank=True)
    team_id = models.BigIntegerField(_("team id"), null=True, blank=True)
    # The region the record belongs to, so that a module can show its part of the log to
    # the people of that region (the mediation pools' coordinators, for instance).
    region_id = models.BigIntegerField(_("region id"), null=True, blank=True, db_index=True)
    path = models.CharField(_("path"), max_length=300, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.model}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit entries cannot be deleted")
