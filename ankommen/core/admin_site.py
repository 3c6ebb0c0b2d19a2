"""The staff back office: the Django admin, opened to every professional role and scoped
by the rules in `permissions.py` instead of Django's global model permissions."""

from __future__ import annotations

import copy
from functools import wraps

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog
from rules.contrib.admin import ObjectPermissionsModelAdmin

from ankommen.core.models import ConflictError, VersionedModel
from ankommen.core.modules import modules_with
from ankommen.core.permissions import scope_of
from ankommen.core.signin import SignInForm
from ankommen.core.tenancy import in_scope, tenants_of


class StaffLoginForm(SignInForm):
    """The admin's login form (kept for scripts; people sign in at the sign-in page, which
    the admin's login page sends them to): the shared throttle of `core.signin`, and only
    for staff, who are the users with a professional role, not those with Django's
    is_staff. A volunteer's correct password is refused here without counting as a
    failure."""

    error_messages = {
        **SignInForm.error_messages,
        "not_staff": _(
            "Your account has no access to the back office. Sign in at the sign-in page to "
            "reach your own pages."
        ),
    }

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        if not scope_of(user).has_staff_access:
            raise ValidationError(self.error_messages["not_staff"], code="not_staff")


class AnkommenAdminSite(admin.AdminSite):
    site_header = _("ankommen – administration")
    site_title = _("ankommen")
    index_title = _("Back office")
    login_form = StaffLoginForm

    def login(self, request, extra_context=None):
        """People sign in at the one sign-in page (LOGIN_URL); the admin's own form still
        answers a POST (scripts, old bookmarks' forms) with the same rules."""
        if request.method == "GET":
            return redirect_to_login(
                request.GET.get(REDIRECT_FIELD_NAME)
                or reverse("admin:index", current_app=self.name)
            )
        return super().login(request, extra_context)

    def i18n_javascript(self, request, extra_context=None):
        """The admin's JavaScript catalogue with ours on top: Django's German catalogue
        lacks the multi-select's newer strings ("Choose all %s"), core/locale adds them."""
        return JavaScriptCatalog.as_view(packages=["django.contrib.admin", "ankommen.core"])(
            request
        )

    def has_permission(self, request) -> bool:
        return request.user.is_active and scope_of(request.user).has_staff_access

    def admin_view(self, view, cacheable=False):
        """Every admin page (but logout) first asks the modules whether the signed-in user
        still owes a second factor (hook `admin_second_factor(request)`, see modules.py):
        case management requires one for everybody with a case role."""
        inner = super().admin_view(view, cacheable)
        if getattr(view, "__name__", "") == "logout":
            return inner

        @wraps(view)
        def gate(request, *args, **kwargs):
            if request.user.is_authenticated and self.has_permission(request):
                for config in modules_with("admin_second_factor"):
                    response = config.admin_second_factor(request)
                    if response is not None:
                        return response
            return inner(request, *args, **kwargs)

        return gate


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


class OneTenantForm(forms.ModelForm):
    """A record and everything it names belong to one region: the admin's forms refuse a
    related record of another region than the record's own (or of one another), and a
    record without a region — one for every region — from anyone but the installation
    admin. `tenancy_user` is set on the class the admin builds for a request."""

    tenancy_user = None

    def _post_clean(self):
        super()._post_clean()
        user = self.tenancy_user
        if user is None or scope_of(user).is_admin:
            return
        region_field = self.fields.get("region")
        if region_field is not None and self.cleaned_data.get("region", False) is None:
            self.add_error(
                "region",
                ValidationError(_("Choose the region this record belongs to."), code="no_region"),
            )
            return
        own = getattr(self.instance, "region_id", None)
        named: dict[str, set[int]] = {}
        for name in self.fields:
            value = self.cleaned_data.get(name)
            if isinstance(value, models.Model):
                named[name] = tenants_of(value)
            elif isinstance(value, models.QuerySet | list | tuple):
                named[name] = set().union(
                    *(tenants_of(v) for v in value if isinstance(v, models.Model))
                )
        if own is None:
            found = set().union(*named.values())
            if len(found) <= 1:
                return
            own = next(iter(tenants_of(self.instance) or found))
        for name, tenants in named.items():
            if tenants - {own} and name in self.fields and name not in self.errors:
                self.add_error(
                    name,
                    ValidationError(
                        _("Choose only records of the region this record belongs to."),
                        code="other_region",
                    ),
                )


def scoped_form_class(form_class, request, parent_link: str | None = None):
    """The admin's form class for this request: its choices limited to the user's scope
    (`tenancy.in_scope`) and the one-region rule added. Fields are copied, never changed
    in place: a form class's declared fields are shared by every request."""
    user = request.user
    scoped = type(
        form_class.__name__,
        (OneTenantForm, form_class) if not issubclass(form_class, OneTenantForm) else (form_class,),
        {"tenancy_user": user, "__module__": form_class.__module__},
    )
    if scope_of(user).is_admin:
        return scoped
    for name, field in list(scoped.base_fields.items()):
        if name == parent_link or not isinstance(field, forms.ModelChoiceField):
            continue
        replace_choices(scoped, name, in_scope(field.queryset, user))
    return scoped


def replace_choices(form_class, name: str, queryset) -> None:
    """Give the field `name` of `form_class` other choices, on a copy of the field (a form
    class's declared fields are shared by every request)."""
    limited = copy.deepcopy(form_class.base_fields[name])
    limited.queryset = queryset
    # The admin wraps the select in a widget of its own; the inner one renders the choices.
    inner = limited.widget
    while hasattr(inner, "widget"):
        inner = inner.widget
    inner.choices = limited.choices
    form_class.base_fields[name] = limited


def _limited(field, request):
    """A related field built by the admin, its choices limited to the user's scope (also
    for form classes an admin derives again from the scoped one)."""
    if isinstance(field, forms.ModelChoiceField):
        field.queryset = in_scope(field.queryset, request.user)
    return field


class ScopedModelAdmin(ObjectPermissionsModelAdmin):
    """Base for every admin of the platform.

    - lists show only what the user's scope may see (`Model.objects.visible_to(user)`);
    - records outside it answer 404, records inside it that she may not change answer 403
      on change (the object permissions from `permissions.py`);
    - versioned records are saved with optimistic locking;
    - every choice of a related record, in the form and in its inlines, lies in the
      user's scope (`tenancy.in_scope`), and a record names records of its own region only;
    - a record is saved only if the user may change it (add it) as saved: a change that
      would put it outside her scope is refused with 403 and nothing is written.
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
        return scoped_form_class(super().get_form(request, obj, change=change, **kwargs), request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return _limited(super().formfield_for_foreignkey(db_field, request, **kwargs), request)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return _limited(super().formfield_for_manytomany(db_field, request, **kwargs), request)

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            formset.form = scoped_form_class(formset.form, request, parent_link=formset.fk.name)
            yield formset, inline

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if issubclass(self.model, VersionedModel) and "expected_version" not in fields:
            fields.append("expected_version")
        return fields

    def get_list_filter(self, request):
        # A filter by a related record lists only the values of the records she sees:
        # Django's plain one lists every region's regions, organisations, indicators.
        scoped = []
        for entry in super().get_list_filter(request):
            if isinstance(entry, str):
                field = get_fields_from_path(self.model, entry)[-1]
                if field.is_relation:
                    entry = (entry, admin.RelatedOnlyFieldListFilter)
            scoped.append(entry)
        return scoped

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

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # Judged on the record as saved, relations and inlines included, inside the admin's
        # transaction: refusing here writes nothing.
        obj = form.instance
        opts = obj._meta
        action = "change" if change else "add"
        if not request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}", obj):
            raise PermissionDenied(_("You may not save this record there."))

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
