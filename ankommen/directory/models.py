"""The offer directory ("Wegweiser Integration"): offers, the places where they happen,
dated events with registration, and what search needs (concepts, zero-result log).

Offers carry their texts as one translation row per language (German is the source). Events
live in this app too: they are dated offers sharing the same places, organisations, search
and permissions, and splitting them off would only add a second app that imports this one.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import ClassVar

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ankommen.core import richtext
from ankommen.core.models import (
    Area,
    Audience,
    FieldOfAction,
    Language,
    Organisation,
    Region,
    TargetGroup,
    VersionedModel,
    slug_validator,
)
from ankommen.core.once import submission_key_field
from ankommen.core.translation import (
    SOURCE_LANGUAGE,
    TranslatedFields,
    TranslationState,
    pick,
    translation_state,
)

# The audience slug of residents (core.Audience): an event whose offer is not for them is
# one for professionals and volunteers, listed apart from the newcomers' events.
RESIDENTS_AUDIENCE = "laien"

# Freshness: reminder to the maintaining organisation after 6 months, public flag after 9.
REMINDER_AFTER_DAYS = 183
STALE_AFTER_DAYS = 274


def public_offer(path: str = "") -> Q:
    """The public rule for offers as a condition on `path` ("" for offers themselves,
    "offer__" for what belongs to one): published and not ended before today."""
    today = timezone.localdate()
    return Q(**{f"{path}is_published": True}) & (
        Q(**{f"{path}valid_to__isnull": True}) | Q(**{f"{path}valid_to__gte": today})
    )


class OfferQuerySet(models.QuerySet):
    def public(self) -> OfferQuerySet:
        return self.filter(public_offer())

    def visible_to(self, user) -> OfferQuerySet:
        from ankommen.core.permissions import scope_of

        scope = scope_of(user)
        if scope.is_admin:
            return self
        return self.filter(region__in=scope.staff_region_ids)

    def editable_by(self, user) -> OfferQuerySet:
        from ankommen.core.permissions import scope_of

        scope = scope_of(user)
        if scope.is_admin:
            return self
        return self.filter(
            Q(region__in=scope.coordinator_region_ids)
            | Q(maintainer__in=scope.editor_organisation_ids)
            | Q(maintainer__in=Organisation.objects.served_only_within(scope.officer_area_ids))
        )

    def serving(self, area: Area) -> OfferQuerySet:
        """Offers that serve the area: its own, the ones of the areas above it (a Kreis-wide
        offer appears in every town) and, for a town, those of its quarters."""
        from ankommen.core.area_tree import tree_for

        tree = tree_for(area.region_id)
        ids = {*tree.ancestor_ids(area.pk), *tree.within([area.pk])}
        through = Offer.areas.through.objects.filter(area_id__in=ids).values("offer_id")
        return self.filter(pk__in=through)


class Offer(VersionedModel):
    class Kind(models.TextChoices):
        COUNSELLING = "counselling", _("counselling")
        LANGUAGE_COURSE = "language_course", _("language course")
        INTEGRATION_COURSE = "integration_course", _("integration course")
        QUALIFICATION = "qualification", _("qualification and work")
        HEALTH = "health", _("health")
        HOUSING = "housing", _("housing")
        LEISURE = "leisure", _("leisure and culture")
        MEETING_PLACE = "meeting_place", _("meeting place")
        LIGHTHOUSE = "lighthouse", _("lighthouse project")
        EDUCATION = "education", _("school and education")
        NETWORK = "network", _("network")
        VOLUNTEERING = "volunteering", _("volunteering")
        PUBLIC_OFFICE = "public_office", _("public office")

    class Level(models.TextChoices):
        DISTRICT = "district", _("whole district")
        MUNICIPALITY = "municipality", _("town or municipality")
        QUARTER = "quarter", _("quarter")

    class Orientation(models.TextChoices):
        """Table 2 of the integration concept: which kind of work an offer does, which
        says on which social-space level it belongs."""

        STRATEGIC = "strategic", _("strategic and coordinating")
        NETWORKING = "networking", _("networking and transparency")
        OPERATIVE = "operative", _("operative (work with people)")

    class Cost(models.TextChoices):
        FREE = "free", _("free of charge")
        REDUCED = "reduced", _("reduced or income-related fee")
        PAID = "paid", _("fee")

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="offers", verbose_name=_("region")
    )
    key = models.SlugField(
        _("key"),
        max_length=80,
        validators=[slug_validator],
        help_text=_("Stable identifier within the region, used by imports and addresses."),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="offers_run",
        verbose_name=_("run by"),
    )
    maintainer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="offers_maintained",
        verbose_name=_("entry maintained by"),
        help_text=_("Its editors keep the entry up to date and confirm it."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    fields_of_action = models.ManyToManyField(
        FieldOfAction, related_name="offers", verbose_name=_("fields of action"), blank=True
    )
    target_groups = models.ManyToManyField(
        TargetGroup, related_name="offers", verbose_name=_("target groups"), blank=True
    )
    audiences = models.ManyToManyField(
        Audience, related_name="offers", verbose_name=_("audiences"), blank=True
    )
    level = models.CharField(
        _("social-space level"), max_length=20, choices=Level.choices, default=Level.MUNICIPALITY
    )
    areas = models.ManyToManyField(
        Area, related_name="offers", verbose_name=_("areas served"), blank=True
    )
    orientation = models.CharField(
        _("kind of work"),
        max_length=20,
        choices=Orientation.choices,
        blank=True,
        help_text=_(
            "Strategic and coordinating, networking and transparency, or operative work with "
            "people (table 2 of the integration concept)."
        ),
    )
    childcare = models.BooleanField(
        _("childcare during the offer"),
        default=False,
        help_text=_("Children are looked after while their parents take part."),
    )
    languages = models.ManyToManyField(
        Language, related_name="offers", verbose_name=_("languages spoken"), blank=True
    )
    cost = models.CharField(_("cost"), max_length=10, choices=Cost.choices, default=Cost.FREE)
    cost_description = models.CharField(_("cost details"), max_length=300, blank=True)
    eligibility = models.TextField(_("who may use it"), blank=True)
    walk_in = models.BooleanField(_("walk-in"), default=False)
    by_appointment = models.BooleanField(_("by appointment"), default=False)
    online = models.BooleanField(_("online"), default=False)
    by_phone = models.BooleanField(_("by phone"), default=False)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    places = models.ManyToManyField(
        "Place", related_name="offers", verbose_name=_("places"), blank=True
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    last_confirmed = models.DateField(_("last confirmed"), default=timezone.localdate)
    reminder_sent = models.DateField(_("reminder sent"), null=True, blank=True, editable=False)
    is_published = models.BooleanField(_("published"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    # The translation workflow: the version of the German texts, raised when they change
    # (OfferTranslation.save); a translation made from an older one is outdated.
    source_version = models.PositiveIntegerField(
        _("version of the German text"), default=1, editable=False
    )
    source_changed_at = models.DateTimeField(_("German text changed"), null=True, blank=True)
    # Folded words of every translation, the organisations and the places: what search reads.
    search_document = models.TextField(editable=False, blank=True, default="")
    # PostgreSQL only: the translations' full text, each in its language's text-search
    # configuration (title A, summary B, description C). Written by database triggers
    # (migration 0003) whenever a translation or the offer changes, so whatever Django
    # writes here is replaced; stays empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["key"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            models.UniqueConstraint(fields=["region", "key"], name="offer_key_unique"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="offer_valid_range",
            ),
        ]
        indexes = [models.Index(fields=["region", "is_published"])]

    def __str__(self) -> str:
        return self.title()

    def clean(self) -> None:
        errors = {}
        for name in ("organisation", "maintainer"):
            related = getattr(self, f"{name}_id")
            if related and self.region_id:
                region_id = (
                    Organisation.objects.filter(pk=related).values_list("region_id", flat=True)
                ).first()
                if region_id != self.region_id:
                    errors[name] = ValidationError(
                        _("The organisation belongs to another region."), code="other_region"
                    )
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = ValidationError(
                _("The end lies before the start."), code="invalid_range"
            )
        if errors:
            raise ValidationError(errors)

    # --- Texts ---------------------------------------------------------------------------
    def translation_in(self, language: str | None = None) -> OfferTranslation | None:
        rows = {t.language.code: t for t in self.translations.all()}
        found = pick(rows, language)
        return found[0] if found is not None else None

    def title(self, language: str | None = None) -> str:
        row = self.translation_in(language)
        return row.title if row else self.key

    # --- Freshness -----------------------------------------------------------------------
    def is_stale(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (today - self.last_confirmed).days > STALE_AFTER_DAYS

    def rebuild_search_document(self) -> str:
        from ankommen.directory.search import document_for

        self.search_document = document_for(self)
        type(self).objects.filter(pk=self.pk).update(search_document=self.search_document)
        return self.search_document


class OfferTranslation(VersionedModel):
    """The offer's texts in one language. The German row is the source: saving changed
    German texts raises the offer's `source_version`, which makes the other languages
    outdated; saving changed texts in another language makes them "made from" the current
    German version (the workflow's form, the admin and the demo loader alike)."""

    class Provenance(models.TextChoices):
        HUMAN = "human", _("written by a person")
        MACHINE = "machine", _("machine translation")
        REVIEWED = "reviewed", _("machine translation, reviewed")

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="translations", verbose_name=_("offer")
    )
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=400, blank=True)
    description = models.TextField(_("description"), blank=True)
    provenance = models.CharField(
        _("provenance"), max_length=10, choices=Provenance.choices, default=Provenance.HUMAN
    )
    source_version = models.PositiveIntegerField(
        _("made from German version"), default=1, editable=False
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True, null=True)

    class Meta:
        ordering = ["language__sort_order"]
        verbose_name = _("offer text")
        verbose_name_plural = _("offer texts")
        constraints = [
            models.UniqueConstraint(fields=["offer", "language"], name="offer_translation_unique")
        ]

    def __str__(self) -> str:
        return self.title

    def texts(self) -> tuple[str, str, str]:
        return (self.title, self.summary, self.description)

    def save(self, *args, **kwargs) -> None:
        # The description may come from the rich-text editor, the admin or an import: the
        # allow-list holds for every way in (core/richtext.py).
        self.description = richtext.clean(self.description)
        before = (
            OfferTranslation.objects.filter(pk=self.pk)
            .values_list("title", "summary", "description")
            .first()
            if self.pk
            else None
        )
        if before is None or tuple(before) != self.texts():
            if self.language.code == SOURCE_LANGUAGE and before is not None:
                Offer.objects.filter(pk=self.offer_id).update(
                    source_version=models.F("source_version") + 1,
                    source_changed_at=timezone.now(),
                )
            self.source_version = (
                Offer.objects.filter(pk=self.offer_id).values_list("source_version", flat=True)
            ).first() or 1
        super().save(*args, **kwargs)

    @property
    def is_machine(self) -> bool:
        return self.provenance != self.Provenance.HUMAN

    def state(self, offer: Offer | None = None) -> TranslationState:
        offer = offer or self.offer
        return translation_state(
            made_from=self.source_version,
            current=offer.source_version,
            machine=self.is_machine,
            reviewed=self.provenance == self.Provenance.REVIEWED,
            is_source=self.language.code == SOURCE_LANGUAGE,
        )


class PlaceQuerySet(models.QuerySet):
    def public(self, region: Region | None = None) -> PlaceQuerySet:
        """What the public sees of places: those of public offers and of public events. A
        place where only a hidden event happens stays hidden with it.

        With `region`, only that region's places, and the subqueries look only at them
        (the same answer; without it PostgreSQL reads every public offer of every region)."""
        places, links = self, Offer.places.through.objects.all()
        events = Event.objects.public().filter(place__isnull=False)
        if region is not None:
            places = places.filter(region=region)
            links = links.filter(place__region=region)
            events = events.filter(place__region=region)
        of_offers = links.filter(offer__in=Offer.objects.public().values("pk")).values("place_id")
        of_events = events.values("place_id")
        # Two subqueries instead of joins: no DISTINCT over the joined rows.
        return places.filter(Q(pk__in=of_offers) | Q(pk__in=of_events))


class Place(TranslatedFields):
    # Its name in other languages, where it has one (most are proper names), kept by the
    # translation workflow (ankommen/core/text_translations.py).
    TRANSLATION_WORKFLOW = True
    TRANSLATED_FIELDS: ClassVar[dict[str, str]] = {"name": "name_translations"}

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="places", verbose_name=_("region")
    )
    key = models.SlugField(_("key"), max_length=80, validators=[slug_validator])
    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="places",
        verbose_name=_("town or quarter"),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    wheelchair_accessible = models.BooleanField(_("step-free access"), default=False)
    accessibility = models.TextField(_("accessibility"), blank=True)
    transit = models.CharField(_("public transport"), max_length=300, blank=True)
    by_appointment_only = models.BooleanField(_("by appointment only"), default=False)
    hours_note = models.CharField(_("note on opening hours"), max_length=300, blank=True)
    name_translations = models.JSONField(
        _("name in other languages"),
        default=dict,
        blank=True,
        help_text=_(
            'Language code → name, e.g. {"uk": "Ратуша Верль"}; a language without one '
            "shows the name as it is."
        ),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.UniqueConstraint(fields=["region", "key"], name="place_key_unique"),
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90) | Q(latitude__isnull=True),
                name="place_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__gte=-180, longitude__lte=180) | Q(longitude__isnull=True),
                name="place_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def name_in(self, code: str) -> str:
        """The place's name in a content language where a translation exists, else the
        name as it is (most are proper names)."""
        value = (self.name_translations or {}).get(code)
        return value.strip() if isinstance(value, str) and value.strip() else self.name

    def address(self) -> str:
        return ", ".join(p for p in (self.street, f"{self.postal_code} {self.city}".strip()) if p)

    def is_open(self, moment: dt.datetime | None = None) -> bool:
        moment = timezone.localtime(moment or timezone.now())
        today, now = moment.date(), moment.time()
        exceptions = [e for e in self.exceptions.all() if e.date == today]
        if exceptions:
            return any(
                not e.closed and e.opens and e.closes and e.opens <= now < e.closes
                for e in exceptions
            )
        return any(
            h.weekday == today.weekday() and h.opens <= now < h.closes for h in self.hours.all()
        )

    def distance_km(self, latitude: float, longitude: float) -> float | None:
        if self.latitude is None or self.longitude is None:
            return None
        return haversine_km(float(self.latitude), float(self.longitude), latitude, longitude)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningHours(models.Model):
    """One weekly opening interval; several per day are allowed."""

    place = models.ForeignKey(
        Place, on_delete=models.CASCADE, related_name="hours", verbose_name=_("place")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")), name="opening_hours_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class OpeningException(models.Model):
    """A day that differs from the weekly pattern: closed, or other hours."""

    place = models.ForeignKey(
        Place, on_delete=models.CASCADE, related_name="exceptions", verbose_name=_("place")
    )
    date = models.DateField(_("date"))
    closed = models.BooleanField(_("closed"), default=True)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("exception to the opening hours")
        verbose_name_plural = _("exceptions to the opening hours")

    def __str__(self) -> str:
        return f"{self.date}: {self.note}"

    def clean(self) -> None:
        if not self.closed and not (self.opens and self.closes and self.opens < self.closes):
            raise ValidationError(
                _("Give opening and closing times, or mark the day as closed."),
                code="missing_hours",
            )


class EventQuerySet(models.QuerySet):
    def public(self) -> EventQuerySet:
        """What the public sees of events: those that belong to no offer or to a public
        one (an event of an unpublished or expired offer is hidden with it). Every public
        entry point asks this: the events page, the iCalendar feeds, registration, API v1
        and the Integreat API v3."""
        # A join on the event's own offer, not a subquery of every public offer: with
        # hundreds of regions PostgreSQL planned the subquery over all of them.
        return self.filter(Q(offer__isnull=True) | public_offer("offer__"))

    def editable_by(self, user) -> EventQuerySet:
        """The rule `directory.change_event` as a query: the KI coordinator her region's
        events, an organisation's editor those it organises, a municipal officer those of
        the organisations of her town."""
        from ankommen.core.permissions import scope_of

        scope = scope_of(user)
        if scope.is_admin:
            return self
        return self.filter(
            Q(region__in=scope.coordinator_region_ids)
            | Q(organisation__in=scope.editor_organisation_ids)
            | Q(organisation__in=Organisation.objects.served_only_within(scope.officer_area_ids))
        )


class Event(VersionedModel, TranslatedFields):
    """A dated offer: once, or recurring by an iCalendar rule (RFC 5545 RRULE)."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="events", verbose_name=_("region")
    )
    key = models.SlugField(_("key"), max_length=80, validators=[slug_validator])
    offer = models.ForeignKey(
        Offer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("offer"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="events", verbose_name=_("organiser")
    )
    title = models.CharField(_("title (German)"), max_length=200)
    titles = models.JSONField(_("titles in other languages"), default=dict, blank=True)
    description = models.TextField(_("description (German)"), blank=True)
    descriptions = models.JSONField(_("descriptions in other languages"), default=dict, blank=True)
    place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("place"),
    )
    online_url = models.URLField(_("online at"), blank=True)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="events", verbose_name=_("town or district")
    )
    starts = models.DateTimeField(_("first start"))
    duration = models.DurationField(_("duration"), default=dt.timedelta(hours=2))
    rrule = models.CharField(
        _("recurrence rule"),
        max_length=300,
        blank=True,
        help_text=_("iCalendar RRULE, for example FREQ=WEEKLY;INTERVAL=6;COUNT=9."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    registration = models.BooleanField(_("registration required"), default=False)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = EventQuerySet.as_manager()

    # Short texts in other languages (the rule: ankommen.core.translation), kept by the
    # translation workflow (ankommen/core/text_translations.py).
    TRANSLATION_WORKFLOW = True
    TRANSLATED_FIELDS: ClassVar[dict[str, str]] = {
        "title": "titles",
        "description": "descriptions",
    }

    class Meta:
        ordering = ["starts"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [models.UniqueConstraint(fields=["region", "key"], name="event_key_unique")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.rrule and self.starts:
            from ankommen.directory.recurrence import rule_problem

            problem = rule_problem(self.rrule, self.starts)
            if problem:
                raise ValidationError({"rrule": ValidationError(problem, code="invalid_rrule")})
        if not self.place_id and not self.online_url:
            raise ValidationError(
                _("Give a place or an online address."), code="no_place", params={}
            )

    def save(self, *args, **kwargs) -> None:
        # The descriptions may come from the rich-text editor, the admin or an import: the
        # allow-list holds for every way in (core/richtext.py).
        self.description = richtext.clean(self.description)
        self.descriptions = {
            code: richtext.clean(text) if isinstance(text, str) else text
            for code, text in (self.descriptions or {}).items()
        }
        super().save(*args, **kwargs)

    def title_in(self, language: str | None = None) -> str:
        return self.text_in("title", language)

    def description_in(self, language: str | None = None) -> str:
        return self.text_in("description", language)

    # --- What the event page tells (the offer's facts where the event has none) ----------
    def audiences(self) -> list[Audience]:
        return list(self.offer.audiences.all()) if self.offer_id else []

    def is_for_professionals(self) -> bool:
        """For staff and volunteers only: its offer names audiences, and residents are not
        among them. Events without an offer are for everybody."""
        slugs = {a.slug for a in self.audiences()}
        return bool(slugs) and RESIDENTS_AUDIENCE not in slugs

    def spoken_languages(self) -> list[Language]:
        return list(self.offer.languages.all()) if self.offer_id else []

    def cost_label(self) -> str:
        if not self.offer_id:
            return ""
        return self.offer.cost_description or self.offer.get_cost_display()

    def duration_minutes(self) -> int:
        return int(self.duration.total_seconds() // 60)

    def next_occurrences(self, limit: int = 6) -> list[dt.datetime]:
        from ankommen.directory import recurrence

        now = timezone.now()
        return self.occurrences(now, now + recurrence.WINDOW, limit=limit)

    @property
    def recurrence(self) -> str:
        """The rule as pages, feeds and APIs pass it on: empty if it fails the check."""
        from ankommen.directory.recurrence import usable_rule

        return usable_rule(self.rrule, self.starts)

    def occurrences(
        self, start: dt.datetime, end: dt.datetime, limit: int | None = None
    ) -> list[dt.datetime]:
        """The starts between `start` and `end` (both aware), bounded: see recurrence.py."""
        from ankommen.directory import recurrence

        return recurrence.occurrences(
            self.rrule, self.starts, start, end, limit or recurrence.MAX_OCCURRENCES
        )

    def is_occurrence(self, moment: dt.datetime) -> bool:
        return moment in self.occurrences(moment, moment, limit=1)


class Registration(models.Model):
    """A sign-up for one occurrence. Name and contact are deleted after the occurrence
    (`ankommen purge_registrations`); only the count is needed after that."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    occurrence = models.DateTimeField(_("date"))
    name = models.CharField(_("name"), max_length=200)
    contact = models.CharField(
        _("e-mail or phone"), max_length=200, help_text=_("Only to tell you about changes.")
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    # A sign-up holds its seat for a short time and counts only once the person confirms
    # it by the link sent to the e-mail address (directory/registrations.py).
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # A keyed digest of the client address, for the limit of sign-ups per address; never
    # the address itself. Emptied with the name and contact.
    client = models.CharField(_("client"), max_length=64, blank=True, editable=False)
    # The sign-up form's one-time key: sent twice, it creates one registration (core/once.py).
    submission_key = submission_key_field()

    class Meta:
        ordering = ["occurrence", "created_at"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self) -> str:
        return f"{self.event} {self.occurrence:%Y-%m-%d}"


class SearchConcept(models.Model):
    """A curated bridge between languages: words for one idea in any language, and the
    German words the offers use for it. The KI grows it from the zero-result log."""

    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="search_concepts",
        verbose_name=_("region"),
        help_text=_("Empty: for every region."),
    )
    name = models.CharField(_("concept"), max_length=100)
    terms = models.TextField(
        _("words and phrases"), help_text=_("One per line, in any language and script.")
    )
    expands_to = models.CharField(
        _("search for"),
        max_length=300,
        help_text=_("The words the offers use, separated by spaces, for example “miete wohnung”."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("search concept")
        verbose_name_plural = _("search concepts")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="search_concept_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ZeroResultQuery(models.Model):
    """A search that found nothing: the words, the language and how often — no person."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("region")
    )
    query = models.CharField(_("query"), max_length=200)
    language = models.CharField(_("language"), max_length=20)
    count = models.PositiveIntegerField(_("times"), default=1)
    last_seen = models.DateField(_("last seen"), auto_now=True)

    class Meta:
        ordering = ["-count"]
        verbose_name = _("search without results")
        verbose_name_plural = _("searches without results")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "query", "language"], name="zero_result_unique"
            )
        ]

    def __str__(self) -> str:
        return self.query


class OfferCorrectionQuerySet(models.QuerySet):
    def open(self) -> OfferCorrectionQuerySet:
        return self.filter(status=OfferCorrection.Status.OPEN)

    def for_owner(self, user) -> OfferCorrectionQuerySet:
        """Proposals on the offers the user may edit: the ones she must answer."""
        return self.filter(offer__in=Offer.objects.editable_by(user).values("pk"))


class OfferCorrection(models.Model):
    """A correction to an offer proposed by staff who may see it but not edit it; it waits
    as a task for those who may edit it (directory/corrections.py)."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("taken over")
        DECLINED = "declined", _("not taken over")

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("offer")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    message = models.TextField(_("proposed correction"), max_length=4000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)

    objects = OfferCorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("proposed correction")
        verbose_name_plural = _("proposed corrections")
        indexes = [models.Index(fields=["offer", "status"])]

    def __str__(self) -> str:
        return f"{self.offer.key}: {self.message[:60]}"
