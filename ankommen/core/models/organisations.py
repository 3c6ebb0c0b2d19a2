"""Organisations (GO, NGO, MO) and the teams inside them."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ankommen.core.models.base import VersionedModel, slug_validator
from ankommen.core.models.places import Area, Region
from ankommen.core.models.scope import scope_of
from ankommen.core.translation import TranslatedFields


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user) -> OrganisationQuerySet:
        scope = scope_of(user)
        if scope.is_admin:
            return self
        return self.filter(region__in=scope.region_ids)

    def editable_by(self, user) -> OrganisationQuerySet:
        scope = scope_of(user)
        if scope.is_admin:
            return self
        return self.filter(
            Q(region__in=scope.coordinator_region_ids)
            | Q(pk__in=scope.editor_organisation_ids)
            | Q(pk__in=self.model.objects.served_only_within(scope.officer_area_ids))
        )

    def with_descendants(self, organisation_ids) -> frozenset[int]:
        """The given organisations and every organisation below them."""
        found = set(organisation_ids)
        frontier = set(organisation_ids)
        while frontier:
            frontier = set(
                Organisation.objects.filter(parent__in=frontier)
                .exclude(pk__in=found)
                .values_list("pk", flat=True)
            )
            found |= frontier
        return frozenset(found)

    def served_only_within(self, area_ids) -> models.QuerySet:
        """Ids of organisations that serve at least one of `area_ids` and nothing else:
        a town's own organisations, which its integration officer looks after."""
        if not area_ids:
            return self.none().values("pk")
        through = Organisation.areas.through
        outside = through.objects.exclude(area_id__in=area_ids).values("organisation_id")
        return self.filter(areas__in=area_ids).exclude(pk__in=outside).values("pk").distinct()


class Organisation(VersionedModel, TranslatedFields):
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

    TRANSLATED_FIELDS: ClassVar[dict[str, str]] = {"description": "descriptions"}

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
        super().clean()
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
        return self.text_in("description", language)


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
