from django.contrib import admin

from ankommen.signon.models import GroupRoleMapping


@admin.register(GroupRoleMapping)
class GroupRoleMappingAdmin(admin.ModelAdmin):
    """Which directory group gives which role in a region (installation admin)."""

    list_display = ["group", "source", "role", "region", "area", "organisation", "team"]
    list_filter = ["source", "role", "region"]
    search_fields = ["group"]
