"""The language mediation pools: mediators (volunteer Sprachlotsen and Gesundheitslotsen,
professional interpreters), requests from authorised organisations, offers, assignments,
feedback and the access log.

Mediators are matched to requests by `matching.py`; the rules about who may see what are
in `permissions.py`. A request's client is never named: its topic holds initials at most.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ankommen.core.models import Area, Language, Organisation, Region, VersionedModel
from ankommen.core.once import submission_key_field


class Tier(models.TextChoices):
    VOLUNTEER = "volunteer", _("volunteer (Sprachlotse)")
    PROFESSIONAL = "professional", _("professional interpreter")


class Setting(models.TextChoices):
    EVERYDAY = "everyday", _("everyday matters")
    SCHOOL = "school", _("school and childcare")
    AUTHORITIES = "authorities", _("authorities")
    MEDICAL = "medical", _("medical")
    PSYCHOTHERAPY = "psychotherapy", _("psychotherapy")
    LEGAL = "legal", _("legal consequences")


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    PHONE = "phone", _("phone")
    VIDEO = "video", _("video")


class Level(models.TextChoices):
    """CEFR levels, plus native speaker."""

    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"
    NATIVE = "native", _("native speaker")


LEVEL_ORDER = {"A2": 2, "B1": 3, "B2": 4, "C1": 5, "C2": 6, "native": 7}


def level_at_least(level: str, required: str) -> bool:
    return LEVEL_ORDER.get(level, 0) >= LEVEL_ORDER.get(required, 0)


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
        code = translation.get_language() or "de"
        return self.name_en if code.startswith("en") else self.name_de


class MediatorQuerySet(models.QuerySet):
    def visible_to(self, user) -> MediatorQuerySet:
        from ankommen.mediation.permissions import coordinated_region_ids, scope_of

        if scope_of(user).is_admin:
            return self
        return self.filter(Q(region__in=coordinated_region_ids(user)) | Q(user=user))

    def editable_by(self, user) -> MediatorQuerySet:
        from ankommen.mediation.permissions import coordinated_region_ids, scope_of

        if scope_of(user).is_admin:
            return self
        return self.filter(region__in=coordinated_region_ids(user))


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
    german_level = models.CharField(_("German level"), max_length=10, choices=Level.choices)
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
        _("variety"), max_length=60, blank=True, help_text=_("For example Levantine, Sorani.")
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)

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

    def applies_to(self, request: Request) -> bool:
        if request.organisation_id != self.organisation_id:
            return False
        if not self.client_reference:
            return True
        return client_key(self.client_reference) == client_key(request.client_reference)


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


class SettingPolicy(models.Model):
    """Per region, setting and tier: may the tier take it, and how many working days ahead
    must a request come in."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, verbose_name=_("region"))
    setting = models.CharField(_("setting"), max_length=20, choices=Setting.choices)
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices)
    allowed = models.BooleanField(_("allowed"), default=True)
    needs_specialist_training = models.BooleanField(_("needs specialist training"), default=False)
    lead_working_days = models.PositiveSmallIntegerField(_("lead time (working days)"), default=0)

    class Meta:
        verbose_name = _("setting policy")
        verbose_name_plural = _("setting policies")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "setting", "tier"], name="settingpolicy_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_setting_display()} / {self.get_tier_display()}"


# The policy a region gets unless it stores its own (Coesfeld: 5 working days for
# volunteers; medical, psychotherapy and legal only for professionals).
DEFAULT_POLICY = {
    (Setting.EVERYDAY, Tier.VOLUNTEER): (True, False, 5),
    (Setting.SCHOOL, Tier.VOLUNTEER): (True, False, 5),
    (Setting.AUTHORITIES, Tier.VOLUNTEER): (True, False, 5),
    (Setting.MEDICAL, Tier.VOLUNTEER): (True, True, 5),
    (Setting.PSYCHOTHERAPY, Tier.VOLUNTEER): (False, False, 5),
    (Setting.LEGAL, Tier.VOLUNTEER): (False, False, 5),
}


def policy_for(region_id: int, setting: str, tier: str) -> tuple[bool, bool, int]:
    """(allowed, needs specialist training, lead working days)."""
    stored = (
        SettingPolicy.objects.filter(region_id=region_id, setting=setting, tier=tier)
        .values_list("allowed", "needs_specialist_training", "lead_working_days")
        .first()
    )
    if stored:
        return stored
    return DEFAULT_POLICY.get((setting, tier), (True, False, 0))


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days (Monday to Friday) after `start` up to and including `end`."""
    days = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days += 1
    return days


class RequestSeries(models.Model):
    """Recurring appointments (a weekly therapy, a school year's talks): the same mediator
    is preferred throughout."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, verbose_name=_("region"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, verbose_name=_("organisation")
    )
    title = models.CharField(_("title"), max_length=120)

    class Meta:
        verbose_name = _("series of requests")
        verbose_name_plural = _("series of requests")

    def __str__(self) -> str:
        return self.title


class RequestQuerySet(models.QuerySet):
    def visible_to(self, user) -> RequestQuerySet:
        from ankommen.mediation.permissions import coordinated_region_ids, scope_of

        scope = scope_of(user)
        if scope.is_admin:
            return self
        return self.filter(
            Q(region__in=coordinated_region_ids(user))
            | Q(organisation__in=scope.member_organisation_ids)
        )


class Request(VersionedModel):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        OFFERED = "offered", _("offered")
        CONFIRMED = "confirmed", _("confirmed")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")
        UNMET = "unmet", _("not served")

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("normal")
        URGENT = "urgent", _("urgent")

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="mediation_requests")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="mediation_requests",
        verbose_name=_("requesting organisation"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    language = models.ForeignKey(
        MediationLanguage, on_delete=models.PROTECT, verbose_name=_("language")
    )
    variety = models.CharField(_("variety"), max_length=60, blank=True)
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices, default=Tier.VOLUNTEER)
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(15), MaxValueValidator(480)]
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    place_area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("town or quarter"),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    setting = models.CharField(_("setting"), max_length=20, choices=Setting.choices)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    series = models.ForeignKey(
        RequestSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("series"),
    )
    topic = models.CharField(
        _("topic"),
        max_length=200,
        help_text=_("Short, without the client's personal data (initials at most)."),
    )
    # The requester's word that the topic names no person; until then (requests from
    # before the confirmation existed) only the accepted mediator signed in reads it.
    topic_confirmed_at = models.DateTimeField(
        _("topic confirmed to name nobody"), null=True, blank=True
    )
    topic_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("topic confirmed by"),
    )
    client_reference = models.CharField(
        _("client reference"),
        max_length=40,
        blank=True,
        help_text=_(
            "Initials or your own file reference for the client, never a name. A mediator "
            "who has declared a conflict with this client is not proposed."
        ),
    )
    cost_centre = models.CharField(_("cost centre"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED
    )
    unmet_reason = models.CharField(_("reason not served"), max_length=40, blank=True)
    lead_time_override_reason = models.TextField(_("reason for a short lead time"), blank=True)
    lead_time_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("short lead time allowed by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    is_demo = models.BooleanField(_("demo data"), default=False)
    # The request form's one-time key: the same form sent twice creates one request.
    submission_key = submission_key_field()

    objects = RequestQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("mediation request")
        verbose_name_plural = _("mediation requests")
        indexes = [
            models.Index(fields=["region", "status"]),
            models.Index(fields=["organisation", "starts_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.language} · {timezone.localtime(self.starts_at):%d.%m.%Y %H:%M}"

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    def confirmed_assignment(self):
        return (
            Assignment.objects.filter(request=self)
            .exclude(status=Assignment.Status.CANCELLED)
            .select_related("mediator")
            .first()
        )


class Offer(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        TAKEN = "taken", _("taken by someone else")
        WITHDRAWN = "withdrawn", _("withdrawn")

    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="offers", verbose_name=_("request")
    )
    mediator = models.ForeignKey(
        Mediator, on_delete=models.CASCADE, related_name="offers", verbose_name=_("mediator")
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    reasons = models.JSONField(_("reasons"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["rank"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            models.UniqueConstraint(fields=["request", "mediator"], name="offer_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.request} → {self.mediator}"

    def shows_topic_to(self, user) -> bool:
        """The topic and the exact place are for the mediator who accepted, not for the
        others asked: to her signed in, or by her link when the requester confirmed that
        the topic names nobody. The offer mail never carries them."""
        if self.status != Offer.Status.ACCEPTED:
            return False
        if user is not None and user.is_authenticated and self.mediator.user_id == user.pk:
            return True
        return self.request.topic_confirmed_at is not None


class Assignment(models.Model):
    """The mediator who serves a request. At most one live assignment per request: the
    partial unique constraint is what makes "first to accept wins" hold under races."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")
        NO_SHOW_CLIENT = "no_show_client", _("client did not come")
        NO_SHOW_MEDIATOR = "no_show_mediator", _("mediator did not come")

    class CancelledBy(models.TextChoices):
        REQUESTER = "requester", _("requester")
        MEDIATOR = "mediator", _("mediator")
        COORDINATOR = "coordinator", _("coordinator")

    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("request")
    )
    mediator = models.ForeignKey(
        Mediator,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("mediator"),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    in_person = models.BooleanField(_("in person"), default=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONFIRMED
    )
    assigned_directly_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned directly by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed"), default=timezone.now)
    minutes_worked = models.PositiveSmallIntegerField(_("minutes worked"), null=True, blank=True)
    travel_km = models.DecimalField(
        _("travel (km)"), max_digits=6, decimal_places=1, default=Decimal("0")
    )
    cancelled_by = models.CharField(
        _("cancelled by"), max_length=12, choices=CancelledBy.choices, blank=True
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancellation_billable = models.BooleanField(_("cancellation billable"), default=False)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=~Q(status="cancelled"),
                name="assignment_one_live_per_request",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="assignment_ends_after"
            ),
            # Matching looks for overlapping bookings from at most a day before a request
            # (matching.MAX_ASSIGNMENT); a request lasts eight hours at most anyway.
            models.CheckConstraint(
                condition=Q(ends_at__lte=models.F("starts_at") + dt.timedelta(days=1)),
                name="assignment_at_most_a_day",
            ),
        ]
        indexes = [
            models.Index(fields=["mediator", "starts_at"]),
            # Matching reads a mediator's live bookings of a few weeks: a range scan that
            # never touches cancelled rows and finds the end time in the index.
            models.Index(
                fields=["mediator", "starts_at"],
                include=["ends_at", "in_person", "request"],
                condition=~Q(status="cancelled"),
                name="assignment_live_by_mediator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mediator} · {self.request}"

    @property
    def hours(self) -> Decimal:
        minutes = self.minutes_worked
        if minutes is None:
            minutes = int((self.ends_at - self.starts_at).total_seconds() // 60)
        return (Decimal(minutes) / 60).quantize(Decimal("0.01"))


class Feedback(models.Model):
    class Side(models.TextChoices):
        REQUESTER = "requester", _("requester")
        MEDIATOR = "mediator", _("mediator")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="feedback")
    side = models.CharField(_("from"), max_length=10, choices=Side.choices)
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    given_at = models.DateTimeField(_("given"), default=timezone.now)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "side"], name="feedback_once_per_side")
        ]

    def __str__(self) -> str:
        return f"{self.get_side_display()}: {self.rating}"


class AccessLog(models.Model):
    """Every view of a request's details: who, when, what."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="access_log")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    what = models.CharField(_("what"), max_length=40)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.what}"

    @property
    def region_id(self) -> int:
        return self.request.region_id
