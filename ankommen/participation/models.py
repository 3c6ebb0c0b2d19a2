"""Participation of residents and partners: consultations with moderated public comments,
anonymous surveys, and residents' reports of a missing offer.

Nothing here carries the identity of a member of the public: a comment keeps the name she
chose to give (or none) and its language; a survey response keeps its answers, the day and
a hash of a random browser token (only so the same browser cannot answer twice); a report
of a missing offer keeps its town, language and text. No user, no IP address.
"""

from __future__ import annotations

import hashlib
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ankommen.actionplan.models import Recommendation
from ankommen.core.models import Area, Language, Region
from ankommen.core.once import submission_key_field
from ankommen.core.translation import TranslatedFields, translations_field

# --- Consultations ------------------------------------------------------------------------


class ConsultationQuerySet(models.QuerySet):
    def public(self) -> ConsultationQuerySet:
        return self.filter(is_published=True)


class Consultation(TranslatedFields):
    """Action-plan recommendations and/or a draft text, opened for public comments."""

    TRANSLATED_FIELDS: ClassVar[dict[str, str]] = {
        "title": "titles",
        "introduction": "introductions",
        "draft": "drafts",
    }

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="consultations", verbose_name=_("region")
    )
    slug = models.SlugField(_("address"), max_length=80)
    title = models.CharField(_("title (German)"), max_length=200)
    titles = translations_field(_("title in other languages"))
    introduction = models.TextField(_("introduction (German)"), blank=True)
    introductions = translations_field(_("introduction in other languages"))
    draft = models.TextField(
        _("draft text (German)"),
        blank=True,
        help_text=_("A draft put up for comments, e.g. a new section of the concept."),
    )
    drafts = translations_field(_("draft text in other languages"))
    recommendations = models.ManyToManyField(
        Recommendation,
        blank=True,
        related_name="consultations",
        verbose_name=_("recommendations of the action plan"),
    )
    opens_on = models.DateField(_("open from"))
    closes_on = models.DateField(_("open until"))
    is_published = models.BooleanField(_("published"), default=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opens_on"]
        constraints = [
            models.UniqueConstraint(fields=["region", "slug"], name="consultation_slug_unique")
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError(
                {"closes_on": _("The consultation cannot close before it opens.")},
                code="closes_before_opening",
            )

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on


class CommentQuerySet(models.QuerySet):
    def approved(self) -> CommentQuerySet:
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self) -> CommentQuerySet:
        return self.filter(status=Comment.Status.PENDING)


class Comment(models.Model):
    """A public comment on a consultation (on one of its recommendations, or on the draft
    text when `recommendation` is empty). Shown only once the KI has approved it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for moderation")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recommendation"),
    )
    name = models.CharField(_("name (optional)"), max_length=100, blank=True)
    text = models.TextField(_("comment"), max_length=4000)
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    rejection_reason = models.CharField(_("reason for rejection"), max_length=300, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    submission_key = submission_key_field()

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]

    def approve(self, *, by) -> None:
        self.status = self.Status.APPROVED
        self.rejection_reason = ""
        self._moderated(by)

    def reject(self, *, by, reason: str) -> None:
        if not reason.strip():
            raise ValidationError(_("Give a reason for the rejection."), code="reason_missing")
        self.status = self.Status.REJECTED
        self.rejection_reason = reason.strip()
        self._moderated(by)

    def _moderated(self, by) -> None:
        self.moderated_by = by
        self.moderated_at = timezone.now()
        self.save(update_fields=["status", "rejection_reason", "moderated_by", "moderated_at"])


# --- Surveys --------------------------------------------------------------------------------


class Survey(TranslatedFields):
    """A survey with multilingual questions, answered anonymously through its link."""

    class Audience(models.TextChoices):
        INSTITUTIONS = "institutions", _("public bodies and welfare organisations (GO/NGO)")
        MIGRANT_ORGANISATIONS = "migrant_organisations", _("migrant organisations (MO)")
        YOUNG_PEOPLE = "young_people", _("young people")
        INTEGRATION_OFFICERS = "integration_officers", _("the towns' integration officers")
        RESIDENTS = "residents", _("residents")

    TRANSLATED_FIELDS: ClassVar[dict[str, str]] = {"title": "titles", "introduction": "intros"}

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="surveys", verbose_name=_("region")
    )
    slug = models.SlugField(_("address"), max_length=80)
    title = models.CharField(_("title (German)"), max_length=200)
    titles = translations_field(_("title in other languages"))
    introduction = models.TextField(_("introduction (German)"), blank=True)
    intros = translations_field(_("introduction in other languages"))
    audience = models.CharField(_("asked are"), max_length=30, choices=Audience.choices)
    opens_at = models.DateTimeField(_("open from"))
    closes_at = models.DateTimeField(_("open until"))
    min_group_size = models.PositiveSmallIntegerField(
        _("smallest group shown"),
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(100)],
        help_text=_(
            "Results by subgroup are shown only for groups with at least this many answers, "
            "so that nobody can be recognised by their answers."
        ),
    )
    subgroup_question = models.ForeignKey(
        "Question",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("results by subgroup of"),
        help_text=_("A single-choice question, e.g. the town."),
    )
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="owned_surveys",
        verbose_name=_("owners"),
        help_text=_(
            "Staff of the region who see the results, the free-text answers included. The "
            "region's KI coordinators always do."
        ),
    )

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-opens_at"]
        constraints = [
            models.UniqueConstraint(fields=["region", "slug"], name="survey_slug_unique")
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError(
                {"closes_at": _("The survey cannot close before it opens.")},
                code="closes_before_opening",
            )

    def state(self, now=None) -> str:
        """ "upcoming", "open" or "closed"."""
        now = now or timezone.now()
        if now < self.opens_at:
            return "upcoming"
        if now >= self.closes_at:
            return "closed"
        return "open"

    def is_open(self, now=None) -> bool:
        return self.state(now) == "open"


class Question(TranslatedFields):
    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        SCALE = "scale", _("scale")
        TEXT = "text", _("free text")

    TRANSLATED_FIELDS: ClassVar[dict[str, str]] = {
        "text": "texts",
        "low_label": "low_labels",
        "high_label": "high_labels",
    }

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("question (German)"), max_length=300)
    texts = translations_field(_("question in other languages"))
    required = models.BooleanField(_("answer required"), default=False)
    scale_max = models.PositiveSmallIntegerField(
        _("highest point of the scale"),
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(10)],
    )
    low_label = models.CharField(_("label of the lowest point (German)"), max_length=80, blank=True)
    low_labels = translations_field(_("label of the lowest point in other languages"))
    high_label = models.CharField(
        _("label of the highest point (German)"), max_length=80, blank=True
    )
    high_labels = translations_field(_("label of the highest point in other languages"))

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "number"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="question_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"

    @property
    def has_choices(self) -> bool:
        return self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE)

    def scale_points(self) -> list[int]:
        return list(range(1, self.scale_max + 1))


class Choice(TranslatedFields):
    TRANSLATED_FIELDS: ClassVar[dict[str, str]] = {"text": "texts"}

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.CharField(_("answer (German)"), max_length=200)
    texts = translations_field(_("answer in other languages"))

    class Meta:
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")
        ordering = ["question", "number"]
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="choice_number_unique")
        ]

    def __str__(self) -> str:
        return self.text


def browser_hash(token: str) -> str:
    """What is stored of a browser's random token: a hash, never the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()


class Response(models.Model):
    """One anonymous sending of a survey: no user, no address; the day only."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    submitted_on = models.DateField(_("answered on"), default=timezone.localdate)
    browser = models.CharField(
        _("browser token (hash)"),
        max_length=64,
        help_text=_("Only to keep one browser from answering twice."),
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(fields=["survey", "browser"], name="response_once_per_browser")
        ]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.ForeignKey(
        Choice, on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, max_length=2000)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.question_id}: {self.choice_id or self.value or self.text[:20]}"


# --- Missing offers -------------------------------------------------------------------------


class MissingOfferQuerySet(models.QuerySet):
    def open(self) -> MissingOfferQuerySet:
        return self.filter(done=False)


class MissingOfferReport(models.Model):
    """ "Fehlt ein Angebot?": a resident tells the KI which offer she misses in her town."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("region")
    )
    town = models.ForeignKey(
        Area,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("town"),
    )
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    text = models.TextField(_("what is missing"), max_length=2000)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    done = models.BooleanField(_("dealt with"), default=False)
    submission_key = submission_key_field()

    objects = MissingOfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("report of a missing offer")
        verbose_name_plural = _("reports of missing offers")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text[:60]
