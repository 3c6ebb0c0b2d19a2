"""Rules that the core records keep by themselves."""

import pytest
from django.core.exceptions import ValidationError

from ankommen.core.models import Area, ConflictError, Region, Role, RoleAssignment
from ankommen.core.permissions import assigned_records_q
from ankommen.core.tests.factories import (
    AreaFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def error_codes(excinfo) -> dict[str, list[str]]:
    return {
        field: [error.code for error in errors]
        for field, errors in excinfo.value.error_dict.items()
    }


def test_area_cannot_lie_within_itself(cast):
    kreis = cast.verl.parent
    kreis.parent = cast.verl_quarter
    with pytest.raises(ValidationError) as excinfo:
        kreis.full_clean()
    assert error_codes(excinfo)["parent"] == ["cycle"]


def test_area_cannot_hang_below_another_regions_area(cast):
    foreign = AreaFactory(region=cast.other_region)
    quarter = Area(region=cast.region, parent=foreign, kind=Area.Kind.QUARTER, name="X")
    with pytest.raises(ValidationError) as excinfo:
        quarter.full_clean()
    assert error_codes(excinfo)["parent"] == ["other_region"]


def test_organisation_cannot_be_its_own_ancestor(cast):
    parent = cast.kreis_organisation
    child = OrganisationFactory(region=cast.region, parent=parent)
    parent.parent = child
    with pytest.raises(ValidationError) as excinfo:
        parent.full_clean()
    assert error_codes(excinfo)["parent"] == ["cycle"]


def test_region_slug_cannot_take_a_platform_path(db):
    region = RegionFactory.build(slug="admin")
    with pytest.raises(ValidationError) as excinfo:
        region.full_clean(exclude=["default_language"])
    assert "reserved_slug" in error_codes(excinfo)["slug"]


def test_officer_role_needs_a_town(cast):
    assignment = RoleAssignment(user=UserFactory(), role=Role.MUNICIPAL_OFFICER, region=cast.region)
    with pytest.raises(ValidationError) as excinfo:
        assignment.full_clean()
    assert error_codes(excinfo)["area"] == ["required"]


def test_officer_role_needs_a_town_not_a_quarter(cast):
    assignment = RoleAssignment(
        user=UserFactory(),
        role=Role.MUNICIPAL_OFFICER,
        region=cast.region,
        area=cast.verl_quarter,
    )
    with pytest.raises(ValidationError) as excinfo:
        assignment.full_clean()
    assert error_codes(excinfo)["area"] == ["not_a_town"]


def test_role_cannot_point_into_another_region(cast):
    assignment = RoleAssignment(
        user=UserFactory(),
        role=Role.ORGANISATION_EDITOR,
        region=cast.region,
        organisation=cast.other_organisation,
    )
    with pytest.raises(ValidationError) as excinfo:
        assignment.full_clean()
    assert error_codes(excinfo)["organisation"] == ["other_region"]


def test_stale_version_is_refused(cast):
    organisation = cast.verl_organisation
    organisation.name = "Erste Änderung"
    organisation.save_checked(expected_version=1)
    organisation.name = "Zweite Änderung auf alter Grundlage"
    with pytest.raises(ConflictError):
        organisation.save_checked(expected_version=1)


def test_refused_stale_save_keeps_the_first_change(cast):
    organisation = cast.verl_organisation
    organisation.name = "Erste Änderung"
    organisation.save_checked(expected_version=1)
    stale = type(organisation).objects.get(pk=organisation.pk)
    stale.name = "Zweite"
    with pytest.raises(ConflictError):
        stale.save_checked(expected_version=1)
    organisation.refresh_from_db()
    assert organisation.name == "Erste Änderung"


def test_case_manager_sees_only_what_is_assigned_to_her(cast):
    rows = RoleAssignment.objects.filter(assigned_records_q(cast.case_manager, assignee="user"))
    assert set(rows.values_list("user__username", flat=True)) == {"fatma"}


def test_team_lead_sees_what_is_assigned_to_her_team(cast):
    rows = RoleAssignment.objects.filter(assigned_records_q(cast.team_lead, assignee="user"))
    assert set(rows.values_list("user__username", flat=True)) == {"fatma", "tobias"}


def test_coordinator_has_no_personally_assigned_records(cast):
    rows = RoleAssignment.objects.filter(assigned_records_q(cast.ki_coordinator, assignee="user"))
    assert not rows.exists()


def test_region_area_is_the_district(cast):
    assert Region.objects.get(pk=cast.region.pk).area().kind == Area.Kind.DISTRICT
