"""Back office for the directory: offers with their texts, places with hours, events with
registrations, and the search concepts the KI curates."""

from __future__ import annotations

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ankommen.core.admin_site import RegionSteeredAdmin, ScopedModelAdmin
from ankommen.core.permissions import scope_of
from ankommen.directory.models import (
    STALE_AFTER_DAYS,
    Event,
    OfferTranslation,
    OpeningException,
    OpeningHours,
    Place,
    Registration,
    SearchConcept,
    ZeroResultQuery,
)
from ankommen.directory.models import Offer as OfferModel


class RegionScopedAdmin(ScopedModelAdmin):
    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if hasattr(queryset, "visible_to"):
            return queryset
        scope = scope_of(request.user)
        if scope.is_admin:
            return queryset
        return queryset.filter(region__in=scope.staff_region_ids)


class TranslationInline(admin.StackedInline):
    model = OfferTranslation
    extra = 1


class StaleFilter(admin.SimpleListFilter):
    title = _("confirmation")
    parameter_name = "stale"

    def lookups(self, request, model_admin):
        return [("yes", _("not confirmed for 9 months"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            limit = timezone.localdate() - timezone.timedelta(days=STALE_AFTER_DAYS)
            return queryset.filter(last_confirmed__lt=limit)
        return queryset


@admin.register(OfferModel)
class OfferAdmin(ScopedModelAdmin):
    list_display = ["key", "kind", "organisation", "maintainer", "last_confirmed", "is_published"]
    list_filter = [StaleFilter, "kind", "is_published", "region"]
    search_fields = ["key", "translations__title"]
    filter_horizontal = [
        "fields_of_action",
        "target_groups",
        "audiences",
        "areas",
        "languages",
        "places",
    ]
    inlines = [TranslationInline]
    actions = ["confirm_today"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "maintainer")

    @admin.action(description=_("Confirm the selected offers as up to date today"))
    def confirm_today(self, request, queryset):
        editable = queryset & OfferModel.objects.editable_by(request.user)
        count = editable.update(last_confirmed=timezone.localdate(), reminder_sent=None)
        self.message_user(request, _("%(count)d offers confirmed.") % {"count": count})


class HoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 1


class ExceptionInline(admin.TabularInline):
    model = OpeningException
    extra = 0


@admin.register(Place)
class PlaceAdmin(RegionScopedAdmin):
    list_display = ["name", "city", "area", "is_demo"]
    search_fields = ["name", "city", "street"]
    inlines = [HoursInline, ExceptionInline]


@admin.register(Event)
class EventAdmin(RegionScopedAdmin):
    list_display = ["title", "starts", "rrule", "capacity", "area"]
    search_fields = ["title"]


@admin.register(Registration)
class RegistrationAdmin(ScopedModelAdmin):
    list_display = ["event", "occurrence", "name", "created_at"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = scope_of(request.user)
        if scope.is_admin:
            return queryset
        return queryset.filter(event__region__in=scope.coordinator_region_ids) | queryset.filter(
            event__organisation__in=scope.editor_organisation_ids
        )


@admin.register(SearchConcept)
class SearchConceptAdmin(RegionSteeredAdmin):
    list_display = ["name", "expands_to", "region"]
    search_fields = ["name", "terms", "expands_to"]


@admin.register(ZeroResultQuery)
class ZeroResultQueryAdmin(SearchConceptAdmin):
    list_display = ["query", "language", "count", "last_seen"]
    search_fields = ["query"]
