from django.contrib import admin

from ankommen.core.admin_site import RegionSteeredAdmin
from ankommen.networks.models import Body, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["user"]


@admin.register(Body)
class BodyAdmin(RegionSteeredAdmin):
    """Bodies are kept by the region's KI coordinators: every choice (region, area,
    convener, members) lies in her scope (core/admin_site.py)."""

    list_display = ["name", "kind", "level", "area", "is_public", "region"]
    list_filter = ["kind", "level", "is_public", "region"]
    search_fields = ["name", "slug"]
    inlines = [MembershipInline]
