"""Regions (the tenants) and their areas on the social-space levels."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ankommen.core.models.base import (
    RESERVED_REGION_SLUGS,
    VersionedModel,
    ags_validator,
    slug_validator,
)
from ankommen.core.models.languages import Language
from ankommen.core.models.scope import scope_of


class RegionQuerySet(models.QuerySet):
    def visible_to(self, user) -> RegionQuerySet:
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
        scope = scope_of(user)
        if scope.is_admin:
            return self
        return self.filter(Q(region__in=scope.region_ids) | Q(region__isnull=True))

    def editable_by(self, user) -> AreaQuerySet:
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
