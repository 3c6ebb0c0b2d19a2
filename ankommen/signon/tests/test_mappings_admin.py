"""The group-to-role mappings are kept in the admin by the region's KI coordinators."""

import pytest
from django.urls import reverse

from ankommen.core.models import Role
from ankommen.signon.models import GroupRoleMapping, Source

pytestmark = pytest.mark.django_db


def add(client, region):
    return client.post(
        reverse("admin:signon_grouprolemapping_add"),
        {"region": region.pk, "source": Source.LDAP, "group": "gt-ki", "role": Role.KI_COORDINATOR},
    )


def test_a_ki_coordinator_maps_a_group_in_her_region(cast, client_for):
    add(client_for(cast.ki_coordinator), cast.region)
    assert GroupRoleMapping.objects.filter(region=cast.region, group="gt-ki").exists()


def test_a_ki_coordinator_cannot_map_a_group_in_another_region(cast, client_for):
    add(client_for(cast.other_coordinator), cast.region)
    assert not GroupRoleMapping.objects.exists()


def test_another_regions_mapping_is_not_hers_to_see(cast, client_for):
    mapping = GroupRoleMapping.objects.create(
        region=cast.region, source=Source.OIDC, group="gt-ki", role=Role.KI_COORDINATOR
    )
    response = client_for(cast.other_coordinator).get(
        reverse("admin:signon_grouprolemapping_change", args=[mapping.pk])
    )
    assert response.status_code == 404


def test_a_case_manager_mapping_needs_an_organisation(cast, client_for):
    client_for(cast.ki_coordinator).post(
        reverse("admin:signon_grouprolemapping_add"),
        {
            "region": cast.region.pk,
            "source": Source.LDAP,
            "group": "gt-fm",
            "role": Role.CASE_MANAGER,
        },
    )
    assert not GroupRoleMapping.objects.exists()
