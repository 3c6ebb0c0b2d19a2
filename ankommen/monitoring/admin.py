from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ankommen.core.admin_site import ScopedModelAdmin
from ankommen.core.models import Area, FieldOfAction, Region
from ankommen.core.permissions import scope_of
from ankommen.monitoring.models import (
    Dimension,
    DimensionMember,
    ImportRun,
    Indicator,
    Value,
    ValueRevision,
)


@admin.register(Indicator)
class IndicatorAdmin(ScopedModelAdmin):
    list_display = ["name", "region", "unit", "kind", "table_code", "is_published"]
    list_filter = ["region", "kind", "unit", "is_published", "field_of_action"]
    search_fields = ["name", "slug", "table_code", "variable_code"]
    list_select_related = ["region"]
    fieldsets = [
        (None, {"fields": ["region", "slug", "name", "names", "definition", "definitions"]}),
        (
            _("Formula"),
            {
                "fields": [
                    "kind",
                    "unit",
                    "decimals",
                    "numerator",
                    "numerator_split",
                    "denominator",
                    "denominator_split",
                ]
            },
        ),
        (
            _("Source"),
            {
                "fields": [
                    "source",
                    "table_code",
                    "variable_code",
                    "variable_label",
                    "licence",
                    "cadence",
                    "rounded_to",
                    "lowest_level",
                ]
            },
        ),
        (
            _("Publication"),
            {"fields": ["field_of_action", "notes", "sort_order", "is_published", "is_demo"]},
        ),
    ]

    def get_queryset(self, request):
        scope = scope_of(request.user)
        queryset = super().get_queryset(request)
        if scope.is_admin:
            return queryset
        return queryset.filter(region__in=scope.staff_region_ids)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scope = scope_of(request.user)
        if db_field.name == "region" and not scope.is_admin:
            kwargs["queryset"] = Region.objects.filter(pk__in=scope.coordinator_region_ids)
        elif db_field.name in ("numerator", "denominator"):
            kwargs["queryset"] = Indicator.objects.editable_by(request.user)
        elif db_field.name == "field_of_action" and not scope.is_admin:
            kwargs["queryset"] = FieldOfAction.objects.filter(
                region__in=scope.coordinator_region_ids
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ValueRevisionInline(admin.TabularInline):
    model = ValueRevision
    fk_name = "value_record"
    extra = 0
    readonly_fields = ["value", "quality", "stand", "import_run", "replaced_at", "replaced_by"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("monitoring.view_value", obj)


@admin.register(Value)
class ValueAdmin(ScopedModelAdmin):
    list_display = [
        "indicator",
        "area",
        "reference_date",
        "dimension_key",
        "value",
        "quality",
        "is_demo",
    ]
    list_filter = ["indicator__region", "indicator", "is_demo", "quality"]
    search_fields = ["indicator__name", "area__name", "area__official_key", "dimension_key"]
    list_select_related = ["indicator", "area"]
    readonly_fields = ["import_run", "table_code", "updated_at"]
    raw_id_fields = []
    inlines = [ValueRevisionInline]
    fields = [
        "indicator",
        "area",
        "reference_date",
        "period_months",
        "dimension_key",
        "value",
        "quality",
        "status_flag",
        "stand",
        "source_note",
        "is_demo",
        "import_run",
        "table_code",
        "updated_at",
    ]

    def get_queryset(self, request):
        scope = scope_of(request.user)
        queryset = super().get_queryset(request)
        if scope.is_admin:
            return queryset
        return queryset.filter(indicator__region__in=scope.staff_region_ids)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scope = scope_of(request.user)
        if db_field.name == "indicator" and not scope.is_admin:
            kwargs["queryset"] = Indicator.objects.filter(region__in=scope.staff_region_ids)
        elif db_field.name == "area" and not scope.is_admin:
            kwargs["queryset"] = Area.objects.filter(
                Q(region__in=scope.coordinator_region_ids)
                | Q(region__isnull=True, pk__in=_comparison_ids(scope))
                | Q(pk__in=scope.officer_area_ids)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        if change:
            previous = Value.objects.get(pk=obj.pk)
            if (previous.value, previous.quality) != (obj.value, obj.quality):
                ValueRevision.objects.create(
                    value_record=obj,
                    value=previous.value,
                    quality=previous.quality,
                    stand=previous.stand,
                    import_run=previous.import_run,
                )
        super().save_model(request, obj, form, change)


def _comparison_ids(scope) -> list[int]:
    return (
        list(Area.objects.filter(region__isnull=True).values_list("pk", flat=True))
        if (scope.coordinator_region_ids)
        else []
    )


@admin.register(ImportRun)
class ImportRunAdmin(ScopedModelAdmin):
    list_display = [
        "file_name",
        "region",
        "format",
        "table_code",
        "created_at",
        "created_count",
        "updated_count",
        "created_by",
    ]
    list_filter = ["region", "format"]
    search_fields = ["file_name", "table_code", "sha256"]
    readonly_fields = [f.name for f in ImportRun._meta.fields]

    def get_queryset(self, request):
        scope = scope_of(request.user)
        queryset = super().get_queryset(request)
        if scope.is_admin:
            return queryset
        return queryset.filter(region__in=scope.staff_region_ids)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class DimensionMemberInline(admin.TabularInline):
    model = DimensionMember
    extra = 0
    fields = ["code", "name", "names", "aliases", "sort_order"]


@admin.register(Dimension)
class DimensionAdmin(ScopedModelAdmin):
    list_display = ["code", "name", "kind"]
    search_fields = ["code", "name"]
    inlines = [DimensionMemberInline]
