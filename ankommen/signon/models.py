"""Which directory group gives which role in a region, and which roles a sign-in gave."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ankommen.core.models import (
    ROLES_NEEDING_ORGANISATION,
    ROLES_NEEDING_TEAM,
    ROLES_NEEDING_TOWN,
    Area,
    Organisation,
    Region,
    Role,
    RoleAssignment,
    Team,
)


class Source(models.TextChoices):
    OIDC = "oidc", _("OpenID Connect")
    LDAP = "ldap", _("LDAP / Active Directory")


class GroupRoleMapping(models.Model):
    """Members of `group` in the directory (`source`) get `role` in `region`, scoped like
    a role given by hand (a town, an organisation, a team where the role needs one)."""

    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        related_name="group_role_mappings",
        verbose_name=_("region"),
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    group = models.CharField(
        _("group"),
        max_length=200,
        help_text=_("The group's name as the directory sends it (LDAP: its cn)."),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("town")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("organisation"),
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("team")
    )

    class Meta:
        verbose_name = _("group-to-role mapping")
        verbose_name_plural = _("group-to-role mappings")
        ordering = ["region", "source", "group"]

    def __str__(self) -> str:
        return f"{self.group} → {self.get_role_display()} ({self.region})"

    def clean(self) -> None:
        errors = {}
        if self.role in ROLES_NEEDING_TOWN and not self.area_id:
            errors["area"] = _("This role needs a town.")
        if self.role in ROLES_NEEDING_ORGANISATION and not self.organisation_id:
            errors["organisation"] = _("This role needs an organisation.")
        if self.role in ROLES_NEEDING_TEAM and not self.team_id:
            errors["team"] = _("This role needs a team.")
        if errors:
            raise ValidationError(errors)

    def scope(self) -> dict:
        return {
            "region_id": self.region_id,
            "role": self.role,
            "area_id": self.area_id,
            "organisation_id": self.organisation_id,
            "team_id": self.team_id,
        }


class MappedRole(models.Model):
    """A role assignment that a sign-in gave from the directory's groups: taken away again
    at the next sign-in that no longer brings the group. Roles given by hand are never
    touched."""

    assignment = models.OneToOneField(
        RoleAssignment, on_delete=models.CASCADE, related_name="signon_grant"
    )
    source = models.CharField(max_length=10, choices=Source.choices)

    class Meta:
        verbose_name = _("role from a directory group")
        verbose_name_plural = _("roles from directory groups")

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.assignment_id}"
