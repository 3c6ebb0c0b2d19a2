"""Volunteering beyond the Sprachlotsen pool (Ehrenamt).

- An organisation publishes `Opportunity`s (Patenschaft, homework help, accompanying to
  offices, language café), with their texts as one `OpportunityTranslation` row per
  language (German is the source), and residents answer them (`Answer`).
- Its coordinators (the organisation's staff) keep their `Volunteer`s — only with the
  person's consent, and deleted on her request — and record her `HoursEntry`s.
- The KI offers `Training`s; volunteers register (`TrainingRegistration`) and get an
  attendance certificate.

A volunteer is one person known to one organisation: the same person with two
organisations has two records (each organisation asked her consent for its own). Her
identity across them is her user account; the Sprachlotsen pool's record of her
(`mediation.Mediator`) is linked from the KI's record (`Volunteer.mediator`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ankommen.core.models import Area, Language, Organisation, Region, VersionedModel
from ankommen.core.once import submission_key_field
from ankommen.core.permissions import scope_of
from ankommen.mediation.models import Mediator

SOURCE_LANGUAGE = "de"


class Kind(models.TextChoices):
    SPONSORSHIP = "sponsorship", _("Sponsorship (Patenschaft)")
    HOMEWORK = "homework", _("Homework help")
    ACCOMPANYING = "accompanying", _("Accompanying to offices and appointments")
    LANGUAGE_CAFE = "language_cafe", _("Language café")
    OTHER = "other", _("Other help")


class OpportunityQuerySet(models.QuerySet):
    def public(self) -> OpportunityQuerySet:
        return self.filter(published=True)

    def coordinated_by(self, user) -> OpportunityQuerySet:
        """The opportunities of the organisations this person coordinates volunteers for."""
        scope = scope_of(user)
        if scope.is_admin:
            return self
        return self.filter(organisation__in=scope.member_organisation_ids)


class Opportunity(VersionedModel):
    """A way to help that an organisation offers to volunteers."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("region")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="volunteer_opportunities",
        verbose_name=_("organisation"),
    )
    key = models.SlugField(_("key"), max_length=80, help_text=_("Part of the public address."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    town = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("town"),
        help_text=_("Empty: anywhere in the district."),
    )
    time_needed = models.CharField(
        _("time needed"), max_length=200, blank=True, help_text=_("For example: 2 hours a week.")
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    published = models.BooleanField(_("published"), default=True)
    # Raised by each change of the German texts; a translation made from an older one is
    # outdated.
    source_version = models.PositiveIntegerField(_("German version"), default=1, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "key"]
        verbose_name = _("volunteer opportunity")
        verbose_name_plural = _("volunteer opportunities")
        constraints = [
            models.UniqueConstraint(fields=["region", "key"], name="opportunity_key_unique")
        ]

    def __str__(self) -> str:
        return self.title_in(SOURCE_LANGUAGE) or self.key

    def clean(self) -> None:
        if self.organisation_id and self.organisation.region_id != self.region_id:
            raise ValidationError(
                {"organisation": _("The organisation belongs to another region.")},
                code="other_region",
            )
        if self.town_id and self.town.region_id != self.region_id:
            raise ValidationError(
                {"town": _("The town belongs to another region.")}, code="other_region"
            )

    def text_in(self, code: str) -> OpportunityTranslation | None:
        """The texts in that language, else the German ones (the source)."""
        rows = {row.language.code: row for row in self.translations.all()}
        return rows.get(code) or rows.get(SOURCE_LANGUAGE)

    def title_in(self, code: str) -> str:
        text = self.text_in(code)
        return text.title if text else ""


class OpportunityTranslation(models.Model):
    """An opportunity's texts in one language; German is the source, and a translation
    remembers which German version it was made from, so an outdated one shows up."""

    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.CASCADE,
        related_name="translations",
        verbose_name=_("opportunity"),
    )
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=400, blank=True)
    description = models.TextField(_("description"), blank=True)
    source_version = models.PositiveIntegerField(
        _("made from German version"), default=1, editable=False
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["language__sort_order"]
        verbose_name = _("opportunity text")
        verbose_name_plural = _("opportunity texts")
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "language"], name="opportunity_translation_unique"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_outdated(self) -> bool:
        return (
            self.language.code != SOURCE_LANGUAGE
            and self.source_version < self.opportunity.source_version
        )


class AnswerQuerySet(models.QuerySet):
    def coordinated_by(self, user) -> AnswerQuerySet:
        scope = scope_of(user)
        if scope.is_admin:
            return self
        return self.filter(opportunity__organisation__in=scope.member_organisation_ids)


# An answer is kept at most this long (the public form promises it); the command
# `delete_old_answers` removes older ones.
ANSWER_RETENTION_DAYS = 365


class Answer(models.Model):
    """A resident's answer to an opportunity: who she is and how to reach her. Read only by
    the organisation's coordinators."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        CONTACTED = "contacted", _("contacted")
        CLOSED = "closed", _("closed")

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="answers", verbose_name=_("opportunity")
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    message = models.TextField(_("message"), blank=True)
    language = models.CharField(
        _("language of the visit"), max_length=20, help_text=_("Answer in this language.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    submission_key = submission_key_field()
    created_at = models.DateTimeField(_("received"), default=timezone.now)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("answer to an opportunity")
        verbose_name_plural = _("answers to opportunities")

    def __str__(self) -> str:
        return self.name

    def contact(self) -> str:
        return self.email or self.phone


class VolunteerQuerySet(models.QuerySet):
    def coordinated_by(self, user) -> VolunteerQuerySet:
        """Only the volunteers of the organisations the person works for (never another
        organisation's, not even for the KI)."""
        scope = scope_of(user)
        if scope.is_admin:
            return self
        return self.filter(organisation__in=scope.member_organisation_ids)


class Volunteer(VersionedModel):
    """A volunteer as one organisation knows her, stored with her consent."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        PAUSED = "paused", _("paused")
        ENDED = "ended", _("ended")

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("region")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="volunteers",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer_records",
        verbose_name=_("user account"),
        help_text=_("With an account she sees her engagements, hours and trainings."),
    )
    mediator = models.OneToOneField(
        Mediator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer",
        verbose_name=_("Sprachlotse record"),
        help_text=_("The same person in the Sprachlotsen pool."),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    town = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("town"),
    )
    times = models.CharField(
        _("times"), max_length=200, blank=True, help_text=_("When she can help, in her words.")
    )
    trainings = models.TextField(
        _("other trainings"), blank=True, help_text=_("Trainings taken elsewhere, one a line.")
    )
    conduct_certificate_until = models.DateField(
        _("certificate of conduct valid until"), null=True, blank=True
    )
    monthly_hour_cap = models.DecimalField(
        _("monthly hour cap"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text=_("The most hours a month she wants to give."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    consent_at = models.DateTimeField(_("consent given"))
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent recorded by"),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(user__isnull=False),
                name="volunteer_one_record_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.organisation_id and self.organisation.region_id != self.region_id:
            raise ValidationError(
                {"organisation": _("The organisation belongs to another region.")},
                code="other_region",
            )
        if self.town_id and self.town.region_id != self.region_id:
            raise ValidationError(
                {"town": _("The town belongs to another region.")}, code="other_region"
            )

    def certificate_expired(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.conduct_certificate_until is not None and self.conduct_certificate_until < today

    def hours_in_month(self, year: int, month: int) -> Decimal:
        total = self.hours.filter(date__year=year, date__month=month).aggregate(s=Sum("hours"))
        return total["s"] or Decimal("0")


class Engagement(models.Model):
    """A volunteer's part in one opportunity of her organisation."""

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="engagements", verbose_name=_("volunteer")
    )
    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.CASCADE,
        related_name="engagements",
        verbose_name=_("opportunity"),
    )
    since = models.DateField(_("since"), default=timezone.localdate)
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["-since"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        constraints = [
            models.UniqueConstraint(fields=["volunteer", "opportunity"], name="engagement_unique")
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} – {self.opportunity}"


class HoursEntry(models.Model):
    """Hours a volunteer gave on one day: positive, and never in the future."""

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="hours", verbose_name=_("volunteer")
    )
    engagement = models.ForeignKey(
        Engagement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hours",
        verbose_name=_("engagement"),
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    submission_key = submission_key_field()
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("hours")
        verbose_name_plural = _("hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="hours_positive_within_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} {self.date} {self.hours}"

    def clean(self) -> None:
        errors = {}
        if self.hours is not None and self.hours <= 0:
            errors["hours"] = ValidationError(
                _("Hours must be more than zero."), code="not_positive"
            )
        elif self.hours is not None and self.hours > 24:
            errors["hours"] = ValidationError(
                _("A day has no more than 24 hours."), code="too_many"
            )
        if self.date and self.date > timezone.localdate():
            errors["date"] = ValidationError(
                _("Hours cannot be recorded for a day in the future."), code="future"
            )
        if errors:
            raise ValidationError(errors)


class Training(models.Model):
    """A training the KI (or another organisation) offers to volunteers."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("region")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organiser")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    hours = models.DecimalField(
        _("length (hours)"), max_digits=4, decimal_places=1, validators=[MinValueValidator(0.5)]
    )
    place = models.CharField(_("place"), max_length=200)
    capacity = models.PositiveSmallIntegerField(_("places"), validators=[MinValueValidator(1)])
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")

    def __str__(self) -> str:
        return self.title

    def is_past(self) -> bool:
        return self.starts_at < timezone.now()

    def places_left(self) -> int:
        return max(0, self.capacity - self.registrations.count())


class TrainingRegistration(models.Model):
    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("training")
    )
    volunteer = models.ForeignKey(
        Volunteer,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("volunteer"),
    )
    registered_at = models.DateTimeField(_("registered"), auto_now_add=True)
    attended = models.BooleanField(_("attended"), default=False)

    class Meta:
        ordering = ["volunteer__name"]
        verbose_name = _("training registration")
        verbose_name_plural = _("training registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["training", "volunteer"], name="training_registration_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} – {self.training}"
