"""Master data of the pools in the back office: mediators with their languages, evidence,
availability and absences; the mediation languages; the setting policies. Requests,
offers and assignments are worked on in the staff pages (staff_views.py)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsTabularInline

from ankommen.core.admin_site import ScopedModelAdmin
from ankommen.core.models import Area, Organisation, Region
from ankommen.core.permissions import scope_of
from ankommen.mediation.models import (
    Absence,
    Conflict,
    Evidence,
    MediationLanguage,
    Mediator,
    MediatorLanguage,
    RequestAccess,
    SettingPolicy,
    WeeklyAvailability,
)
from ankommen.mediation.models.choices import Setting


def _pool_regions(request):
    scope = scope_of(request.user)
    if scope.is_admin:
        return Region.objects.all()
    return Region.objects.filter(pk__in=scope.coordinator_region_ids)


class LanguageInline(ObjectPermissionsTabularInline):
    model = MediatorLanguage
    extra = 0


class EvidenceInline(ObjectPermissionsTabularInline):
    model = Evidence
    extra = 0


class AvailabilityInline(ObjectPermissionsTabularInline):
    model = WeeklyAvailability
    extra = 0


class AbsenceInline(ObjectPermissionsTabularInline):
    model = Absence
    extra = 0


class ConflictInline(ObjectPermissionsTabularInline):
    """Conflicts of interest the mediator has declared (she may also declare them herself
    on her own page)."""

    model = Conflict
    extra = 0
    fields = ["organisation", "client_reference", "reason", "declared_at"]
    readonly_fields = ["declared_at"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation":
            kwargs["queryset"] = Organisation.objects.filter(region__in=_pool_regions(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def settings_field() -> forms.MultipleChoiceField:
    """A mediator's fields of work as a checkbox list of the known settings (the model
    keeps them as a JSON list of codes)."""
    return forms.MultipleChoiceField(
        label=_("settings"),
        choices=Setting.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The settings she takes; the tier policy applies on top."),
    )


@admin.register(Mediator)
class MediatorAdmin(ScopedModelAdmin):
    list_display = ["name", "tier", "status", "home_area", "monthly_hour_cap"]
    list_filter = ["tier", "status"]
    search_fields = ["name", "key", "email"]
    list_select_related = ["home_area"]
    inlines = [LanguageInline, EvidenceInline, AvailabilityInline, AbsenceInline, ConflictInline]
    raw_id_fields = ["user"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "allowed_settings":
            return settings_field()
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "region":
            kwargs["queryset"] = _pool_regions(request)
        if db_field.name == "home_area":
            kwargs["queryset"] = Area.objects.filter(region__in=_pool_regions(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(MediationLanguage)
class MediationLanguageAdmin(ScopedModelAdmin):
    list_display = ["code", "name_de", "name_en", "content_language"]
    search_fields = ["code", "name_de", "name_en"]


@admin.register(SettingPolicy)
class SettingPolicyAdmin(ScopedModelAdmin):
    list_display = ["region", "setting", "tier", "allowed", "lead_working_days"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(region__in=_pool_regions(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "region":
            kwargs["queryset"] = _pool_regions(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(RequestAccess)
class RequestAccessAdmin(ScopedModelAdmin):
    """Who saw which request's details: the pools' part of the one audit log."""

    list_display = ["at", "username", "object_id", "detail"]
    readonly_fields = ["at", "username", "object_id", "path", "detail"]
    fields = readonly_fields

    def get_queryset(self, request):
        return (
            super().get_queryset(request).filter(region_id__in=_pool_regions(request).values("pk"))
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
