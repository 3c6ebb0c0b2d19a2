"""/api/v1/: the monitoring's published indicators and their values."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from ninja import Query, Router

from ankommen.api.v1 import schemas as s
from ankommen.api.v1.lookups import (
    SLUG,
    answers,
    as_float,
    find_language,
    find_region,
    missing,
    paginate,
)
from ankommen.core.models import Area, Region
from ankommen.monitoring.models import Indicator
from ankommen.monitoring.series import district_of

router = Router()


def _indicator_out(indicator: Indicator, code: str) -> dict:
    return {
        "slug": indicator.slug,
        "name": indicator.label(code),
        "definition": indicator.definition_in(code),
        "kind": indicator.kind,
        "unit": indicator.unit,
        "decimals": indicator.decimals,
        "source": indicator.source,
        "table_code": indicator.table_code,
        "licence": indicator.licence,
        "cadence": indicator.cadence,
        "field_of_action": indicator.field_of_action.slug if indicator.field_of_action else None,
        "lowest_level": indicator.lowest_level,
        "is_demo": indicator.is_demo,
    }


def _indicator(region: Region, slug: str) -> Indicator:
    indicator = None
    if SLUG.match(slug):
        indicator = (
            Indicator.objects.published()
            .select_related("field_of_action", "numerator", "denominator")
            .filter(region=region, slug=slug)
            .first()
        )
    if indicator is None:
        raise missing(_("There is no published indicator “%(key)s”."), slug)
    return indicator


@router.get(
    "regions/{region}/{language}/indicators/",
    response=answers(s.IndicatorPage),
    tags=["monitoring"],
    summary="Published indicators of the monitoring",
)
def indicators(request, region: str, language: str, params: Query[s.PageParams]):
    found = find_region(region)
    code = find_language(found, language).code
    rows = (
        Indicator.objects.published()
        .filter(region=found)
        .select_related("field_of_action")
        .order_by("sort_order", "slug")
    )
    return paginate(request, rows, params, lambda i: _indicator_out(i, code))


@router.get(
    "regions/{region}/{language}/indicators/{slug}/",
    response=answers(s.IndicatorDetail),
    tags=["monitoring"],
    summary="One published indicator",
)
def indicator_detail(request, region: str, language: str, slug: str):
    found = find_region(region)
    code = find_language(found, language).code
    indicator = _indicator(found, slug)
    return {
        **_indicator_out(indicator, code),
        "notes": indicator.notes,
        "splits": indicator.splits(),
    }


class ValueFilters(s.PageParams):
    area: int | None = s.Field(
        None,
        ge=1,
        le=s.MAX_ID,
        description="Area id: one of the region's areas or a comparison area above it "
        "(OWL, NRW). Default: the region's district.",
    )
    split: str = s.Field(
        "",
        max_length=300,
        # No control characters: the database refuses NUL in a text value.
        pattern=r"^[^\x00-\x1f]*$",
        description="Dimension key, e.g. NAT:NATA; empty for the total.",
    )


@router.get(
    "regions/{region}/{language}/indicators/{slug}/values/",
    response=answers(s.ValuePage),
    tags=["monitoring"],
    summary="Values of an indicator for one area, by date",
    description="For a share, values published as such come first; the others are "
    "computed from the numerator and denominator series.",
)
def indicator_values(request, region: str, language: str, slug: str, filters: Query[ValueFilters]):
    found = find_region(region)
    find_language(found, language)
    indicator = _indicator(found, slug)
    district = district_of(found)
    if filters.area is None:
        area = district
    else:
        allowed = {a.pk for a in district.ancestors()} if district else set()
        area = (
            Area.objects.filter(pk=filters.area).filter(Q(region=found) | Q(pk__in=allowed)).first()
        )
        if area is None:
            raise missing(
                _("There is no area with the id %(key)s in this region or above it."),
                filters.area,
            )
    points = indicator.series([area], filters.split).get(area.pk, []) if area else []
    return paginate(
        request,
        points,
        filters,
        lambda p: {
            "area": area.pk,
            "date": p.date,
            "period_months": p.period_months,
            "value": as_float(p.value),
            "quality": p.quality,
            "stand": p.stand,
            "source": p.source,
            "is_demo": p.is_demo,
        },
    )
