from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ankommen.core.admin_site import ScopedModelAdmin, replace_choices
from ankommen.core.models import (
    Area,
    Audience,
    FieldOfAction,
    Language,
    Organisation,
    Region,
    RoleAssignment,
    TargetGroup,
    Team,
    User,
)
from ankommen.core.permissions import scope_of


def _only_officer(user, region_id: int | None = None) -> bool:
    """True for a municipal officer who has no wider right in the region."""
    scope = scope_of(user)
    if scope.is_admin or not scope.officer_town_ids:
        return False
    return (
        region_id not in scope.coordinator_region_ids
        if region_id
        else not (scope.coordinator_region_ids or scope.editor_organisation_ids)
    )


@admin.register(Region)
class RegionAdmin(ScopedModelAdmin):
    list_display = ["name", "slug", "official_key", "default_language"]
    search_fields = ["name", "slug", "official_key"]
    filter_horizontal = ["languages"]

    def get_readonly_fields(self, request, obj=None):
        if scope_of(request.user).is_admin:
            return []
        return ["slug", "official_key", "is_demo"]


@admin.register(Area)
class AreaAdmin(ScopedModelAdmin):
    list_display = ["name", "kind", "official_key", "parent", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "official_key"]
    list_select_related = ["parent", "region"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        user = request.user
        if db_field.name == "region":
            kwargs["queryset"] = Region.objects.visible_to(user)
        elif db_field.name == "parent":
            kwargs["queryset"] = Area.objects.editable_by(user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and obj.parent_id and "parent" in form.base_fields:
            # An officer's town keeps the Kreis above it, which she does not edit: the
            # current parent stays a choice, so that she can save her town at all.
            choices = form.base_fields["parent"].queryset | Area.objects.filter(pk=obj.parent_id)
            replace_choices(form, "parent", choices.distinct())
        return form


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "region",
            "key",
            "name",
            "short_name",
            "kind",
            "parent",
            "areas",
            "description",
            "descriptions",
            "email",
            "phone",
            "website",
            "street",
            "postal_code",
            "city",
            "is_demo",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        cleaned = super().clean()
        region = cleaned.get("region")
        areas = cleaned.get("areas")
        if (
            region is not None
            and areas is not None
            and any(area.region_id != region.pk for area in areas)
        ):
            self.add_error(
                "areas",
                ValidationError(
                    _("Choose only areas of the organisation's region."),
                    code="other_region",
                ),
            )
        if self.user is not None and region is not None and _only_officer(self.user, region.pk):
            editor_orgs = scope_of(self.user).editor_organisation_ids
            if self.instance.pk not in editor_orgs:
                officer_areas = scope_of(self.user).officer_area_ids
                if not areas or any(area.pk not in officer_areas for area in areas):
                    self.add_error(
                        "areas",
                        ValidationError(
                            _("Choose one or more areas of your own town."),
                            code="outside_town",
                        ),
                    )
        return cleaned


@admin.register(Organisation)
class OrganisationAdmin(ScopedModelAdmin):
    form = OrganisationForm
    list_display = ["name", "short_name", "kind", "parent", "region"]
    list_filter = ["kind", "region", "is_demo"]
    search_fields = ["name", "short_name", "key"]
    list_select_related = ["parent", "region"]
    filter_horizontal = ["areas"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)

        class FormWithUser(form):
            def __init__(self, *args, **kw):
                super().__init__(*args, user=request.user, **kw)

        return FormWithUser

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "region":
            kwargs["queryset"] = Region.objects.visible_to(request.user)
        elif db_field.name == "parent":
            kwargs["queryset"] = Organisation.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "areas":
            user = request.user
            if _only_officer(user):
                kwargs["queryset"] = Area.objects.filter(pk__in=scope_of(user).officer_area_ids)
            else:
                kwargs["queryset"] = Area.objects.visible_to(user).filter(region__isnull=False)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Team)
class TeamAdmin(ScopedModelAdmin):
    list_display = ["name", "organisation"]
    search_fields = ["name", "organisation__name"]

    def get_queryset(self, request):
        scope = scope_of(request.user)
        queryset = super().get_queryset(request).select_related("organisation")
        if scope.is_admin:
            return queryset
        return queryset.filter(organisation__region__in=scope.staff_region_ids)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation":
            kwargs["queryset"] = Organisation.objects.editable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class VocabularyAdmin(ScopedModelAdmin):
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name", "slug"]

    def get_queryset(self, request):
        scope = scope_of(request.user)
        queryset = super().get_queryset(request)
        if scope.is_admin or not hasattr(self.model, "region"):
            return queryset
        return queryset.filter(region__in=scope.staff_region_ids)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "region":
            scope = scope_of(request.user)
            regions = Region.objects.all()
            if not scope.is_admin:
                regions = regions.filter(pk__in=scope.coordinator_region_ids)
            kwargs["queryset"] = regions
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


admin.site.register(TargetGroup, VocabularyAdmin)
admin.site.register(FieldOfAction, VocabularyAdmin)
admin.site.register(Audience, VocabularyAdmin)


@admin.register(Language)
class LanguageAdmin(ScopedModelAdmin):
    list_display = ["code", "native_name", "name_de", "name_en", "direction", "variant_of"]
    search_fields = ["code", "native_name", "name_de", "name_en"]


class RoleAssignmentFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if scope_of(self.request_user).is_admin:
            return
        kept = [
            form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if not kept:
            raise ValidationError(
                _("Give the person at least one role in your region."), code="no_role"
            )


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    formset = RoleAssignmentFormSet
    extra = 0
    autocomplete_fields = []

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.request_user = request.user
        return formset

    def get_min_num(self, request, obj=None, **kwargs):
        return 0 if scope_of(request.user).is_admin else 1

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scope = scope_of(request.user)
        if not scope.is_admin:
            regions = scope.coordinator_region_ids
            if db_field.name == "region":
                kwargs["queryset"] = Region.objects.filter(pk__in=regions)
            elif db_field.name == "area":
                kwargs["queryset"] = Area.objects.filter(
                    region__in=regions, kind=Area.Kind.MUNICIPALITY
                )
            elif db_field.name == "organisation":
                kwargs["queryset"] = Organisation.objects.filter(region__in=regions)
            elif db_field.name == "team":
                kwargs["queryset"] = Team.objects.filter(organisation__region__in=regions)
        elif db_field.name == "area":
            kwargs["queryset"] = Area.objects.filter(kind=Area.Kind.MUNICIPALITY)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # The inline is governed by the user admin's permissions.
    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("core.view_user", obj)

    def has_add_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("core.change_user", obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("core.change_user", obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("core.change_user", obj)


@admin.register(User)
class UserAdmin(ScopedModelAdmin, DjangoUserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    list_filter = ["is_active", "is_superuser", "role_assignments__role"]
    readonly_fields = ["last_login", "date_joined"]

    def get_queryset(self, request):
        queryset = User.objects.all()
        scope = scope_of(request.user)
        if scope.is_admin:
            return queryset
        # Accounts whose roles all lie in the coordinator's regions.
        regions = scope.coordinator_region_ids
        elsewhere = RoleAssignment.objects.exclude(region__in=regions).values("user_id")
        return (
            queryset.filter(is_superuser=False, role_assignments__region__in=regions)
            .exclude(pk__in=elsewhere)
            .distinct()
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if scope_of(request.user).is_admin or obj is None:
            return fieldsets
        # Coordinators manage people and their roles, never platform-wide rights.
        return [
            (
                name,
                {
                    **options,
                    "fields": [
                        f
                        for f in options["fields"]
                        if f not in ("is_superuser", "is_staff", "groups", "user_permissions")
                    ],
                },
            )
            for name, options in fieldsets
        ]
