"""The pools' work: requests from authorised organisations (alone or in a series), the
offers of a request to mediators, the assignment of the one who serves it, feedback on
it, and the access log of every view of a request's details. A request's client is never
named: its topic holds initials at most."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ankommen.core.actor import Actor
from ankommen.core.audit import audit
from ankommen.core.models import (
    Area,
    AuditEntry,
    AuditEntryQuerySet,
    Organisation,
    Region,
    VersionedModel,
)
from ankommen.core.once import submission_key_field
from ankommen.core.permissions import scope_of
from ankommen.mediation.models.choices import Mode, Setting, Tier
from ankommen.mediation.models.mediators import MediationLanguage, Mediator


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


class MediationRequestQuerySet(models.QuerySet):
    def visible_to(self, user) -> MediationRequestQuerySet:
        scope = scope_of(user)
        if scope.is_admin:
            return self
        return self.filter(
            Q(region__in=scope.coordinator_region_ids)
            | Q(organisation__in=scope.member_organisation_ids)
        )


class MediationRequest(VersionedModel):
    class Status(models.TextChoices):
        REQUESTED = "requested", pgettext_lazy("mediation status", "requested")
        OFFERED = "offered", pgettext_lazy("mediation status", "offered")
        CONFIRMED = "confirmed", pgettext_lazy("mediation status", "confirmed")
        DONE = "done", pgettext_lazy("mediation status", "done")
        CANCELLED = "cancelled", pgettext_lazy("mediation status", "cancelled")
        UNMET = "unmet", pgettext_lazy("mediation status", "not served")

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
    # "variety" alone is Django's password validator's word ("Vielfalt"), which wins.
    variety = models.CharField(pgettext_lazy("language", "variety"), max_length=60, blank=True)
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
    place = models.CharField(
        _("place"),
        max_length=200,
        blank=True,
        help_text=_(
            "Street and number where the appointment is; empty: the organisation's address."
        ),
    )
    room = models.CharField(
        _("room"), max_length=100, blank=True, help_text=_("For example: room 104, 1st floor.")
    )
    # The person on site the mediator asks for; she reads it once she is confirmed.
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
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

    objects = MediationRequestQuerySet.as_manager()

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

    def address(self) -> str:
        """Where the mediator goes: the request's place, else the organisation's address."""
        if self.place:
            return self.place
        organisation = self.organisation
        town = " ".join(part for part in (organisation.postal_code, organisation.city) if part)
        return ", ".join(part for part in (organisation.street, town) if part)

    def contact_phone_or_organisation(self) -> str:
        return self.contact_phone or self.organisation.phone

    def contact_tel(self) -> str:
        """The contact's number as a `tel:` link (digits and a leading +), or ""."""
        number = self.contact_phone_or_organisation()
        digits = re.sub(r"[^\d+]", "", number)
        return f"tel:{digits}" if digits else ""

    def confirmed_assignment(self):
        return (
            Assignment.objects.filter(request=self)
            .exclude(status=Assignment.Status.CANCELLED)
            .select_related("mediator")
            .first()
        )


class AssignmentOffer(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        TAKEN = "taken", _("taken by someone else")
        WITHDRAWN = "withdrawn", _("withdrawn")

    request = models.ForeignKey(
        MediationRequest, on_delete=models.CASCADE, related_name="offers", verbose_name=_("request")
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
        if self.status != AssignmentOffer.Status.ACCEPTED:
            return False
        if user is not None and user.is_authenticated and self.mediator.user_id == user.pk:
            return True
        return self.request.topic_confirmed_at is not None


class Assignment(models.Model):
    """The mediator who serves a request. At most one live assignment per request: the
    partial unique constraint is what makes "first to accept wins" hold under races."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", pgettext_lazy("mediation status", "confirmed")
        DONE = "done", pgettext_lazy("mediation status", "done")
        CANCELLED = "cancelled", pgettext_lazy("mediation status", "cancelled")
        NO_SHOW_CLIENT = (
            "no_show_client",
            pgettext_lazy("mediation status", "client did not come"),
        )
        NO_SHOW_MEDIATOR = (
            "no_show_mediator",
            pgettext_lazy("mediation status", "mediator did not come"),
        )

    class CancelledBy(models.TextChoices):
        REQUESTER = "requester", _("requester")
        MEDIATOR = "mediator", _("mediator")
        COORDINATOR = "coordinator", _("coordinator")

    request = models.ForeignKey(
        MediationRequest,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("request"),
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


class AssignmentFeedback(models.Model):
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


class RequestAccessManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().about("MediationRequest")


class RequestAccess(AuditEntry):
    """The one audit log (`core.AuditEntry`) seen from the pools: every look at a
    request's details, on the staff page (`detail={"page": "detail"}`) or through a
    mediator's offer link (`{"page": "offer", "mediator": <key>}`). Written with
    `log_request_view()`; shown to the region's coordinators in the back office."""

    objects = RequestAccessManager.from_queryset(AuditEntryQuerySet)()

    class Meta:
        proxy = True
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")


def log_request_view(actor: Actor, request: MediationRequest, **detail: str) -> AuditEntry:
    """Record that `actor` saw the details of `request` (where: `page`, and for an offer
    link the mediator's key)."""
    return audit(actor, AuditEntry.Action.VIEW, request, **detail)
