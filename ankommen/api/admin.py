from django.contrib import admin

from ankommen.api.models import ApiClient, Feedback


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    """Partner keys are an installation matter: only superusers see this (Django's default
    permissions, which no role grants)."""

    list_display = ["name", "key_prefix", "requests_per_minute", "is_active", "created_at"]
    readonly_fields = ["key_prefix", "created_at"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "region", "language", "kind", "reference", "rating"]
    list_filter = ["kind", "region"]
    readonly_fields = [f.name for f in Feedback._meta.fields]
