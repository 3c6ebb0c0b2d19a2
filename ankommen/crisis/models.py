"""The crisis module's records: the inventory of base structures, the scale-up levels with
their checklists, the switches between them, the towns' daily figures and the public news.

Everything here stays as history for the after-action review: a switch, the checklist it
assigned and every saved version of a daily report are never deleted by the pages.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ankommen.core.models import Area, Language, Region
from ankommen.core.models.base import VersionedModel

SOURCE_LANGUAGE = "de"


# --- Base structures ----------------------------------------------------------------------


class StructureQuerySet(models.QuerySet):
    def unconfirmed(self, *, before: dt.datetime) -> StructureQuerySet:
        """Entries last confirmed before `before`, or never."""
        return self.filter(models.Q(confirmed_at__isnull=True) | models.Q(confirmed_at__lt=before))


class Structure(VersionedModel):
    """One entry of a town's (or the Kreis's) inventory of what matters when arrivals
    surge, with who keeps it up to date and when it was last confirmed."""

    class Kind(models.TextChoices):
        ACCOMMODATION = "accommodation", _("accommodation places")
        COUNSELLING = "counselling", _("counselling hours per week")
        LANGUAGE_COURSE = "language_course", _("language-course places")
        INTERPRETERS = "interpreters", _("interpreters")
        CONTACT = "contact", _("staff and contact person")
        ROOM = "room", _("room")

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="crisis_structures", verbose_name=_("region")
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="crisis_structures",
        verbose_name=_("town or Kreis"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Places, hours per week, interpreters or seats, by kind."),
    )
    occupied = models.PositiveIntegerField(_("occupied"), null=True, blank=True)
    waiting_list = models.PositiveIntegerField(_("on the waiting list"), null=True, blank=True)
    language = models.ForeignKey(
        Language,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("language"),
        help_text=_("Interpreters: the language they interpret."),
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    deputy_name = models.CharField(_("deputy"), max_length=200, blank=True)
    deputy_phone = models.CharField(_("deputy's phone"), max_length=40, blank=True)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    keeper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kept up to date by"),
    )
    confirmed_at = models.DateTimeField(_("last confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = StructureQuerySet.as_manager()

    class Meta:
        ordering = ["area__name", "kind", "name"]
        verbose_name = _("base structure")
        verbose_name_plural = _("base structures")

    def __str__(self) -> str:
        return f"{self.name} ({self.area})"

    @property
    def free(self) -> int | None:
        if self.capacity is None or self.occupied is None:
            return None
        return self.capacity - self.occupied

    def clean(self) -> None:
        if self.area_id and self.region_id and self.area.region_id != self.region_id:
            raise ValidationError(
                {"area": _("The town must belong to this region.")}, code="other_region"
            )
        if (
            self.capacity is not None
            and self.occupied is not None
            and self.occupied > self.capacity
        ):
            raise ValidationError(
                {
                    "occupied": ValidationError(
                        _(
                            "%(occupied)s occupied is more than the capacity of %(capacity)s. "
                            "Raise the capacity first if more places exist."
                        ),
                        code="over_capacity",
                        params={"occupied": self.occupied, "capacity": self.capacity},
                    )
                }
            )

    def confirm(self, *, by) -> None:
        """The keeper (or the KI) says the entry is still right."""
        self.confirmed_at = timezone.now()
        self.confirmed_by = by
        self.reminded_at = None


# --- Levels and their checklists ------------------------------------------------------------


class LevelQuerySet(models.QuerySet):
    def visible_to(self, user) -> LevelQuerySet:
        from ankommen.core.models.scope import scope_of

        scope = scope_of(user)
        if scope.is_admin:
            return self
        return self.filter(region__in=scope.coordinator_region_ids)


class Level(models.Model):
    class Kind(models.IntegerChoices):
        NORMAL = 0, _("normal operation")
        HEIGHTENED = 1, _("heightened")
        CRISIS = 2, _("crisis")

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="crisis_levels", verbose_name=_("region")
    )
    rank = models.PositiveSmallIntegerField(_("scale-up level"), choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), max_length=2000, blank=True)

    objects = LevelQuerySet.as_manager()

    class Meta:
        ordering = ["region", "rank"]
        verbose_name = _("scale-up level")
        verbose_name_plural = _("scale-up levels")
        constraints = [
            models.UniqueConstraint(fields=["region", "rank"], name="crisis_level_rank_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_raised(self) -> bool:
        return self.rank > self.Kind.NORMAL


class Measure(models.Model):
    """One line of a level's checklist: assigned to its owner when the level is switched on."""

    level = models.ForeignKey(
        Level, on_delete=models.CASCADE, related_name="measures", verbose_name=_("level")
    )
    title = models.CharField(_("measure"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("town"),
        help_text=_("Empty for a measure of the Kreis."),
    )
    due_hours = models.PositiveIntegerField(_("deadline (hours after the switch)"), default=24)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["level", "position", "pk"]
        verbose_name = _("checklist measure")
        verbose_name_plural = _("checklist measures")

    def __str__(self) -> str:
        return self.title


class RegionLevel(VersionedModel):
    """The level a region is on now; `version` keeps two people from switching at once."""

    region = models.OneToOneField(
        Region, on_delete=models.CASCADE, related_name="crisis_level", verbose_name=_("region")
    )
    level = models.ForeignKey(
        Level, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("level")
    )
    exercise = models.BooleanField(_("exercise"), default=False)
    current_switch = models.ForeignKey(
        "LevelSwitch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("switch"),
    )

    class Meta:
        verbose_name = _("current level")
        verbose_name_plural = _("current levels")

    def __str__(self) -> str:
        return f"{self.region}: {self.level or '–'}"

    @property
    def is_public_alert(self) -> bool:
        """A level above normal that is no exercise: the public sees the banner."""
        return self.level is not None and self.level.is_raised and not self.exercise


class LevelSwitch(models.Model):
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="crisis_switches", verbose_name=_("region")
    )
    from_level = models.ForeignKey(
        Level,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from"),
    )
    to_level = models.ForeignKey(
        Level, on_delete=models.PROTECT, related_name="switches", verbose_name=_("to")
    )
    exercise = models.BooleanField(_("exercise"), default=False)
    reason = models.TextField(_("reason"), max_length=2000)
    switched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("switched by"),
    )
    switched_at = models.DateTimeField(_("switched"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        ordering = ["-switched_at", "-pk"]
        verbose_name = _("level switch")
        verbose_name_plural = _("level switches")

    def __str__(self) -> str:
        return f"{self.to_level} ({self.switched_at:%Y-%m-%d})"


class AssignmentQuerySet(models.QuerySet):
    def open(self) -> AssignmentQuerySet:
        return self.filter(done_at__isnull=True)


class Assignment(VersionedModel):
    """A checklist measure as assigned by one switch: its owner ticks it off."""

    switch = models.ForeignKey(
        LevelSwitch, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("switch")
    )
    title = models.CharField(_("measure"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="crisis_assignments",
        verbose_name=_("owner"),
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("town"),
    )
    due_at = models.DateTimeField(_("deadline"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_at < timezone.now()


# --- Daily figures ------------------------------------------------------------------------


class DailyReport(VersionedModel):
    """A town's figures of one day. A later save is a correction; every saved version is
    kept in `ReportRevision`."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="crisis_reports", verbose_name=_("region")
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="crisis_reports", verbose_name=_("town")
    )
    day = models.DateField(_("day"))
    arrivals = models.PositiveIntegerField(_("arrivals"))
    occupancy = models.PositiveIntegerField(_("accommodation places occupied"))
    open_needs = models.TextField(_("open needs"), max_length=2000, blank=True)
    exercise = models.BooleanField(_("exercise"), default=False)
    switch = models.ForeignKey(
        LevelSwitch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("during switch"),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-day", "area__name"]
        verbose_name = _("daily report")
        verbose_name_plural = _("daily reports")
        constraints = [
            models.UniqueConstraint(fields=["area", "day", "exercise"], name="crisis_report_day")
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.day}"


class ReportRevision(models.Model):
    report = models.ForeignKey(
        DailyReport, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("report")
    )
    arrivals = models.PositiveIntegerField(_("arrivals"))
    occupancy = models.PositiveIntegerField(_("accommodation places occupied"))
    open_needs = models.TextField(_("open needs"), blank=True)
    is_correction = models.BooleanField(_("correction"), default=False)
    reason = models.CharField(_("reason for the correction"), max_length=500, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saved by"),
    )
    saved_at = models.DateTimeField(_("saved"), default=timezone.now)

    class Meta:
        ordering = ["report", "-saved_at", "-pk"]
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")

    def __str__(self) -> str:
        return f"{self.report} ({self.saved_at:%Y-%m-%d %H:%M})"


# --- News for the public ----------------------------------------------------------------


class NewsQuerySet(models.QuerySet):
    def published(self) -> NewsQuerySet:
        return self.filter(status=NewsItem.Status.PUBLISHED)


class NewsItem(VersionedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        ARCHIVED = "archived", _("archived")

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="crisis_news", verbose_name=_("region")
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("town"),
        help_text=_("Empty for news of the whole region."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    banner = models.BooleanField(
        _("show as banner"),
        default=False,
        help_text=_("Shown on every public page while a level above normal is in force."),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    source_version = models.PositiveIntegerField(
        _("version of the German text"), default=1, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    pushed_at = models.DateTimeField(_("push sent"), null=True, blank=True)
    push_error = models.CharField(_("push problem"), max_length=300, blank=True)

    objects = NewsQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    def __str__(self) -> str:
        text = self.text_in(SOURCE_LANGUAGE)
        return text.title if text else f"#{self.pk}"

    def text_in(self, code: str) -> NewsTranslation | None:
        """The item in language `code`, else in German (the source)."""
        rows = {row.language.code: row for row in self.translations.all()}
        return rows.get(code) or rows.get(SOURCE_LANGUAGE)


class NewsTranslation(VersionedModel):
    """The item in one language; the German row is the source."""

    news = models.ForeignKey(
        NewsItem, on_delete=models.CASCADE, related_name="translations", verbose_name=_("news")
    )
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=5000)
    source_version = models.PositiveIntegerField(_("made from German version"), default=1)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["news", "language"]
        verbose_name = _("news translation")
        verbose_name_plural = _("news translations")
        constraints = [
            models.UniqueConstraint(fields=["news", "language"], name="crisis_news_language")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language.code})"

    @property
    def is_outdated(self) -> bool:
        return (
            self.language.code != SOURCE_LANGUAGE and self.source_version < self.news.source_version
        )
