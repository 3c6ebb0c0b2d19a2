"""The KI sets up consultations and surveys in the back office; comments are moderated on
the staff page (staff_views.py), answers are read on the results page, never here."""

from __future__ import annotations

from django.contrib import admin

from ankommen.core.admin_site import RegionSteeredAdmin, ScopedModelAdmin
from ankommen.core.permissions import scope_of
from ankommen.participation.models import Choice, Consultation, Question, Survey


@admin.register(Consultation)
class ConsultationAdmin(RegionSteeredAdmin):
    list_display = ["title", "opens_on", "closes_on", "is_published"]
    search_fields = ["title"]
    filter_horizontal = ["recommendations"]
    fields = [
        "region",
        "slug",
        "title",
        "titles",
        "introduction",
        "introductions",
        "draft",
        "drafts",
        "recommendations",
        "opens_on",
        "closes_on",
        "is_published",
    ]


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = ["number", "kind", "text", "texts", "required", "scale_max", "low_label", "high_label"]
    show_change_link = True


@admin.register(Survey)
class SurveyAdmin(RegionSteeredAdmin):
    list_display = ["title", "audience", "opens_at", "closes_at"]
    search_fields = ["title"]
    filter_horizontal = ["owners"]
    inlines = [QuestionInline]
    fields = [
        "region",
        "slug",
        "title",
        "titles",
        "introduction",
        "intros",
        "audience",
        "opens_at",
        "closes_at",
        "min_group_size",
        "subgroup_question",
        "owners",
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "subgroup_question" and field is not None:
            # Only a single-choice question of this very survey forms subgroups.
            match = getattr(request, "resolver_match", None)
            survey_id = match.kwargs.get("object_id") if match is not None else None
            field.queryset = field.queryset.filter(kind=Question.Kind.SINGLE, survey_id=survey_id)
        return field


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0
    fields = ["number", "text", "texts"]


@admin.register(Question)
class QuestionAdmin(ScopedModelAdmin):
    list_display = ["survey", "number", "text", "kind"]
    list_select_related = ["survey"]
    inlines = [ChoiceInline]
    fields = [
        "survey",
        "number",
        "kind",
        "text",
        "texts",
        "required",
        "scale_max",
        "low_label",
        "low_labels",
        "high_label",
        "high_labels",
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = scope_of(request.user)
        if scope.is_admin:
            return queryset
        return queryset.filter(survey__region__in=scope.coordinator_region_ids)
