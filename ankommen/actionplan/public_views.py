"""The public, read-only action plan at /<region>/<language>/aktionsplan/: the fields of
action with their progress, and per field the challenges in priority order with their
recommendations, sub-steps and traffic lights. Internal notes never appear here."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from ankommen.actionplan.forms import PlanFilterForm
from ankommen.actionplan.models import Light, Recommendation, SubStep, mean
from ankommen.core.models import FieldOfAction, Language, Region
from ankommen.core.routing import region_view


def _public_recommendations(region: Region):
    return (
        Recommendation.objects.public()
        .filter(region=region)
        .select_related("field", "challenge", "lead_organisation")
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=SubStep.objects.select_related("responsible_organisation").order_by(
                    "number"
                ),
            ),
            "target_groups",
            "areas",
            "links",
        )
    )


def _field_progress(recommendations) -> object:
    units: dict[int, list] = {}
    for recommendation in recommendations:
        units.setdefault(recommendation.challenge_id or -recommendation.pk, []).append(
            recommendation.progress
        )
    return mean([m for m in (mean(values) for values in units.values()) if m is not None])


@require_safe
@region_view(interface_language_content=True)
def index(request: HttpRequest, region: Region, language: Language) -> HttpResponse:
    recommendations = list(_public_recommendations(region))
    today = timezone.localdate()
    rows = []
    for fieldofaction in FieldOfAction.objects.filter(region=region).order_by("sort_order"):
        own = [r for r in recommendations if r.field_id == fieldofaction.pk]
        lights: dict[str, int] = {}
        for recommendation in own:
            light = recommendation.light(today)
            lights[light] = lights.get(light, 0) + 1
        rows.append(
            {
                "field": fieldofaction,
                "progress": _field_progress(own),
                "count": len(own),
                "challenge_count": fieldofaction.challenges.count(),
                "lights": [(Light(key), lights[key]) for key in Light.values if key in lights],
            }
        )
    return render(
        request,
        "actionplan/public/index.html",
        {"region": region, "language": language, "rows": rows},
    )


@require_safe
@region_view(interface_language_content=True)
def field_page(
    request: HttpRequest, region: Region, language: Language, field: str
) -> HttpResponse:
    fieldofaction = get_object_or_404(FieldOfAction, region=region, slug=field)
    filters = PlanFilterForm(request.GET or None, region=region)
    recommendations = list(
        filters.apply(_public_recommendations(region).filter(field=fieldofaction))
    )
    challenges = [
        (challenge, [r for r in recommendations if r.challenge_id == challenge.pk])
        for challenge in fieldofaction.challenges.order_by("rank")
    ]
    return render(
        request,
        "actionplan/public/field.html",
        {
            "region": region,
            "language": language,
            "field": fieldofaction,
            "challenges": challenges,
            "measures": [r for r in recommendations if r.challenge_id is None],
            "filters": filters,
            "progress": _field_progress(recommendations),
        },
    )
