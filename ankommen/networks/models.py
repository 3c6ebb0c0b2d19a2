"""Networks and bodies: who belongs, when they meet, what they decide and who does what.

A body (network, working group, steering group, council, conference) belongs to a region
and works on one social-space level (Kreis, town, quarter: table 2 of the concept). Its
members are staff users, external persons (a name and an e-mail address) or organisations,
each with a role. Meetings carry an agenda, invitations, attendance and minutes; minutes
record decisions, and tasks (owner, due date, status) follow from decisions or stand
alone. Decisions and tasks may point to an action-plan step and to a structural problem
from case work. The body decides what is public: the body itself, each meeting, each
decision; minutes are internal unless marked otherwise.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ankommen.actionplan.models import SubStep
from ankommen.cases.models import StructuralProblem
from ankommen.core.models import Area, Organisation, Region, VersionedModel
from ankommen.core.once import submission_key_field


class Body(VersionedModel):
    class Kind(models.TextChoices):
        NETWORK = "network", _("network")
        WORKING_GROUP = "working_group", _("working group")
        STEERING_GROUP = "steering_group", _("steering group")
        COUNCIL = "council", _("council")
        CONFERENCE = "conference", _("conference")

    class Level(models.TextChoices):
        DISTRICT = "district", _("Kreis (district)")
        TOWN = "town", _("town or municipality")
        QUARTER = "quarter", _("quarter")

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("region")
    )
    slug = models.SlugField(_("slug"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("town or quarter"),
        help_text=_("Empty for a body of the whole Kreis."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
        help_text=_("For a working group: the steering group it reports to."),
    )
    convened_by = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("convened by"),
    )
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(
        _("has a public page"),
        default=False,
        help_text=_("Shows the body, its public meetings and public decisions to everyone."),
    )
    participant_count = models.PositiveIntegerField(
        _("participants"), null=True, blank=True, help_text=_("For a conference.")
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("network or body")
        verbose_name_plural = _("networks and bodies")
        constraints = [
            models.UniqueConstraint(fields=["region", "slug"], name="networks_body_slug_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.area_id and self.area.region_id != self.region_id:
            errors["area"] = ValidationError(
                _("The area belongs to another region."), code="other_region"
            )
        if self.level == self.Level.DISTRICT and self.area_id:
            errors["area"] = ValidationError(
                _("A body of the whole Kreis names no town or quarter."), code="area_on_district"
            )
        if self.level in (self.Level.TOWN, self.Level.QUARTER) and not self.area_id:
            errors["area"] = ValidationError(
                _("Name the town or quarter the body works in."), code="area_missing"
            )
        if self.parent_id and (
            self.parent.region_id != self.region_id or self.parent_id == self.pk
        ):
            errors["parent"] = ValidationError(
                _("Choose another body of this region."), code="bad_parent"
            )
        if errors:
            raise ValidationError(errors)

    def chairs(self) -> models.QuerySet[Membership]:
        return self.memberships.filter(role__in=Membership.MANAGING_ROLES)


class Membership(models.Model):
    """A member: a staff user, an external person (name and e-mail) or an organisation."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        DEPUTY = "deputy", _("deputy chair")
        SECRETARY = "secretary", _("secretariat")
        MEMBER = "member", _("member")
        ADVISORY = "advisory", _("advisory member")
        GUEST = "guest", _("permanent guest")

    MANAGING_ROLES = (Role.CHAIR, Role.DEPUTY, Role.SECRETARY)

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("body")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("For a person without an account.")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    since = models.DateField(_("member since"), default=timezone.localdate)

    class Meta:
        ordering = ["role", "name", "pk"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(organisation__isnull=False) | ~Q(name=""),
                name="networks_membership_names_someone",
            ),
            models.UniqueConstraint(
                fields=["body", "user"],
                condition=Q(user__isnull=False),
                name="networks_membership_user_once",
            ),
            models.UniqueConstraint(
                fields=["body", "organisation"],
                condition=Q(organisation__isnull=False, user__isnull=True, name=""),
                name="networks_membership_organisation_once",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        person = self.name or (
            (self.user.get_full_name() or self.user.get_username()) if self.user_id else ""
        )
        if person and self.organisation_id:
            return f"{person} ({self.organisation.name})"
        return person or (self.organisation.name if self.organisation_id else "")

    @property
    def is_person(self) -> bool:
        return bool(self.user_id or self.name)

    def address(self) -> str:
        """Where an invitation goes: the person's own address, the account's, else the
        organisation's."""
        if self.email:
            return self.email
        if self.user_id and self.user.email:
            return self.user.email
        if self.organisation_id:
            return self.organisation.email
        return ""

    def clean(self) -> None:
        if not (self.user_id or self.organisation_id or self.name):
            raise ValidationError(
                _("Name a staff user, a person or an organisation."), code="nobody"
            )
        if self.organisation_id and self.organisation.region_id != self.body.region_id:
            raise ValidationError(
                {"organisation": _("The organisation belongs to another region.")},
                code="other_region",
            )


class Meeting(models.Model):
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("body")
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"), default=120)
    place = models.CharField(_("place"), max_length=300, blank=True)
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("One item per line."))
    is_public = models.BooleanField(
        _("public meeting"),
        default=False,
        help_text=_("Shown on the body's public page (only if the body has one)."),
    )
    invitations_sent_at = models.DateTimeField(_("invitations sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submission_key = submission_key_field()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return self.title

    @property
    def is_past(self) -> bool:
        return self.starts_at < timezone.now()

    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Invitation(models.Model):
    """One e-mail invitation. It outlives its meeting (SET_NULL) so that the link in the
    mail still answers with a clear page after the meeting was deleted."""

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="+", verbose_name=_("body")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        related_name="invitations",
        verbose_name=_("meeting"),
    )
    membership = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("member"),
    )
    email = models.EmailField(_("e-mail"))
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    meeting_title = models.CharField(_("meeting title"), max_length=200)
    meeting_starts_at = models.DateTimeField(_("meeting starts at"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.meeting_title} → {self.email}"


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        EXCUSED = "excused", _("excused")
        ABSENT = "absent", _("absent")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("meeting")
    )
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"], name="networks_attendance_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} – {self.membership}: {self.get_status_display()}"


class Minutes(VersionedModel):
    """The minutes of a meeting, edited with optimistic locking; internal unless the body
    marks them public."""

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("meeting")
    )
    text = models.TextField(_("minutes"))
    is_internal = models.BooleanField(
        _("internal"), default=True, help_text=_("Internal minutes are shown only to members.")
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return str(self.meeting)


class Decision(models.Model):
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("body")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name=_("meeting"),
    )
    text = models.TextField(_("decision"))
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Shown on the body's public page.")
    )
    step = models.ForeignKey(
        SubStep,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("action-plan step"),
    )
    structural_problem = models.ForeignKey(
        StructuralProblem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("structural problem"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submission_key = submission_key_field()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:80]


class TaskQuerySet(models.QuerySet):
    def open(self) -> TaskQuerySet:
        return self.exclude(status=Task.Status.DONE)

    def owned_by(self, user) -> TaskQuerySet:
        return self.filter(owner__user=user)


class Task(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("body")
    )
    decision = models.ForeignKey(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("decision"),
    )
    text = models.CharField(_("task"), max_length=500)
    owner = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    step = models.ForeignKey(
        SubStep,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("action-plan step"),
    )
    structural_problem = models.ForeignKey(
        StructuralProblem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("structural problem"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submission_key = submission_key_field()

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["status", "due_date", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return self.text

    @property
    def is_overdue(self) -> bool:
        return (
            self.status != self.Status.DONE
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )


def document_path(instance: Document, filename: str) -> str:
    return (
        f"networks/{instance.body.region_id}/{instance.body_id}/{secrets.token_hex(8)}-{filename}"
    )


class Document(models.Model):
    """An upload of a body (an invitation letter, slides, a position paper); members only."""

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="documents", verbose_name=_("body")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("meeting"),
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=document_path, max_length=300)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title
