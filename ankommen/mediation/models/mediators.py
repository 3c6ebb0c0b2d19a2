"""The pools' people: mediators (volunteer Sprachlotsen and Gesundheitslotsen,
professional interpreters) with their languages, evidence, weekly availability, absences
and declared conflicts of interest, and the languages the pools mediate."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ankommen.core.formats import locale_for
from ankommen.core.models import Area, Language, Organisation, Region, VersionedModel
from ankommen.core.permissions import scope_of
from ankommen.mediation.models.choices import LanguageLevel, Mode, Setting, Tier

if TYPE_CHECKING:
    from ankommen.mediation.models.requests import MediationRequest


class MediationLanguage(models.Model):
    """A language the pools mediate. Many of them (Tigrinya, Kurmanji, Dari …) are no
    content language of the portal, so this list stands on its own; where the portal
    does offer the language, `content_language` links it."""

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        validators=[
            RegexValidator(
                r"^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$",
                _("Use a BCP 47 language tag such as bg, ti or ku-Latn."),
                code="invalid_language_code",
            )
        ],
        help_text=_("BCP 47 tag, for example bg, ti, kmr or ar-SY."),
    )
    name_de = models.CharField(_("German name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    content_language = models.ForeignKey(
        Language,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("portal content language"),
    )

    class Meta:
        ordering = ["name_de"]
        verbose_name = _("mediation language")
        verbose_name_plural = _("mediation languages")

    def __str__(self) -> str:
        return self.label()

    def label(self) -> str:
        """The name in the active language: the curated German or English name, in any
        other interface language the CLDR name where CLDR knows this exact code (a newcomer
        reading Romanian reads "arabă", not "Arabisch"), else the German one."""
        code = translation.get_language() or "de"
        if code.startswith("en"):
            return self.name_en
        if code.startswith("de"):
            return self.name_de
        name = locale_for(code).languages.get(self.code.replace("-", "_"))
        return name or self.name_de


class MediatorQuerySet(models.QuerySet):
    def visible_to(self, user) -> MediatorQuerySet:
        scope = scope_of(user)
        if scope.is_admin:
            return self
        return self.filter(Q(region__in=scope.coordinator_region_ids) | Q(user=user))

    def editable_by(self, user) -> MediatorQuerySet:
        scope = scope_of(user)
        if scope.is_admin:
            return self
        return self.filter(region__in=scope.coordinator_region_ids)


class Mediator(VersionedModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        PAUSED = "paused", _("paused")
        INACTIVE = "inactive", _("inactive")

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="mediators", verbose_name=_("region")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mediator",
        verbose_name=_("user account"),
        help_text=_("Volunteers sign in with the role “volunteer”; professionals may."),
    )
    key = models.SlugField(_("key"), max_length=80, help_text=_("Stable identifier."))
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    german_level = models.CharField(_("German level"), max_length=10, choices=LanguageLevel.choices)
    # Settings the mediator may take; the tier policy (Setting × Tier) applies on top.
    allowed_settings = models.JSONField(
        _("settings"), default=list, blank=True, help_text=_("Setting codes she takes.")
    )
    in_person = models.BooleanField(_("in person"), default=True)
    by_phone = models.BooleanField(_("by phone"), default=True)
    by_video = models.BooleanField(_("by video"), default=False)
    home_area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("home area"),
    )
    travel_radius_km = models.PositiveSmallIntegerField(_("travel radius (km)"), default=15)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    paused_until = models.DateField(_("paused until"), null=True, blank=True)
    monthly_hour_cap = models.DecimalField(
        _("monthly hour cap"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Volunteers: the most hours a month she wants to give."),
    )
    # Money: volunteers get an allowance per hour and per km; professionals bill units.
    hourly_allowance = models.DecimalField(
        _("allowance per hour (€)"), max_digits=6, decimal_places=2, default=Decimal("0")
    )
    km_rate = models.DecimalField(
        _("rate per km (€)"), max_digits=4, decimal_places=2, default=Decimal("0.30")
    )
    unit_minutes = models.PositiveSmallIntegerField(_("billing unit (minutes)"), default=30)
    unit_rate = models.DecimalField(
        _("rate per unit (€)"), max_digits=6, decimal_places=2, default=Decimal("0")
    )
    minimum_minutes = models.PositiveSmallIntegerField(_("minimum time (minutes)"), default=60)
    phone_rate_per_minute = models.DecimalField(
        _("phone rate per minute (€)"), max_digits=5, decimal_places=2, default=Decimal("0")
    )
    # Reliability: counted, never used to exclude on its own.
    mediator_no_shows = models.PositiveSmallIntegerField(_("no-shows"), default=0)
    last_assigned_at = models.DateTimeField(_("last assignment"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = MediatorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("mediator")
        verbose_name_plural = _("mediators")
        constraints = [
            models.UniqueConstraint(fields=["region", "key"], name="mediator_key_unique")
        ]
        indexes = [models.Index(fields=["region", "status", "tier"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        unknown = [s for s in self.allowed_settings or [] if s not in Setting.values]
        if unknown:
            errors["allowed_settings"] = ValidationError(
                _("Unknown setting: %(codes)s."),
                code="unknown_setting",
                params={"codes": ", ".join(map(str, unknown))},
            )
        if self.home_area_id and self.home_area.region_id != self.region_id:
            errors["home_area"] = ValidationError(
                _("The home area belongs to another region."), code="other_region"
            )
        if errors:
            raise ValidationError(errors)

    def modes(self) -> set[str]:
        return {
            mode
            for mode, on in (
                (Mode.IN_PERSON, self.in_person),
                (Mode.PHONE, self.by_phone),
                (Mode.VIDEO, self.by_video),
            )
            if on
        }


class MediatorLanguage(models.Model):
    mediator = models.ForeignKey(
        Mediator, on_delete=models.CASCADE, related_name="languages", verbose_name=_("mediator")
    )
    language = models.ForeignKey(
        MediationLanguage,
        on_delete=models.PROTECT,
        related_name="mediators",
        verbose_name=_("language"),
    )
    variety = models.CharField(
        pgettext_lazy("language", "variety"),
        max_length=60,
        blank=True,
        help_text=pgettext_lazy("language", "For example Levantine, Sorani."),
    )
    level = models.CharField(_("level"), max_length=10, choices=LanguageLevel.choices)

    class Meta:
        verbose_name = _("language of a mediator")
        verbose_name_plural = _("languages of a mediator")
        constraints = [
            models.UniqueConstraint(
                fields=["mediator", "language", "variety"], name="mediatorlanguage_unique"
            )
        ]
        indexes = [models.Index(fields=["language", "mediator"])]

    def __str__(self) -> str:
        return f"{self.language} {self.variety} ({self.level})".replace("  ", " ")


# The mediator is reminded this many days before a piece of evidence expires.
EVIDENCE_REMINDER_DAYS = 30


class Evidence(models.Model):
    class Kind(models.TextChoices):
        CONFIDENTIALITY = "confidentiality", _("confidentiality declaration")
        GOOD_CONDUCT = "good_conduct", _("certificate of good conduct")
        BASIC_TRAINING = "basic_training", _("basic training")
        SPECIALIST_TRAINING = "specialist_training", _("specialist training")

    mediator = models.ForeignKey(
        Mediator, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("mediator")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    setting = models.CharField(
        _("setting"),
        max_length=20,
        choices=Setting.choices,
        blank=True,
        help_text=_("For a specialist training: the setting it qualifies for."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    # The expiry date the 30-day reminder was sent for (`remind_expiring_evidence`): sent
    # once per date, and again when the evidence is renewed and nears its new end.
    reminded_for = models.DateField(_("expiry reminder sent for"), null=True, blank=True)

    class Meta:
        ordering = ["valid_until"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        indexes = [
            models.Index(fields=["mediator", "kind"]),
            # All of a mediator's evidence valid on a day at once (the portable matching).
            models.Index(
                fields=["mediator", "valid_from"],
                include=["valid_until", "kind", "setting"],
                name="evidence_by_mediator_dates",
            ),
            # Matching on PostgreSQL: who holds a specialist training for the setting on the
            # day (the other kinds are kept on the mediator's row, see migration 0003).
            models.Index(
                fields=["setting", "valid_from"],
                include=["mediator", "valid_until"],
                condition=Q(kind="specialist_training"),
                name="evidence_specialist_by_setting",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    def clean(self) -> None:
        if self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError(
                {"valid_until": ValidationError(_("Ends before it starts."), code="order")}
            )

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def days_left(self, day: dt.date) -> int | None:
        """Days until the evidence expires (negative: expired); None if it never does."""
        if self.valid_until is None:
            return None
        return (self.valid_until - day).days

    def expires_soon(self, day: dt.date) -> bool:
        left = self.days_left(day)
        return left is not None and 0 <= left <= EVIDENCE_REMINDER_DAYS


class WeeklyAvailability(models.Model):
    mediator = models.ForeignKey(
        Mediator,
        on_delete=models.CASCADE,
        related_name="availability",
        verbose_name=_("mediator"),
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"),
        validators=[MinValueValidator(0), MaxValueValidator(6)],
        help_text=_("0 = Monday … 6 = Sunday."),
    )
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))

    class Meta:
        ordering = ["weekday", "starts"]
        verbose_name = _("weekly availability")
        verbose_name_plural = _("weekly availability")

    def __str__(self) -> str:
        return f"{self.weekday}: {self.starts:%H:%M}–{self.ends:%H:%M}"

    def clean(self) -> None:
        if self.ends <= self.starts:
            raise ValidationError(
                {"ends": ValidationError(_("Ends before it starts."), code="order")}
            )


class Absence(models.Model):
    mediator = models.ForeignKey(
        Mediator, on_delete=models.CASCADE, related_name="absences", verbose_name=_("mediator")
    )
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))

    class Meta:
        ordering = ["first_day"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")

    def __str__(self) -> str:
        return f"{self.first_day} – {self.last_day}"

    def clean(self) -> None:
        if self.last_day < self.first_day:
            raise ValidationError(
                {"last_day": ValidationError(_("Ends before it starts."), code="order")}
            )


def client_key(reference: str) -> str:
    """A client reference as compared: "A.B.", "a b" and "AB" are the same person."""
    return re.sub(r"[\W_]+", "", reference or "").casefold()


class Conflict(models.Model):
    """A conflict of interest a mediator has declared (guide, section 4.1 rule 8): she is
    not proposed for, and cannot be booked on, requests of this organisation — or, with a
    client reference, only its requests for that client (a neighbour, a relative, an
    earlier complaint). The reason is for the coordinators; requesters never see it."""

    mediator = models.ForeignKey(
        Mediator, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("mediator")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("requesting organisation"),
        help_text=_("The department, school or service the conflict concerns."),
    )
    client_reference = models.CharField(
        _("client reference"),
        max_length=40,
        blank=True,
        help_text=_(
            "The initials or file reference the organisation uses for the client. Empty: "
            "every request of the organisation."
        ),
    )
    # The reference as compared (client_key()), kept by save() so that matching compares
    # it in SQL.
    client_key = models.CharField(max_length=40, blank=True, editable=False)
    reason = models.CharField(
        _("reason"),
        max_length=200,
        help_text=_("A few words for the coordinators, without personal data."),
    )
    declared_at = models.DateTimeField(_("declared"), default=timezone.now)

    class Meta:
        ordering = ["declared_at"]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        indexes = [models.Index(fields=["organisation", "mediator"])]

    def __str__(self) -> str:
        if self.client_reference:
            return f"{self.organisation} · {self.client_reference}"
        return str(self.organisation)

    def save(self, *args, **kwargs) -> None:
        self.client_key = client_key(self.client_reference)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "client_key"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if (
            self.mediator_id
            and self.organisation_id
            and self.organisation.region_id != self.mediator.region_id
        ):
            raise ValidationError(
                {
                    "organisation": ValidationError(
                        _("The organisation belongs to another region."), code="other_region"
                    )
                }
            )
        if self.client_reference and not client_key(self.client_reference):
            raise ValidationError(
                {
                    "client_reference": ValidationError(
                        _("Give initials or a file reference made of letters or digits."),
                        code="empty_reference",
                    )
                }
            )

    def applies_to(self, request: MediationRequest) -> bool:
        if request.organisation_id != self.organisation_id:
            return False
        if not self.client_reference:
            return True
        return client_key(self.client_reference) == client_key(request.client_reference)
