"""The KI keeps her region's scale-up levels and their checklists in the back office; all
other work of the module has its own staff pages (staff_views.py)."""

from __future__ import annotations

from django.contrib import admin

from ankommen.core.admin_site import ScopedModelAdmin
from ankommen.crisis.models import Level, Measure


class MeasureInline(admin.TabularInline):
    model = Measure
    extra = 1
    fields = ["position", "title", "owner", "area", "due_hours"]


@admin.register(Level)
class LevelAdmin(ScopedModelAdmin):
    list_display = ["name", "rank", "region"]
    list_filter = ["rank"]
    fields = ["region", "rank", "name", "description"]
    inlines = [MeasureInline]
