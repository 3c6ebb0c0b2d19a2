"""Users, their roles scoped to region, town, organisation or team, and the events of
case-role accounts."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ankommen.core.models.organisations import Organisation, Team
from ankommen.core.models.places import Area, Region
from ankommen.core.models.scope import Scope


class User(AbstractUser):
    """A person who signs in. What she may do comes from her role assignments; the
    installation admin is the superuser."""

    preferred_language = models.CharField(
        _("preferred interface language"), max_length=10, blank=True
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def build_scope(self) -> Scope:
        """What her role assignments let her reach; read through `scope_of(user)`, which
        keeps it for the request."""
        assignments = list(
            RoleAssignment.objects.filter(user=self).values_list(
                "role", "region_id", "area_id", "organisation_id", "team_id"
            )
        )

        def ids(*roles: str, column: int) -> frozenset[int]:
            return frozenset(
                row[column] for row in assignments if row[0] in roles and row[column] is not None
            )

        officer_towns = ids(Role.MUNICIPAL_OFFICER, column=2)
        editor_orgs = ids(Role.ORGANISATION_EDITOR, column=3)
        return Scope(
            is_admin=self.is_superuser,
            region_ids=frozenset(row[1] for row in assignments),
            staff_region_ids=ids(*STAFF_ROLES, column=1),
            coordinator_region_ids=ids(Role.KI_COORDINATOR, column=1),
            officer_town_ids=officer_towns,
            officer_region_ids=ids(Role.MUNICIPAL_OFFICER, column=1),
            officer_area_ids=frozenset(
                Area.objects.within(officer_towns).values_list("pk", flat=True)
            )
            if officer_towns
            else frozenset(),
            editor_organisation_ids=Organisation.objects.with_descendants(editor_orgs),
            member_organisation_ids=frozenset(row[3] for row in assignments if row[3]),
            case_manager_organisation_ids=ids(Role.CASE_MANAGER, Role.TEAM_LEAD, column=3),
            team_ids=ids(Role.CASE_MANAGER, Role.TEAM_LEAD, column=4),
            led_team_ids=ids(Role.TEAM_LEAD, column=4),
            volunteer_region_ids=ids(Role.VOLUNTEER, column=1),
        )


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
