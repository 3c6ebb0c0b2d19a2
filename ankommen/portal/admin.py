from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from ankommen.core.admin_site import ScopedModelAdmin
from ankommen.core.models import Area, Region
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
    list_display = (
        "slug", "kind", "region", "town", "parent", "position", "status", "source_version",
    )  # fmt: skip
    list_filter = ("kind", "status", "region")
    search_fields = ("slug", "translations__title")
    fields = (
        "region",
        "kind",
        "town",
        "organisation",
        "parent",
        "slug",
        "position",
        "status",
        "on_flyer",
        "icon",
    )
    inlines = [PageTranslationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region", "town", "parent")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Offer only what the editor may use: her regions, her towns, visible pages.
        scope = scope_of(request.user)
        if db_field.name == "region" and not scope.is_admin:
            kwargs["queryset"] = Region.objects.filter(
                pk__in=scope.coordinator_region_ids
                | frozenset(
                    Area.objects.filter(pk__in=scope.officer_town_ids).values_list(
                        "region_id", flat=True
                    )
                )
            )
        elif db_field.name == "town":
            towns = Area.objects.filter(kind=Area.Kind.MUNICIPALITY)
            kwargs["queryset"] = towns if scope.is_admin else towns.editable_by(request.user)
        elif db_field.name == "parent":
            kwargs["queryset"] = Page.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        # A new page must lie within the editor's own scope (an officer: her town).
        if not change and not request.user.has_perm("portal.change_page", obj):
            raise PermissionDenied(_("You may not add pages there."))
        super().save_model(request, obj, form, change)


@admin.register(GlossaryEntry)
class GlossaryEntryAdmin(ScopedModelAdmin):
    list_display = ("term", "audience", "region")
    list_filter = ("audience", "region")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = scope_of(request.user)
        return queryset if scope.is_admin else queryset.filter(region__in=scope.region_ids)
