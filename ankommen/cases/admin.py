"""Only the vocabularies, consent text versions and the recipients of referrals are in the
admin. Case data is not registered here at all: it is reachable only through the case
pages, behind two-factor authentication, get_case_for_user() and the audit log."""

from django.contrib import admin

from ankommen.cases.models import ConsentText, LegalDomain, ReferralRecipient
from ankommen.core.actor import Actor
from ankommen.core.admin_site import RegionSteeredAdmin, ScopedModelAdmin
from ankommen.core.audit import audit
from ankommen.core.models import AuditEntry
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


@admin.register(ReferralRecipient)
class ReferralRecipientAdmin(ScopedModelAdmin):
    """The people an organisation names to receive its referrals: kept by its team leads
    (for the organisations they lead a team in) and the installation admin. Every naming
    and removal is written to the case audit log."""

    list_display = ["user", "organisation", "named_at"]
    list_filter = ["organisation"]
    fields = ["organisation", "user"]

    def _organisations(self, request):
        from ankommen.core.models import Organisation
        from ankommen.core.permissions import led_organisation_ids

        if scope_of(request.user).is_admin:
            return Organisation.objects.all()
        return Organisation.objects.filter(pk__in=led_organisation_ids(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        from ankommen.core.models import User

        organisations = self._organisations(request)
        if db_field.name == "organisation":
            kwargs["queryset"] = organisations
        elif db_field.name == "user":
            # Only people with a role in one of those organisations (the model checks the
            # one chosen).
            kwargs["queryset"] = User.objects.filter(
                role_assignments__organisation__in=organisations
            ).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        if obj.pk is None:
            obj.named_by_id = request.user.pk
        super().save_model(request, obj, form, change)
        audit(
            Actor.from_request(request),
            AuditEntry.Action.UPDATE if change else AuditEntry.Action.CREATE,
            obj,
            organisation=obj.organisation_id,
            recipient=obj.user_id,
        )

    def delete_model(self, request, obj) -> None:
        audit(
            Actor.from_request(request),
            AuditEntry.Action.DELETE,
            obj,
            organisation=obj.organisation_id,
            recipient=obj.user_id,
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            self.delete_model(request, obj)
