"""The case and the records that belong to one case: assessments, goals and steps,
appointments, interpreter requests, notes, documents, follow-ups, hand-overs and requests
for early deletion."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ankommen.cases.models.clients import Client
from ankommen.cases.models.vocabularies import DataCategory, LegalDomain
from ankommen.core.crypto import EncryptedTextField
from ankommen.core.history import TrackedFields
from ankommen.core.models import (
    Area,
    Organisation,
    Region,
    Team,
    VersionedModel,
)


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> CaseQuerySet:
        """Cases assigned to the user, or to a team she leads, within her organisations.
        Nobody else — not the installation admin, not the KI coordinator — gets rows."""
        from ankommen.core.permissions import assigned_records_q

        return self.filter(assigned_records_q(user))


class Case(TrackedFields, VersionedModel):
    class Kind(models.TextChoices):
        KIM = "kim", _("KIM case management")
        CLEARING = "clearing", _("Clearing intake")
        SCHOOL = "school", _("school placement counselling")

    class Status(models.TextChoices):
        INTAKE = "intake", _("intake")
        ACTIVE = "active", _("active")
        CLOSED = "closed", _("closed")

    class ClosureReason(models.TextChoices):
        GOALS_ACHIEVED = "goals_achieved", _("goals achieved")
        HANDED_OVER = "handed_over", _("handed over to a regular service")
        INFORMATION_ONLY = "information_only", _("short information / referral advice only")
        MOVED_AWAY = "moved_away", _("moved away")
        CONTACT_LOST = "contact_lost", _("contact lost")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("consent withdrawn")
        OTHER = "other", _("other")

    # The allowed status graph; anything else is refused.
    TRANSITIONS = {
        Status.INTAKE: {Status.ACTIVE, Status.CLOSED},
        Status.ACTIVE: {Status.CLOSED},
        Status.CLOSED: {Status.ACTIVE},
    }

    region = models.ForeignKey(Region, on_delete=models.CASCADE, verbose_name=_("region"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="cases", verbose_name=_("organisation")
    )
    town = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="cases", verbose_name=_("town")
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("team"),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assigned_cases",
        verbose_name=_("case manager"),
    )
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="cases", verbose_name=_("client")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.KIM)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.INTAKE
    )
    workflow_step = models.CharField(_("workflow step"), max_length=40, blank=True)
    workflow_data = models.JSONField(_("workflow data"), default=dict, blank=True)
    legal_domains = models.ManyToManyField(
        LegalDomain, blank=True, related_name="cases", verbose_name=_("legal domains")
    )
    referral_source = models.CharField(_("referral source"), max_length=200, blank=True)
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = models.CharField(
        _("closure reason"), max_length=30, choices=ClosureReason.choices, blank=True
    )
    legal_hold = models.BooleanField(
        _("legal hold"),
        default=False,
        help_text=_("Keeps the case from being anonymised while a legal matter is open."),
    )
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    # Field-level history (history.py); the set of legal domains is recorded by signals.py.
    TRACKED_FIELDS = (
        "organisation",
        "town",
        "team",
        "assigned_to",
        "kind",
        "status",
        "workflow_step",
        "referral_source",
        "opened_on",
        "closed_on",
        "closure_reason",
        "legal_hold",
    )

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            # The case list: a case manager's own cases, newest first.
            models.Index(
                fields=["assigned_to", "organisation", "-opened_on", "-id"],
                name="case_list_by_manager",
            ),
            models.Index(
                fields=["team", "organisation", "-opened_on", "-id"], name="case_list_by_team"
            ),
            models.Index(fields=["status", "closed_on"], name="case_retention"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed")
                | (Q(closed_on__isnull=False) & ~Q(closure_reason="")),
                name="case_closed_has_reason_and_date",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"F-{self.opened_on:%Y}-{self.pk or 0:06d}"

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    def ensure_editable(self) -> None:
        if self.is_anonymised:
            raise ValidationError(
                _("This case has been anonymised and can no longer be changed."),
                code="anonymised",
            )

    def transition(self, to: str, *, reason: str = "", on: date | None = None) -> None:
        """Move to another status along the allowed graph (saves nothing)."""
        self.ensure_editable()
        if to not in self.TRANSITIONS.get(self.status, set()):
            raise ValidationError(
                _("A case cannot go from “%(from)s” to “%(to)s”."),
                code="transition",
                params={"from": self.get_status_display(), "to": to},
            )
        if to == self.Status.CLOSED:
            if reason not in self.ClosureReason.values:
                raise ValidationError(
                    _("Give a reason for closing the case."), code="closure_reason"
                )
            self.closure_reason = reason
            self.closed_on = on or timezone.localdate()
        elif self.status == self.Status.CLOSED:
            self.closure_reason = ""
            self.closed_on = None
        self.status = to


class AreaOfLife(models.TextChoices):
    RESIDENCE = "residence", _("residence")
    LANGUAGE = "language", _("language")
    EDUCATION = "education", _("education and recognition")
    WORK = "work", _("work")
    INCOME = "income", _("income and benefits")
    HOUSING = "housing", _("housing")
    HEALTH = "health", _("health")
    FAMILY = "family", _("family and children")
    SCHOOL = "school", _("school and day care")
    PARTICIPATION = "participation", _("social participation")


class CaseChild(models.Model):
    """A record that belongs to one case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, verbose_name=_("case"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        abstract = True


class Assessment(CaseChild):
    area = models.CharField(_("area of life"), max_length=20, choices=AreaOfLife.choices)
    need = models.PositiveSmallIntegerField(
        _("need (0 none – 3 high)"), choices=[(i, str(i)) for i in range(4)], default=0
    )
    urgent = models.BooleanField(_("urgent"), default=False)
    note = EncryptedTextField(_("note"), blank=True)

    class Meta:
        ordering = ["area"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        default_related_name = "assessments"
        constraints = [
            models.UniqueConstraint(fields=["case", "area"], name="assessment_one_per_area")
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"

    @property
    def category(self) -> str:
        return DataCategory.HEALTH if self.area == AreaOfLife.HEALTH else DataCategory.ASSESSMENT


class Goal(CaseChild):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ACHIEVED = "achieved", _("achieved")
        PARTLY = "partly", _("partly achieved")
        DROPPED = "dropped", _("dropped")

    text = EncryptedTextField(_("goal"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        default_related_name = "goals"

    def __str__(self) -> str:
        return f"{_('goal')} {self.pk}"


class Step(models.Model):
    class Responsible(models.TextChoices):
        CLIENT = "client", _("client")
        CASE_MANAGER = "case_manager", _("case manager")
        AGENCY = "agency", _("other agency")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    text = EncryptedTextField(_("agreed step"))
    responsible = models.CharField(
        _("responsible"), max_length=20, choices=Responsible.choices, default=Responsible.CLIENT
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("agreed step")
        verbose_name_plural = _("agreed steps")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Appointment(CaseChild):
    at = models.DateTimeField(_("date and time"))
    purpose = models.CharField(_("purpose"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    home_visit = models.BooleanField(_("home visit"), default=False)

    class Meta:
        ordering = ["at"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        default_related_name = "appointments"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.purpose}"


class InterpreterRequest(CaseChild):
    """A language mediator requested from the mediation pool for an appointment of the
    case. The pool's request carries no personal data of the client (its topic holds
    initials at most); this link, which only case workers see, ties it to the case."""

    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interpreter_requests",
        verbose_name=_("appointment"),
    )
    mediation_request = models.OneToOneField(
        "mediation.MediationRequest",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("mediation request"),
    )
    requested_by_id = models.IntegerField(_("requested by"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("interpreter request")
        verbose_name_plural = _("interpreter requests")
        default_related_name = "interpreter_requests"

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Note(CaseChild):
    class Kind(models.TextChoices):
        GENERAL = "general", _("general")
        CONTACT = "contact", _("contact or measure")
        HEALTH = "health", _("health (restricted)")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GENERAL)
    text = EncryptedTextField(_("note"))
    author_id = models.IntegerField(_("author"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        default_related_name = "notes"

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"

    @property
    def category(self) -> str:
        return DataCategory.HEALTH if self.kind == self.Kind.HEALTH else DataCategory.NOTES


class Document(CaseChild):
    """An uploaded file, stored encrypted in the database (never in MEDIA_ROOT)."""

    title = models.CharField(_("title"), max_length=200)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    content = models.BinaryField(_("encrypted content"))
    category = models.CharField(
        _("data category"), max_length=20, choices=DataCategory.choices, default="notes"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        default_related_name = "documents"

    def __str__(self) -> str:
        return self.title


class FollowUp(CaseChild):
    due_on = models.DateField(_("follow up on"))
    subject = models.CharField(_("subject"), max_length=200)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["done", "due_on"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        default_related_name = "follow_ups"

    def __str__(self) -> str:
        return f"{self.due_on} {self.subject}"


class Transfer(CaseChild):
    """Hand-over of a case to another case manager, possibly of another organisation;
    the new manager gains the case only on acceptance, and the old one loses it then."""

    from_user_id = models.IntegerField(_("from"))
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("to case manager"),
    )
    to_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    to_team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handover_note = EncryptedTextField(_("hand-over note"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        default_related_name = "transfers"

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class DeletionRequest(models.Model):
    """Anonymising a case before its retention period ends needs a second person."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deletion_requests")
    reason = models.TextField(_("reason"))
    requested_by_id = models.IntegerField(_("requested by"))
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    approved_by_id = models.IntegerField(_("approved by"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("deletion request")
        verbose_name_plural = _("deletion requests")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"
