"""Regions, places, vocabularies, organisations, users and their roles.

Everything the other modules hang their records on. A Region is a tenant; every record that
belongs to one carries its region and is only ever looked up through it. Permissions are
declared once in `permissions.py` from the role assignments defined here.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

RESERVED_REGION_SLUGS = frozenset(
    {"admin", "api", "i18n", "static", "media", "healthz", "accounts", "login", "logout"}
)

slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Use lowercase letters, digits and single hyphens only."),
    code="invalid_slug",
)
ags_validator = RegexValidator(
    r"^[0-9]{2,12}$",
    _("An official key (AGS) consists of 2 to 12 digits."),
    code="invalid_official_key",
)


class ConflictError(Exception):
    """Somebody else saved the record after the editor had opened it."""


class VersionedModel(models.Model):
    """Optimistic locking: `version` counts the saves of a record.

    An editor's form carries the version it was opened with; `save_checked()` writes only
    when that is still the current version, so two people editing one record cannot
    overwrite each other silently.
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    @transaction.atomic
    def save_checked(self, *, expected_version: int, **kwargs) -> None:
        if self.pk is None:
            self.save(**kwargs)
            return
        bumped = (
            type(self)
            ._default_manager.filter(pk=self.pk, version=expected_version)
            .update(version=F("version") + 1)
        )
        if bumped != 1:
            raise ConflictError(self.pk)
        self.version = expected_version + 1
        self.save(**kwargs)


class TranslatedNames(models.Model):
    """A small vocabulary entry whose name is data in many languages.

    `name` is the German source; `names` holds other languages by code. Long content
    (pages, offers) uses versioned translation rows instead.
    """

    name = models.CharField(_("name (German)"), max_length=200)
    names = models.JSONField(
        _("names in other languages"),
        default=dict,
        blank=True,
        help_text=_('By language code, for example {"en": "Housing and mobility"}.'),
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label()

    def label(self, language: str | None = None) -> str:
        """The name in `language` (default: the active one), falling back to German."""
        code = language or translation.get_language() or "de"
        return self.names.get(code) or self.names.get(code.split("-")[0]) or self.name

    def clean(self) -> None:
        if not isinstance(self.names, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in self.names.items()
        ):
            raise ValidationError(
                {
                    "names": ValidationError(
                        _("Give the names as an object of language code to text."),
                        code="invalid_names",
                    )
                }
            )


class Language(models.Model):
    class Direction(models.TextChoices):
        LTR = "ltr", _("left to right")
        RTL = "rtl", _("right to left")

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        validators=[
            RegexValidator(
                r"^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$",
                _("Use a BCP 47 language tag such as de, ar or de-x-ls."),
                code="invalid_language_code",
            )
        ],
        help_text=_("BCP 47 tag, for example de, uk, fa or de-x-ls for Leichte Sprache."),
    )
    native_name = models.CharField(_("native name"), max_length=100)
    name_de = models.CharField(_("German name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    direction = models.CharField(
        _("text direction"), max_length=3, choices=Direction.choices, default=Direction.LTR
    )
    variant_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="variants",
        verbose_name=_("variant of"),
        help_text=_("For a variant such as Leichte Sprache: the language it simplifies."),
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return f"{self.label()} ({self.code})"

    @property
    def is_rtl(self) -> bool:
        return self.direction == self.Direction.RTL

    @property
    def html_lang(self) -> str:
        """The value for an HTML lang attribute: the variant's base language is what
        screen readers need to pronounce the text."""
        return self.variant_of.code if self.variant_of_id else self.code

    def label(self, language: str | None = None) -> str:
        code = language or translation.get_language() or "de"
        return self.name_en if code.startswith("en") else self.name_de


class RegionQuerySet(models.QuerySet):
    def visible_to(self, user) -> RegionQuerySet:
        from ankommen.core.permissions import scope_of

        scope = scope_of(user)
        if scope.is_admin:
            return self
        return self.filter(pk__in=scope.region_ids)


class Region(VersionedModel):
    """A tenant: one Kreis or kreisfreie Stadt with its own content, staff and data."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True, validators=[slug_validator])
    name = models.CharField(_("name"), max_length=200)
    official_key = models.CharField(
        _("official key (AGS)"), max_length=12, unique=True, validators=[ags_validator]
    )
    default_language = models.ForeignKey(
        Language,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("default language"),
    )
    languages = models.ManyToManyField(
        Language, related_name="regions", verbose_name=_("offered languages"), blank=True
    )
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Invented or synthetic records.")
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.slug in RESERVED_REGION_SLUGS:
            raise ValidationError(
                {
                    "slug": ValidationError(
                        _("“%(slug)s” is reserved for the platform; choose another slug."),
                        code="reserved_slug",
                        params={"slug": self.slug},
                    )
                }
            )

    @property
    def region_id(self) -> int:
        return self.pk

    def area(self) -> Area | None:
        """The area that is the region itself (kind Kreis or kreisfreie Stadt)."""
        return self.areas.filter(kind=Area.Kind.DISTRICT).order_by("pk").first()

    def towns(self) -> models.QuerySet[Area]:
        return self.areas.filter(kind=Area.Kind.MUNICIPALITY).order_by("name")


class AreaQuerySet(models.QuerySet):
    def within(self, area_ids) -> AreaQuerySet:
        """The areas with the given ids and every area below them."""
        found = set(area_ids)
        frontier = set(area_ids)
        for _level in range(Area.MAX_DEPTH):
            if not frontier:
                break
            frontier = set(
                Area.objects.filter(parent__in=frontier)
                .exclude(pk__in=found)
                .values_list("pk", flat=True)
            )
            found |= frontier
        return self.filter(pk__in=found)

    def visible_to(self, user) -> AreaQuerySet:
        from ankommen.core.permissions import scope_of

        scope = scope_of(user)
        if scope.is_admin:
            return self
        return self.filter(Q(region__in=scope.region_ids) | Q(region__isnull=True))

    def editable_by(self, user) -> AreaQuerySet:
        from ankommen.core.permissions import scope_of

        scope = scope_of(user)
        if scope.is_admin:
            return self
        return self.filter(
            Q(region__in=scope.coordinator_region_ids) | Q(pk__in=scope.officer_area_ids)
        )


class Area(VersionedModel):
    """A place on one of the social-space levels: Kreis → Stadt/Gemeinde → Quartier.

    The comparison areas above the district (Land NRW, Regierungsbezirk/region OWL) belong
    to no region.
    """

    # Land → Regierungsbezirk → Kreis → Stadt/Gemeinde → Quartier → sub-quarter.
    MAX_DEPTH = 6

    class Kind(models.TextChoices):
        STATE = "state", _("federal state")
        ADMINISTRATIVE_REGION = "administrative_region", _("administrative region")
        DISTRICT = "district", _("district (Kreis or kreisfreie Stadt)")
        MUNICIPALITY = "municipality", _("town or municipality")
        QUARTER = "quarter", _("quarter")

    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="areas",
        verbose_name=_("region"),
        help_text=_("Empty for comparison areas such as NRW or OWL."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    official_key = models.CharField(
        _("official key (AGS)"),
        max_length=12,
        blank=True,
        validators=[ags_validator],
        help_text=_("Amtlicher Gemeindeschlüssel; quarters usually have none."),
    )
    latitude = models.DecimalField(
        _("latitude of the centre"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude of the centre"), max_digits=8, decimal_places=5, null=True, blank=True
    )

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.UniqueConstraint(
                fields=["official_key"],
                condition=~Q(official_key=""),
                name="area_official_key_unique",
            ),
            models.UniqueConstraint(
                fields=["region", "parent", "name"], name="area_name_unique_in_parent"
            ),
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90) | Q(latitude__isnull=True),
                name="area_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__gte=-180, longitude__lte=180) | Q(longitude__isnull=True),
                name="area_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list[Area]:
        """From the top down, without the area itself. Stops at a loop, which `clean()`
        reports, instead of walking it forever."""
        chain: list[Area] = []
        seen = {self.pk}
        node = self.parent
        while node is not None and node.pk not in seen and len(chain) <= self.MAX_DEPTH:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return list(reversed(chain))

    def _parent_chain_contains_self(self) -> bool:
        node, steps = self.parent, 0
        while node is not None and steps <= self.MAX_DEPTH:
            if node.pk == self.pk:
                return True
            node, steps = node.parent, steps + 1
        return False

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.parent_id:
            if self.parent.region_id not in (None, self.region_id):
                errors["parent"] = ValidationError(
                    _("The parent area belongs to another region."), code="other_region"
                )
            if self.pk and self._parent_chain_contains_self():
                errors["parent"] = ValidationError(
                    _("An area cannot lie within itself."), code="cycle"
                )
            elif len(self.parent.ancestors()) + 2 > self.MAX_DEPTH:
                errors["parent"] = ValidationError(
                    _("Areas can be nested at most %(depth)s levels deep."),
                    code="too_deep",
                    params={"depth": self.MAX_DEPTH},
                )
        if errors:
            raise ValidationError(errors)


class RegionVocabulary(TranslatedNames):
    """A vocabulary that each region defines for itself (its concept's own terms)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, verbose_name=_("region"))
    slug = models.SlugField(_("slug"), max_length=60, validators=[slug_validator])
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]


class TargetGroup(RegionVocabulary):
    description = models.TextField(_("description"), blank=True)

    class Meta(RegionVocabulary.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        constraints = [
            models.UniqueConstraint(fields=["region", "slug"], name="targetgroup_slug_unique")
        ]


class FieldOfAction(RegionVocabulary):
    class Meta(RegionVocabulary.Meta):
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")
        constraints = [
            models.UniqueConstraint(fields=["region", "slug"], name="fieldofaction_slug_unique")
        ]


class Audience(TranslatedNames):
    """Who an offer or page is for: residents, volunteers or professionals."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True, validators=[slug_validator])
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        ordering = ["sort_order"]
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user) -> OrganisationQuerySet:
        from ankommen.core.permissions import scope_of

        scope = scope_of(user)
        if scope.is_admin:
            return self
        return self.filter(region__in=scope.region_ids)

    def editable_by(self, user) -> OrganisationQuerySet:
        from ankommen.core.permissions import scope_of

        scope = scope_of(user)
        if scope.is_admin:
            return self
        return self.filter(
            Q(region__in=scope.coordinator_region_ids)
            | Q(pk__in=scope.editor_organisation_ids)
            | Q(pk__in=self.model.objects.served_only_within(scope.officer_area_ids))
        )

    def served_only_within(self, area_ids) -> models.QuerySet:
        """Ids of organisations that serve at least one of `area_ids` and nothing else:
        a town's own organisations, which its integration officer looks after."""
        if not area_ids:
            return self.none().values("pk")
        through = Organisation.areas.through
        outside = through.objects.exclude(area_id__in=area_ids).values("organisation_id")
        return self.filter(areas__in=area_ids).exclude(pk__in=outside).values("pk").distinct()


class Organisation(VersionedModel):
    class Kind(models.TextChoices):
        GO = "GO", _("governmental organisation (GO)")
        NGO = "NGO", _("non-governmental organisation (NGO)")
        MO = "MO", _("migrant organisation (MO)")

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="organisations", verbose_name=_("region")
    )
    key = models.SlugField(
        _("key"),
        max_length=80,
        validators=[slug_validator],
        help_text=_("Stable identifier within the region, used by imports."),
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=3, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organisation"),
    )
    areas = models.ManyToManyField(
        Area, related_name="organisations", verbose_name=_("areas served"), blank=True
    )
    description = models.TextField(_("description (German)"), blank=True)
    descriptions = models.JSONField(_("descriptions in other languages"), default=dict, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Contact data invented for the demo.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(fields=["region", "key"], name="organisation_key_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id and self.region_id:
            if self.parent.region_id != self.region_id:
                raise ValidationError(
                    {
                        "parent": ValidationError(
                            _("The parent organisation belongs to another region."),
                            code="other_region",
                        )
                    }
                )
            node, seen = self.parent, set()
            while node is not None and node.pk not in seen:
                if self.pk and node.pk == self.pk:
                    raise ValidationError(
                        {
                            "parent": ValidationError(
                                _("An organisation cannot be its own parent."), code="cycle"
                            )
                        }
                    )
                seen.add(node.pk)
                node = node.parent

    def description_in(self, language: str | None = None) -> str:
        code = language or translation.get_language() or "de"
        return self.descriptions.get(code) or self.description


class Team(models.Model):
    """A group of staff inside one organisation, for example the case managers of a town."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="teams",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_name_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class User(AbstractUser):
    """A person who signs in. What she may do comes from her role assignments; the
    installation admin is the superuser."""

    preferred_language = models.CharField(
        _("preferred interface language"), max_length=10, blank=True
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Role(models.TextChoices):
    KI_COORDINATOR = "ki_coordinator", _("KI coordinator (whole region)")
    MUNICIPAL_OFFICER = "municipal_officer", _("municipal integration officer (one town)")
    ORGANISATION_EDITOR = "organisation_editor", _("organisation editor")
    VOLUNTEER = "volunteer", _("volunteer")
    CASE_MANAGER = "case_manager", _("case manager")
    TEAM_LEAD = "team_lead", _("team lead")


# Which scope each role is bound to; checked in RoleAssignment.clean() and by constraints.
ROLES_NEEDING_TOWN = {Role.MUNICIPAL_OFFICER}
ROLES_NEEDING_ORGANISATION = {Role.ORGANISATION_EDITOR, Role.CASE_MANAGER, Role.TEAM_LEAD}
ROLES_NEEDING_TEAM = {Role.TEAM_LEAD}
STAFF_ROLES = {
    Role.KI_COORDINATOR,
    Role.MUNICIPAL_OFFICER,
    Role.ORGANISATION_EDITOR,
    Role.CASE_MANAGER,
    Role.TEAM_LEAD,
}


class RoleAssignment(models.Model):
    """One role of one user, scoped to a region and, by role, a town, organisation or team."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("region"),
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("town"),
        help_text=_("Required for municipal integration officers."),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("organisation"),
        help_text=_("Required for organisation editors, case managers and team leads."),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("team"),
        help_text=_("Required for team leads; optional for case managers."),
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role=Role.MUNICIPAL_OFFICER) | Q(area__isnull=False),
                name="roleassignment_officer_has_town",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=sorted(ROLES_NEEDING_ORGANISATION))
                | Q(organisation__isnull=False),
                name="roleassignment_needs_organisation",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.TEAM_LEAD) | Q(team__isnull=False),
                name="roleassignment_team_lead_has_team",
            ),
        ]

    def __str__(self) -> str:
        scope = self.area or self.team or self.organisation or self.region
        return f"{self.get_role_display()}: {scope}"

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.role in ROLES_NEEDING_TOWN:
            if not self.area_id:
                errors["area"] = ValidationError(
                    _("Choose the town this role is responsible for."), code="required"
                )
            elif self.area.kind != Area.Kind.MUNICIPALITY:
                errors["area"] = ValidationError(
                    _("Choose a town or municipality, not another kind of area."),
                    code="not_a_town",
                )
        if self.area_id and self.area.region_id != self.region_id:
            errors["area"] = ValidationError(
                _("The town belongs to another region."), code="other_region"
            )
        if self.role in ROLES_NEEDING_ORGANISATION and not self.organisation_id:
            errors["organisation"] = ValidationError(
                _("Choose the organisation this role works for."), code="required"
            )
        if self.organisation_id and self.organisation.region_id != self.region_id:
            errors["organisation"] = ValidationError(
                _("The organisation belongs to another region."), code="other_region"
            )
        if self.role in ROLES_NEEDING_TEAM and not self.team_id:
            errors["team"] = ValidationError(
                _("Choose the team this person leads."), code="required"
            )
        if self.team_id and self.team.organisation_id != self.organisation_id:
            errors["team"] = ValidationError(
                _("The team belongs to another organisation."), code="other_organisation"
            )
        if errors:
            raise ValidationError(errors)


# Case roles reach personal data: given only by those responsible for the case team.
CASE_ROLES = {Role.CASE_MANAGER, Role.TEAM_LEAD}


class AppendOnlyError(Exception):
    """The audit log is never changed or deleted."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit entries cannot be changed")

    def delete(self):
        raise AppendOnlyError("audit entries cannot be deleted")

    def account_events(self) -> AuditEntryQuerySet:
        """Changes of who may read case data: case roles given and removed, passwords
        set, authenticator links issued."""
        return self.filter(action__in=AuditEntry.ACCOUNT_ACTIONS)

    def for_team_lead(self, user) -> AuditEntryQuerySet:
        """The account events about the teams she leads and the people working in them."""
        from ankommen.core.permissions import scope_of

        teams = scope_of(user).led_team_ids
        if not teams:
            return self.none()
        members = RoleAssignment.objects.filter(team__in=teams).values("user_id")
        return self.account_events().filter(Q(team_id__in=teams) | Q(subject_id__in=members))


class AuditEntry(models.Model):
    """The one audit log (written by `ankommen.core.audit.audit()`): who did what to which
    record, when and from where — every look at case data, every refused attempt, logins,
    second-factor checks, and the account changes a team lead sees (case roles, passwords,
    authenticator links).

    Append-only: the model refuses updates and deletes, and on PostgreSQL a trigger
    (migration 0004) refuses them too. Plain ids instead of foreign keys, so that deleting
    a user or anonymising a case never needs to touch the log; the names are kept as they
    were at the time. It holds no personal data of clients (ids, pseudonymous record
    types), so it is not encrypted and survives anonymisation."""

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DENIED = "denied", _("access denied")
        EXPORT = "export", _("exported")
        SHARE = "share", _("shared with another organisation")
        OVERRIDE = "override", _("consent override")
        ANONYMISE = "anonymise", _("anonymised")
        DELETE = "delete", _("deleted")
        TWO_FACTOR = "two_factor", _("two-factor authentication")
        LOGIN = "login", _("login or logout")
        ROLE_GRANTED = "role_granted", _("case role given")
        ROLE_REMOVED = "role_removed", _("case role removed")
        PASSWORD_SET = "password_set", _("password set")
        ENROLMENT_LINK = "enrolment_link", _("authenticator link issued")

    # What the team lead sees on her case list (issue 13).
    ACCOUNT_ACTIONS = (
        Action.ROLE_GRANTED,
        Action.ROLE_REMOVED,
        Action.PASSWORD_SET,
        Action.ENROLMENT_LINK,
    )

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user_id = models.IntegerField(_("user id"), null=True, blank=True)
    username = models.CharField(_("user"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    model = models.CharField(_("record type"), max_length=40, blank=True)
    object_id = models.CharField(_("record id"), max_length=40, blank=True)
    case_id = models.BigIntegerField(_("case id"), null=True, blank=True, db_index=True)
    client_id = models.BigIntegerField(_("client id"), null=True, blank=True, db_index=True)
    # The person an account event is about, with her role and team.
    subject_id = models.IntegerField(_("whom (user id)"), null=True, blank=True, db_index=True)
    subject_username = models.CharField(_("whom (user name)"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, blank=True)
    team_id = models.BigIntegerField(_("team id"), null=True, blank=True)
    path = models.CharField(_("path"), max_length=300, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.model}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit entries cannot be deleted")


class Throttle(models.Model):
    """Failures counted under one key (an account, an address) within a window; see
    `ankommen/core/throttle.py`."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    failures = models.PositiveIntegerField(_("failures"), default=0)
    window_ends = models.DateTimeField(_("window ends"))

    class Meta:
        verbose_name = _("throttle")
        verbose_name_plural = _("throttles")

    def __str__(self) -> str:
        return self.key
