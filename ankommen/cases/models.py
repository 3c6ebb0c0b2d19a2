"""KIM case management: clients, cases, consents, referrals, conferences, structural
problems and the field history of clients and cases. Every look at them is written
to the one audit log (ankommen/core/audit.py).

Default deny: a case is reachable only through `Case.objects.visible_to(user)` and
`get_case_for_user()` (see access.py) — its case manager and the team lead of its team,
within the case's organisation. The KI coordinator supervises through counts only
(reports, structural problems) and never sees personal data. Another organisation sees
only what a referral with a valid consent shared with it.

Sensitive free text, names and documents are encrypted at rest (crypto.py).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ankommen.cases.history import TrackedFieldsMixin
from ankommen.core.crypto import EncryptedTextField
from ankommen.core.models import (
    AppendOnlyError,
    Area,
    Language,
    Organisation,
    Region,
    Team,
    VersionedModel,
)


class DataCategory(models.TextChoices):
    """What a field is about; referrals and conferences share whole categories only."""

    IDENTITY = "identity", _("identity (name, year of birth)")
    CONTACT = "contact", _("contact details")
    LANGUAGES = "languages", _("languages and interpreter need")
    RESIDENCE = "residence", _("residence status")
    FAMILY = "family", _("household and family")
    HEALTH = "health", _("health (special category, Art. 9 GDPR)")
    ASSESSMENT = "assessment", _("assessment of needs")
    PLAN = "plan", _("goals and agreed steps")
    NOTES = "notes", _("case notes")


# The legal domains every installation starts with (migration 0003 created them; the
# demo loader makes sure they exist, since test runs that empty the tables remove them).
STANDARD_LEGAL_DOMAINS = [
    ("SGB II", "Grundsicherung für Arbeitsuchende"),
    ("SGB III", "Arbeitsförderung"),
    ("SGB V", "Gesetzliche Krankenversicherung"),
    ("SGB VIII", "Kinder- und Jugendhilfe"),
    ("SGB IX", "Rehabilitation und Teilhabe"),
    ("SGB XII", "Sozialhilfe"),
    ("AsylbLG", "Asylbewerberleistungsgesetz"),
    ("AsylG", "Asylgesetz"),
    ("AufenthG", "Aufenthaltsgesetz"),
    ("StAG", "Staatsangehörigkeitsgesetz"),
    ("BKGG", "Bundeskindergeldgesetz"),
    ("SchulG NRW", "Schulgesetz NRW"),
]


class LegalDomainQuerySet(models.QuerySet):
    def ensure_standard(self) -> None:
        for order, (code, name) in enumerate(STANDARD_LEGAL_DOMAINS, 1):
            self.get_or_create(code=code, defaults={"name": name, "sort_order": order})


class LegalDomain(models.Model):
    """A Rechtskreis such as SGB II or AufenthG (a vocabulary kept in the admin)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    objects = LegalDomainQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("legal domain")
        verbose_name_plural = _("legal domains")

    def __str__(self) -> str:
        return self.code


# --- Field history ------------------------------------------------------------------------


class FieldChangeQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("field history cannot be changed")

    def delete(self):
        raise AppendOnlyError("field history cannot be deleted")

    def reencrypt(self) -> int:
        """Key rotation: write both values again, so they are encrypted with the newest
        key. The trigger lets this UPDATE through only while the transaction announces it,
        and only if nothing but the two values changes."""
        from django.db import connection, transaction

        count = 0
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL ankommen.rotating_keys = 'on'")
            for change in self.iterator():
                # Reading decrypted them with any key; writing encrypts with the newest.
                models.QuerySet.update(
                    self.model.objects.filter(pk=change.pk),
                    old_value=change.old_value,
                    new_value=change.new_value,
                )
                count += 1
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL ankommen.rotating_keys = 'off'")
        return count

    def purge_for_anonymisation(self) -> int:
        """The one exception to append-only: anonymisation removes the history of what it
        anonymises, since old names and values are personal data too. On PostgreSQL the
        trigger lets the DELETE through only inside a transaction that announced it."""
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL ankommen.purging_history = 'on'")
        deleted, _rows = models.QuerySet.delete(self)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL ankommen.purging_history = 'off'")
        return deleted


class FieldChange(models.Model):
    """One changed field of a case or a client: who, when, old → new. Append-only like the
    audit log; both values are stored encrypted (they are personal data, and the encrypted
    fields of case and client must not appear in plain text here either)."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user_id = models.IntegerField(_("user id"), null=True, blank=True)
    username = models.CharField(_("user"), max_length=150, blank=True)
    model = models.CharField(_("record type"), max_length=40)
    object_id = models.BigIntegerField(_("record id"))
    case_id = models.BigIntegerField(_("case id"), null=True, blank=True, db_index=True)
    client_id = models.BigIntegerField(_("client id"), null=True, blank=True, db_index=True)
    field = models.CharField(_("field"), max_length=60)
    old_value = EncryptedTextField(_("old value"), blank=True)
    new_value = EncryptedTextField(_("new value"), blank=True)

    objects = FieldChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("field change")
        verbose_name_plural = _("field changes")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.model}.{self.field}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("field history cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("field history cannot be deleted")

    def _model_field(self):
        model = {"Case": Case, "Client": Client}.get(self.model)
        return model._meta.get_field(self.field) if model is not None else None

    @property
    def field_label(self) -> str:
        field = self._model_field()
        return str(field.verbose_name) if field is not None else self.field

    def _display(self, value: str) -> str:
        field = self._model_field()
        if field is None or value == "":
            return value
        if isinstance(field, models.BooleanField):
            return str(_("yes")) if value == "1" else str(_("no"))
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        return value

    @property
    def old_display(self) -> str:
        return self._display(self.old_value)

    @property
    def new_display(self) -> str:
        return self._display(self.new_value)


# --- Clients ------------------------------------------------------------------------------


class Household(models.Model):
    """Links clients who live together; it holds no data of its own."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, verbose_name=_("region"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, verbose_name=_("organisation")
    )

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Client(TrackedFieldsMixin, VersionedModel):
    """The person a case is about, with minimal data. Names and contact details are
    encrypted; the pseudonym (NN000123) is what lists and statistics use. Versioned: the
    master data form saves with `save_checked()`, so a form opened before somebody else's
    save cannot silently revert it."""

    class ResidenceStatus(models.TextChoices):
        GERMAN = "german", _("German citizen")
        EU = "eu", _("EU freedom of movement")
        PERMIT = "permit", _("residence permit")
        SETTLEMENT = "settlement", _("settlement permit")
        ASYLUM = "asylum", _("asylum procedure (Aufenthaltsgestattung)")
        TOLERATED = "tolerated", _("toleration (Duldung)")
        TEMPORARY_PROTECTION = "protection_24", _("temporary protection (§ 24 AufenthG)")
        OTHER = "other", _("other or unknown")

    region = models.ForeignKey(Region, on_delete=models.CASCADE, verbose_name=_("region"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="case_clients",
        verbose_name=_("organisation"),
    )
    pseudonym = models.CharField(_("pseudonym"), max_length=20, blank=True, db_index=True)
    first_name = EncryptedTextField(_("first name"), blank=True)
    last_name = EncryptedTextField(_("last name"), blank=True)
    date_of_birth = EncryptedTextField(_("date of birth"), blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    email = EncryptedTextField(_("e-mail"), blank=True)
    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("household"),
    )
    household_role = models.CharField(_("role in the household"), max_length=60, blank=True)
    languages = models.ManyToManyField(Language, blank=True, verbose_name=_("languages"))
    needs_interpreter = models.BooleanField(_("needs an interpreter"), default=False)
    interpreter_language = models.ForeignKey(
        Language,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("interpreter language"),
    )
    residence_status = models.CharField(
        _("residence status"),
        max_length=20,
        choices=ResidenceStatus.choices,
        default=ResidenceStatus.OTHER,
    )
    residence_valid_until = models.DateField(_("residence valid until"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    # Field-level history (history.py); the set of languages is recorded by signals.py.
    TRACKED_FIELDS = (
        "first_name",
        "last_name",
        "date_of_birth",
        "birth_year",
        "phone",
        "email",
        "household",
        "household_role",
        "needs_interpreter",
        "interpreter_language",
        "residence_status",
        "residence_valid_until",
    )

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")

    def __str__(self) -> str:
        return self.pseudonym or f"NN{self.pk or 0:06d}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if not self.pseudonym:
            self.pseudonym = f"NN{self.pk:06d}"
            type(self).objects.filter(pk=self.pk).update(pseudonym=self.pseudonym)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or str(self)


# --- Cases --------------------------------------------------------------------------------


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> CaseQuerySet:
        """Cases assigned to the user, or to a team she leads, within her organisations.
        Nobody else — not the installation admin, not the KI coordinator — gets rows."""
        from ankommen.core.permissions import assigned_records_q

        return self.filter(assigned_records_q(user))


class Case(TrackedFieldsMixin, VersionedModel):
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
        "mediation.Request",
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


# --- Consent ------------------------------------------------------------------------------


class Purpose(models.TextChoices):
    CASE_MANAGEMENT = "case_management", _("case management itself")
    REFERRAL = "referral", _("referral")
    CASE_CONFERENCE = "case_conference", _("case conference")


class ConsentText(models.Model):
    """A version of the consent and information text handed to the client. Once a consent
    refers to it, the text is frozen; a change means a new version."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, verbose_name=_("region"))
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    version = models.CharField(_("version"), max_length=20)
    text = models.TextField(_("text"))
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)

    class Meta:
        ordering = ["purpose", "-valid_from"]
        verbose_name = _("consent text version")
        verbose_name_plural = _("consent text versions")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "purpose", "version"], name="consenttext_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None and self.is_used:
            stored = type(self).objects.get(pk=self.pk)
            if (stored.text, stored.version, stored.purpose, stored.region_id) != (
                self.text,
                self.version,
                self.purpose,
                self.region_id,
            ):
                raise ValidationError(
                    _("This consent text has been used; create a new version instead."),
                    code="consent_text_used",
                )
        super().save(*args, **kwargs)

    @property
    def is_used(self) -> bool:
        return self.pk is not None and self.consents.exists()

    def delete(self, *args, **kwargs):
        if self.is_used:
            raise ValidationError(
                _("This consent text has been used and cannot be deleted."),
                code="consent_text_used",
            )
        return super().delete(*args, **kwargs)


class ConsentQuerySet(models.QuerySet):
    def valid(self, on: date | None = None) -> ConsentQuerySet:
        on = on or timezone.localdate()
        return self.filter(withdrawn_at__isnull=True, given_on__lte=on).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=on)
        )


class Consent(models.Model):
    """One consent: client × purpose × recipient organisation × data categories. Only the
    withdrawal can change afterwards; `verify()` detects tampering with the rest."""

    class Form(models.TextChoices):
        SIGNED = "signed", _("signed form")
        VERBAL = "verbal", _("recorded verbally")
        EMAIL = "email", _("by e-mail")

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="consents", verbose_name=_("client")
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    recipient = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="received_consents",
        verbose_name=_("recipient organisation"),
    )
    categories = models.JSONField(_("data categories"), default=list)
    text_version = models.ForeignKey(
        ConsentText,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("consent text version"),
    )
    given_on = models.DateField(_("given on"), default=timezone.localdate)
    form = models.CharField(_("form"), max_length=20, choices=Form.choices)
    interpreter = models.CharField(_("interpreter or witness"), max_length=200, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    recorded_by_id = models.IntegerField(_("recorded by"), null=True, blank=True)
    fingerprint = models.CharField(_("fingerprint"), max_length=64, editable=False)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} → {self.recipient}"

    def save(self, *args, **kwargs):
        if self.pk is None:
            self.fingerprint = self.compute_fingerprint()
        elif not self.verify():
            raise ValidationError(
                _("Only the withdrawal of a consent can be recorded later."), code="immutable"
            )
        super().save(*args, **kwargs)

    def compute_fingerprint(self) -> str:
        payload = json.dumps(
            [
                self.client_id,
                self.purpose,
                self.recipient_id,
                sorted(self.categories),
                self.text_version_id,
                self.given_on.isoformat(),
                self.form,
                self.interpreter,
                self.expires_on.isoformat() if self.expires_on else None,
            ]
        )
        return hashlib.sha256(f"{settings.SECRET_KEY}:{payload}".encode()).hexdigest()

    def verify(self) -> bool:
        return self.fingerprint == self.compute_fingerprint()

    def clean(self) -> None:
        unknown = set(self.categories) - set(DataCategory.values)
        if not self.categories or unknown:
            raise ValidationError(
                {"categories": _("Choose at least one known data category.")}, code="categories"
            )
        if self.text_version_id and self.text_version.purpose != self.purpose:
            raise ValidationError(
                {"text_version": _("This consent text is for another purpose.")}, code="purpose"
            )

    def is_valid(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return (
            self.withdrawn_at is None
            and self.given_on <= on
            and (self.expires_on is None or self.expires_on >= on)
            and self.verify()
        )

    def covers(self, categories) -> bool:
        return set(categories) <= set(self.categories)


class ConsentScan(models.Model):
    """The scan of a signed consent form: stored encrypted in the database like the case
    documents, with the SHA-256 of the plain file so that a swapped or damaged scan is
    noticed on download. Its type is what its content says, not what the browser claimed."""

    class Kind(models.TextChoices):
        PDF = "application/pdf", "PDF"
        JPEG = "image/jpeg", "JPEG"
        PNG = "image/png", "PNG"

    consent = models.OneToOneField(
        Consent, on_delete=models.CASCADE, related_name="scan", verbose_name=_("consent")
    )
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=30, choices=Kind.choices)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    content = models.BinaryField(_("encrypted content"))
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    uploaded_by_id = models.IntegerField(_("uploaded by"), null=True, blank=True)

    class Meta:
        verbose_name = _("scan of a signed consent")
        verbose_name_plural = _("scans of signed consents")

    def __str__(self) -> str:
        return self.filename


# --- Referrals ----------------------------------------------------------------------------


class Referral(models.Model):
    class Status(models.TextChoices):
        SENT = "sent", _("sent")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")
        DONE = "done", _("done")
        REVOKED = "revoked", _("revoked by the sender")

    class LegalBasis(models.TextChoices):
        CONSENT = "consent", _("consent (Art. 6 (1) a, Art. 9 (2) a GDPR)")
        OVERRIDE = "override", _("override with written reason")

    # Recipient answers; the sender may revoke until the referral is done.
    RECIPIENT_TRANSITIONS = {
        Status.SENT: {Status.ACCEPTED, Status.REJECTED},
        Status.ACCEPTED: {Status.DONE},
    }

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("case")
    )
    recipient = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="received_referrals",
        verbose_name=_("receiving organisation"),
    )
    offer_reference = models.CharField(
        _("offer (name or address)"),
        max_length=300,
        blank=True,
        help_text=_("The directory offer or service, as text or web address."),
    )
    legal_domain = models.ForeignKey(
        LegalDomain,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("legal domain"),
    )
    purpose = EncryptedTextField(_("purpose of the referral"))
    categories = models.JSONField(_("shared data categories"), default=list)
    consent = models.ForeignKey(
        Consent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("consent"),
    )
    legal_basis = models.CharField(
        _("legal basis"), max_length=20, choices=LegalBasis.choices, default=LegalBasis.CONSENT
    )
    override_reason = models.TextField(_("reason for the override"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SENT
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    feedback = EncryptedTextField(_("feedback"), blank=True)
    sent_by_id = models.IntegerField(_("sent by"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.case} → {self.recipient}"

    @property
    def shares_data(self) -> bool:
        return self.status != self.Status.REVOKED and not self.case.is_anonymised


class ReferralRecipientQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReferralRecipientQuerySet:
        """For the admin: all for the installation admin, else those of the organisations
        in which the user leads a team."""
        from ankommen.core.permissions import led_organisation_ids, scope_of

        if scope_of(user).is_admin:
            return self
        return self.filter(organisation_id__in=led_organisation_ids(user))


class ReferralRecipient(models.Model):
    """A person her organisation names to receive its referrals (need-to-know below the
    organisation): only named recipients, while they hold a role in the organisation, see
    its referral inbox and answer its referrals. Named by the organisation's team leads or
    the installation admin, in the admin."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="referral_recipients",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="referral_recipient_of",
        verbose_name=_("person"),
    )
    named_at = models.DateTimeField(_("named"), default=timezone.now, editable=False)
    named_by_id = models.IntegerField(_("named by"), null=True, blank=True, editable=False)

    objects = ReferralRecipientQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "user"]
        verbose_name = _("recipient of referrals")
        verbose_name_plural = _("recipients of referrals")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="referral_recipient_once_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"

    def clean(self) -> None:
        from ankommen.core.models import RoleAssignment

        if (
            self.organisation_id
            and self.user_id
            and not RoleAssignment.objects.filter(
                user_id=self.user_id, organisation_id=self.organisation_id
            ).exists()
        ):
            raise ValidationError(
                {
                    "user": ValidationError(
                        _(
                            "Only a person with a role in the organisation can receive its "
                            "referrals."
                        ),
                        code="not_a_member",
                    )
                }
            )


# --- Conferences --------------------------------------------------------------------------


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


# --- Structural problems ------------------------------------------------------------------


class StructuralProblemQuerySet(models.QuerySet):
    def confirmed(self) -> StructuralProblemQuerySet:
        """What the KI may see: problems whose author confirmed that the text names no
        person. An unconfirmed problem stays with its author's organisation."""
        return self.filter(confirmed_at__isnull=False)


class StructuralProblem(models.Model):
    """A barrier seen in casework, described without personal data. The KI sees it
    aggregated by theme and town, and only once its author confirmed that the text names
    no person (`confirmed()`); the link to cases is kept only as a count."""

    class Theme(models.TextChoices):
        RESIDENCE = "residence", _("residence and immigration authority")
        BENEFITS = "benefits", _("benefits and jobcentre")
        LANGUAGE = "language", _("language courses")
        RECOGNITION = "recognition", _("recognition of qualifications")
        HOUSING = "housing", _("housing")
        SCHOOL = "school", _("school and day care")
        HEALTH = "health", _("health care")
        WORK = "work", _("work")
        DIGITAL = "digital", _("digital access and appointments")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        WORKING_GROUP = "working_group", _("in a working group")
        SOLVED = "solved", _("solved")
        ESCALATED = "escalated", _("escalated")

    region = models.ForeignKey(Region, on_delete=models.CASCADE, verbose_name=_("region"))
    town = models.ForeignKey(Area, on_delete=models.PROTECT, verbose_name=_("town"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("reported by")
    )
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)
    legal_domain = models.ForeignKey(
        LegalDomain, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("legal domain")
    )
    agency = models.CharField(_("agency"), max_length=200, blank=True)
    description = models.TextField(
        _("description"), help_text=_("Describe the barrier; no names, dates of birth or case ids.")
    )
    case_count = models.PositiveIntegerField(_("cases affected"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    working_group = models.CharField(_("working group"), max_length=200, blank=True)
    action_plan_reference = models.CharField(_("action plan reference"), max_length=200, blank=True)
    reported_on = models.DateField(_("reported on"), default=timezone.localdate)
    confirmed_at = models.DateTimeField(
        _("confirmed to name no person"), null=True, blank=True, editable=False
    )
    confirmed_by_id = models.IntegerField(_("confirmed by"), null=True, blank=True, editable=False)

    objects = StructuralProblemQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_on"]
        verbose_name = _("structural problem")
        verbose_name_plural = _("structural problems")

    def __str__(self) -> str:
        return f"{self.get_theme_display()} ({self.town})"

    # Case numbers, pseudonyms, dates and e-mail addresses point at persons.
    PERSONAL_PATTERNS = (
        r"\bF-\d{4}-\d+",
        r"\bNN\d{3,}",
        r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b",
        r"\b\d{4}-\d{2}-\d{2}\b",
        r"[\w.+-]+@[\w-]+\.[\w.]+",
    )

    def clean(self) -> None:
        import re

        for pattern in self.PERSONAL_PATTERNS:
            if re.search(pattern, f"{self.description} {self.agency}"):
                raise ValidationError(
                    {
                        "description": ValidationError(
                            _(
                                "Describe the barrier without personal data: no case numbers, "
                                "pseudonyms, dates or e-mail addresses."
                            ),
                            code="personal_data",
                        )
                    }
                )


# --- Deletion ----------------------------------------------------------------------------


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
