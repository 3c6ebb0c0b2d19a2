"""Only the vocabularies and consent text versions are in the admin. Case data is not
registered here at all: it is reachable only through the case pages, behind two-factor
authentication, get_case_for_user() and the audit log."""

from django.contrib import admin

from ankommen.cases.models import ConsentText, LegalDomain
from ankommen.core.admin_site import RegionSteeredAdmin, ScopedModelAdmin
from ankommen.core.permissions import scope_of


@admin.register(LegalDomain)
class LegalDomainAdmin(ScopedModelAdmin):
    list_display = ["code", "name", "sort_order"]


@admin.register(ConsentText)
class ConsentTextAdmin(RegionSteeredAdmin):
    list_display = ["__str__", "region", "valid_from"]
    list_filter = ["purpose"]

    def get_readonly_fields(self, request, obj=None):
        # A used text is frozen; a change means a new version.
        if obj is not None and obj.is_used:
            return ["region", "purpose", "version", "text", "valid_from"]
        return []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "region":
            scope = scope_of(request.user)
            from ankommen.core.models import Region

            queryset = Region.objects.all()
            if not scope.is_admin:
                queryset = queryset.filter(pk__in=scope.coordinator_region_ids)
            kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
