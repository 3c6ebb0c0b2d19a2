from django.contrib import admin

from ankommen.core.admin_site import RegionSteeredAdmin
from ankommen.signon.models import GroupRoleMapping


@admin.register(GroupRoleMapping)
class GroupRoleMappingAdmin(RegionSteeredAdmin):
    """Which directory group gives which role in a region: the installation admin and the
    region's KI coordinators (permissions.py)."""

    list_display = ["group", "source", "role", "region", "area", "organisation", "team"]
    list_filter = ["source", "role", "region"]
    search_fields = ["group"]
