"""Data entry for the action plan in the back office. Boards, responsibilities and reports
are staff pages of their own (staff_views.py); here the KI maintains the plan itself."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ankommen.actionplan.models import (
    Challenge,
    ChangeEntry,
    EvidenceLink,
    PlanLink,
    ProgressReport,
    Recommendation,
    SteeringReport,
    SubStep,
)
from ankommen.actionplan.permissions import plan_scope
from ankommen.core.admin_site import ScopedModelAdmin
from ankommen.core.models import Area, FieldOfAction, Organisation, TargetGroup


def _steer_region_filter(request) -> dict:
    scope = plan_scope(request.user)
    return {} if scope.is_admin else {"region__in": scope.steer_region_ids}


class HistoryAdmin(ScopedModelAdmin):
    """Writes every saved change into the plan's change history."""

    reason_field = ""
    reason_triggers: frozenset[str] = frozenset()

    def save_model(self, request, obj, form, change) -> None:
        changed = {name for name, _old, _new in obj.tracked_changes()} if change else set()
        super().save_model(request, obj, form, change)
        reason = getattr(obj, self.reason_field, "") if changed & self.reason_triggers else ""
        ChangeEntry.record(obj, user=request.user, reason=reason, created=not change)


@admin.register(Challenge)
class ChallengeAdmin(ScopedModelAdmin):
    list_display = ["code", "text", "field", "rank"]
    list_filter = ["field__name"]
    search_fields = ["text"]
    list_select_related = ["field"]
    fields = ["field", "rank", "text", "texts", "source"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "field":
            kwargs["queryset"] = FieldOfAction.objects.filter(**_steer_region_filter(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PlanLinkInline(admin.TabularInline):
    model = PlanLink
    extra = 0
    fields = ["kind", "label", "url", "reference", "content_type", "object_id", "sort_order"]

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("actionplan.view_recommendation", obj)

    def has_add_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("actionplan.change_recommendation", obj)

    has_change_permission = has_add_permission
    has_delete_permission = has_add_permission


@admin.register(Recommendation)
class RecommendationAdmin(HistoryAdmin):
    reason_field = "light_override_reason"
    reason_triggers = frozenset({"light_override", "light_override_reason"})
    list_display = ["code", "title", "kind", "lead_organisation", "progress", "deadline_class"]
    list_filter = ["field__name", "kind", "level", "deadline_class"]
    search_fields = ["title", "goal", "key"]
    list_select_related = ["field", "challenge", "lead_organisation"]
    filter_horizontal = ["target_groups", "areas", "stakeholders"]
    readonly_fields = ["progress", "last_reported_on"]
    inlines = [PlanLinkInline]
    fieldsets = [
        (None, {"fields": ["field", "challenge", "kind", "number", "key", "title", "goal"]}),
        (
            _("Who, where, for whom"),
            {"fields": ["target_groups", "level", "areas", "lead_organisation", "stakeholders"]},
        ),
        (
            _("Resources and deadline"),
            {"fields": ["resources", "deadline_class", "deadline", "adopted_on"]},
        ),
        (
            _("Status"),
            {
                "fields": [
                    "progress",
                    "last_reported_on",
                    "light_override",
                    "light_override_reason",
                ]
            },
        ),
        (_("Publication"), {"fields": ["is_public", "internal_note", "source"]}),
        (_("Other languages"), {"fields": ["titles", "goals"]}),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        regions = _steer_region_filter(request)
        if db_field.name == "field":
            kwargs["queryset"] = FieldOfAction.objects.filter(**regions)
        elif db_field.name == "challenge":
            kwargs["queryset"] = Challenge.objects.filter(**regions).select_related("field")
        elif db_field.name == "lead_organisation":
            kwargs["queryset"] = Organisation.objects.filter(**regions)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        regions = _steer_region_filter(request)
        if db_field.name == "stakeholders":
            kwargs["queryset"] = Organisation.objects.filter(**regions)
        elif db_field.name == "areas":
            kwargs["queryset"] = Area.objects.filter(region__isnull=False, **regions)
        elif db_field.name == "target_groups":
            kwargs["queryset"] = TargetGroup.objects.filter(**regions)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(SubStep)
class SubStepAdmin(HistoryAdmin):
    reason_field = "status_reason"
    reason_triggers = frozenset({"status", "status_reason"})
    list_display = [
        "code",
        "text",
        "responsible_organisation",
        "due_date",
        "status",
        "progress",
    ]
    list_filter = ["status", "recommendation__field__name"]
    search_fields = ["text", "responsible_person", "responsible_organisation__name"]
    list_select_related = [
        "recommendation__field",
        "recommendation__challenge",
        "responsible_organisation",
    ]
    fields = [
        "recommendation",
        "number",
        "text",
        "responsible_organisation",
        "responsible_person",
        "due_date",
        "status",
        "progress",
        "status_reason",
        "weight",
        "texts",
    ]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not request.user.has_perm("actionplan.add_substep", obj):
            # A responsible organisation updates status and progress, nothing else.
            return [f for f in self.fields if f not in ("status", "progress", "status_reason")]
        return []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        regions = _steer_region_filter(request)
        if db_field.name == "recommendation":
            kwargs["queryset"] = Recommendation.objects.filter(**regions).select_related(
                "field", "challenge"
            )
        elif db_field.name == "responsible_organisation":
            kwargs["queryset"] = Organisation.objects.filter(**regions)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class EvidenceLinkInline(admin.TabularInline):
    model = EvidenceLink
    extra = 1

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("actionplan.view_progressreport", obj)

    def has_add_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("actionplan.change_progressreport", obj)

    has_change_permission = has_add_permission
    has_delete_permission = has_add_permission


@admin.register(ProgressReport)
class ProgressReportAdmin(ScopedModelAdmin):
    list_display = ["__str__", "reported_on", "progress", "author"]
    list_filter = ["reported_on"]
    search_fields = ["text"]
    date_hierarchy = "reported_on"
    inlines = [EvidenceLinkInline]
    fields = ["recommendation", "sub_step", "reported_on", "text", "progress", "status"]
    list_select_related = ["recommendation__field", "recommendation__challenge", "author"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = plan_scope(request.user)
        if scope.is_admin:
            return queryset
        return ProgressReport.objects.filter(
            pk__in=queryset.values("pk")
        ) | ProgressReport.objects.filter(
            sub_step__responsible_organisation__in=scope.responsible_organisation_ids
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        regions = _steer_region_filter(request)
        if db_field.name == "recommendation":
            kwargs["queryset"] = Recommendation.objects.filter(**regions)
        elif db_field.name == "sub_step":
            kwargs["queryset"] = SubStep.objects.filter(**regions)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(SteeringReport)
class SteeringReportAdmin(ScopedModelAdmin):
    list_display = ["__str__", "presented_on", "created_by", "created_at"]
    fields = ["region", "year", "quarter", "presented_on", "note"]

    def get_readonly_fields(self, request, obj=None):
        return ["region", "year", "quarter"] if obj else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "region":
            from ankommen.core.models import Region

            scope = plan_scope(request.user)
            kwargs["queryset"] = (
                Region.objects.all()
                if scope.is_admin
                else Region.objects.filter(pk__in=scope.steer_region_ids)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
            obj.take_snapshot()
        super().save_model(request, obj, form, change)


@admin.register(ChangeEntry)
class ChangeEntryAdmin(ScopedModelAdmin):
    list_display = ["at", "subject", "field_label", "before", "after", "user", "reason"]
    list_filter = ["field"]
    search_fields = ["subject", "reason"]
    date_hierarchy = "at"
    list_select_related = ["user"]

    @admin.display(description=_("before"))
    def before(self, entry: ChangeEntry) -> str:
        return entry.old_display

    @admin.display(description=_("after"))
    def after(self, entry: ChangeEntry) -> str:
        return entry.new_display

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
