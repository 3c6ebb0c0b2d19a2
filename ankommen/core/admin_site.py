"""The staff back office: the Django admin, opened to every professional role and scoped
by the rules in `permissions.py` instead of Django's global model permissions."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdmin

from ankommen.core.models import ConflictError, VersionedModel
from ankommen.core.permissions import scope_of


class StaffLoginForm(AdminAuthenticationForm):
    """Staff are the users with a professional role, not those with Django's is_staff."""

    def confirm_login_allowed(self, user) -> None:
        AuthenticationForm.confirm_login_allowed(self, user)
        if not scope_of(user).has_staff_access:
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class AnkommenAdminSite(admin.AdminSite):
    site_header = _("ankommen – administration")
    site_title = _("ankommen")
    index_title = _("Back office")
    login_form = StaffLoginForm

    def has_permission(self, request) -> bool:
        return request.user.is_active and scope_of(request.user).has_staff_access


class VersionedModelForm(forms.ModelForm):
    """Carries the version the editor opened, and refuses to save over a newer one."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            expected = cleaned.get("expected_version")
            current = (
                type(self.instance)
                ._default_manager.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if expected is None or expected != current:
                raise ValidationError(
                    _(
                        "Someone else saved this record after you opened it. Reload the page "
                        "to see their changes, then make yours again."
                    ),
                    code="conflict",
                )
        return cleaned


class ScopedModelAdmin(ObjectPermissionsModelAdmin):
    """Base for every admin of the platform.

    - lists show only what the user's scope may see (`Model.objects.visible_to(user)`);
    - records outside it answer 404, records inside it that she may not change answer 403
      on change (the object permissions from `permissions.py`);
    - versioned records are saved with optimistic locking.
    """

    def has_module_permission(self, request) -> bool:
        return scope_of(request.user).has_staff_access

    def get_form(self, request, obj=None, change=False, **kwargs):
        if (
            issubclass(self.model, VersionedModel)
            and "form" not in kwargs
            and not issubclass(self.form, VersionedModelForm)
        ):
            kwargs["form"] = type(
                f"{self.model.__name__}VersionedForm", (VersionedModelForm, self.form), {}
            )
        # By keyword: Django's UserAdmin.get_form() takes no positional `change`.
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if issubclass(self.model, VersionedModel) and "expected_version" not in fields:
            fields.append("expected_version")
        return fields

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        visible_to = getattr(queryset, "visible_to", None)
        if visible_to is not None:
            return visible_to(request.user)
        return queryset

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            # Outside the user's scope, or no such record: the same answer for both.
            raise Http404(_("No such record, or it is not yours to see."))
        return obj

    def save_model(self, request, obj, form, change) -> None:
        if change and isinstance(obj, VersionedModel):
            obj.save_checked(expected_version=form.cleaned_data["expected_version"])
        else:
            super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ConflictError:
            # Lost the race between the form's check and the write: nothing was saved.
            messages.error(
                request,
                _(
                    "Someone else saved this record at the same moment. Nothing was saved; "
                    "please make your changes again."
                ),
            )
            return HttpResponseRedirect(request.path)


class RegionSteeredAdmin(ScopedModelAdmin):
    """For the records a region's KI coordinators keep for the whole region (its
    vocabularies, consent texts, search concepts): listed only for them."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = scope_of(request.user)
        if scope.is_admin:
            return queryset
        return queryset.filter(region__in=scope.coordinator_region_ids)
