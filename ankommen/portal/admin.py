from django.contrib import admin

from ankommen.core.admin_site import ScopedModelAdmin
from ankommen.core.permissions import scope_of
from ankommen.portal.models import GlossaryEntry, Page, PageTranslation


class PageTranslationInline(admin.TabularInline):
    model = PageTranslation
    fields = ("language", "title", "machine_translated", "reviewed")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Page)
class PageAdmin(ScopedModelAdmin):
    list_display = ("slug", "region", "town", "parent", "position", "status", "source_version")
    list_filter = ("status", "region")
    search_fields = ("slug", "translations__title")
    fields = ("region", "town", "parent", "slug", "position", "status", "on_flyer")
    inlines = [PageTranslationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region", "town", "parent")


@admin.register(GlossaryEntry)
class GlossaryEntryAdmin(ScopedModelAdmin):
    list_display = ("term", "region")
    list_filter = ("region",)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = scope_of(request.user)
        return queryset if scope.is_admin else queryset.filter(region__in=scope.region_ids)
