from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ankommen.core.actor import Actor
from ankommen.core.admin_site import ScopedModelAdmin, replace_choices
from ankommen.core.audit import audit
from ankommen.core.models import (
    CASE_ROLES,
    Area,
    Audience,
    AuditEntry,
    FieldOfAction,
    Language,
    Organisation,
    Region,
    RoleAssignment,
    TargetGroup,
    Team,
    User,
)
from ankommen.core.modules import modules_with
from ankommen.core.permissions import (
    is_case_worker,
    led_organisation_ids,
    may_change_password_of,
    role_refusal,
    scope_of,
)


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


ROLE_REFUSALS = {
    "own_account": _("Nobody changes her own roles; ask the installation admin (%(role)s)."),
    "case_role": _(
        "Case roles are given and removed only by the team lead of the team or the "
        "installation admin (%(role)s)."
    ),
    "not_yours": _("You may not give or remove this role (%(role)s)."),
}


def _stored_assignment(form) -> RoleAssignment | None:
    """The assignment as it is in the database, before this form changes it."""
    if form.instance.pk is None:
        return None
    return RoleAssignment.objects.filter(pk=form.instance.pk).first()


class RoleAssignmentFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        self._refuse_roles_not_given_by_the_user()
        if scope_of(self.request_user).is_admin:
            return
        kept = [
            form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if not kept:
            raise ValidationError(
                _("Give the person at least one role in your region."), code="no_role"
            )

    def _changed_rows(self):
        """For each row the form gives, changes or removes: the assignment as stored (None
        for a new row) and as submitted (None for a removed one). Unchanged rows are left
        out."""
        for form in self.forms:
            if not form.cleaned_data:
                continue
            deleted = bool(form.cleaned_data.get("DELETE"))
            stored = _stored_assignment(form)
            if stored is not None and not deleted and not form.has_changed():
                continue
            yield stored, None if deleted else form.instance

    def _refuse_roles_not_given_by_the_user(self) -> None:
        """Every role given, changed or removed must be one the signed-in user may manage
        (`permissions.role_refusal`); unchanged rows are left alone."""
        errors = []
        for stored, submitted in self._changed_rows():
            for assignment in (a for a in (stored, submitted) if a is not None):
                reason = role_refusal(self.request_user, assignment)
                if reason is not None:
                    errors.append(
                        ValidationError(
                            ROLE_REFUSALS[reason],
                            code=reason,
                            params={"role": assignment.get_role_display()},
                        )
                    )
        if errors:
            raise ValidationError(errors)

    def case_role_changes(self) -> list[tuple[str, RoleAssignment]]:
        """The case roles this (valid, not yet saved) formset gives and removes."""
        changes = []
        for stored, submitted in self._changed_rows():
            if stored is not None and stored.role in CASE_ROLES:
                changes.append((AuditEntry.Action.ROLE_REMOVED, stored))
            if submitted is not None and submitted.role in CASE_ROLES:
                changes.append((AuditEntry.Action.ROLE_GRANTED, submitted))
        return changes


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
            # A team lead gives the case manager role of her own teams.
            led_teams = Team.objects.filter(pk__in=scope.led_team_ids)
            if db_field.name == "region":
                kwargs["queryset"] = Region.objects.filter(
                    Q(pk__in=regions) | Q(pk__in=led_teams.values("organisation__region"))
                )
            elif db_field.name == "area":
                kwargs["queryset"] = Area.objects.filter(
                    region__in=regions, kind=Area.Kind.MUNICIPALITY
                )
            elif db_field.name == "organisation":
                kwargs["queryset"] = Organisation.objects.filter(
                    Q(region__in=regions) | Q(pk__in=led_teams.values("organisation"))
                )
            elif db_field.name == "team":
                kwargs["queryset"] = Team.objects.filter(
                    Q(organisation__region__in=regions) | Q(pk__in=scope.led_team_ids)
                )
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
        managed = queryset.filter(is_superuser=False, role_assignments__region__in=regions).exclude(
            pk__in=elsewhere
        )
        # A team lead's: those who only work with cases in her organisations.
        organisations = led_organisation_ids(request.user)
        not_only_cases = RoleAssignment.objects.exclude(
            role__in=CASE_ROLES, organisation__in=organisations
        ).values("user_id")
        led = queryset.filter(
            is_superuser=False, role_assignments__organisation__in=organisations
        ).exclude(pk__in=not_only_cases)
        return queryset.filter(Q(pk__in=managed.values("pk")) | Q(pk__in=led.values("pk")))

    def save_formset(self, request, form, formset, change) -> None:
        """Case roles given and removed are recorded for the team lead to see."""
        changes = formset.case_role_changes() if isinstance(formset, RoleAssignmentFormSet) else []
        super().save_formset(request, form, formset, change)
        for action, assignment in changes:
            audit(
                Actor.from_request(request),
                action,
                form.instance,
                subject=form.instance,
                role=assignment.role,
                team=assignment.team,
            )

    def get_actions(self, request):
        """Plus the modules' actions on accounts (hook `user_admin_actions()`, e.g. the
        case module's link to set up the authenticator)."""
        actions = super().get_actions(request)
        for config in modules_with("user_admin_actions"):
            for action in config.user_admin_actions():
                actions[action.__name__] = (
                    action,
                    action.__name__,
                    getattr(action, "short_description", action.__name__),
                )
        return actions

    def user_change_password(self, request, id, form_url=""):
        """Only those who may take over the account set its password; for case workers that
        is the installation admin or her team lead, and it is recorded."""
        subject = self.get_object(request, unquote(id))
        if not may_change_password_of(request.user, subject):
            raise PermissionDenied
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302 and is_case_worker(subject):
                in_team = subject.role_assignments.filter(team__isnull=False).first()
                audit(
                    Actor.from_request(request),
                    AuditEntry.Action.PASSWORD_SET,
                    subject,
                    subject=subject,
                    team=in_team.team if in_team else None,
                )
        return response

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
