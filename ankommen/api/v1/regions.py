"""/api/v1/: regions, their areas and the content languages."""

from __future__ import annotations

from django.db.models import QuerySet
from ninja import Query, Router

from ankommen.api.v1 import schemas as s
from ankommen.api.v1.lookups import answers, as_float, find_region, paginate
from ankommen.core.models import Language, Region

router = Router()


def _language_out(language: Language) -> dict:
    return {
        "code": language.code,
        "native_name": language.native_name,
        "name_de": language.name_de,
        "name_en": language.name_en,
        "direction": language.direction,
        "variant_of": language.variant_of.code if language.variant_of_id else None,
    }


def _region_out(region: Region) -> dict:
    return {
        "slug": region.slug,
        "name": region.name,
        "official_key": region.official_key,
        "default_language": region.default_language.code,
        "languages": [language.code for language in region.languages.all()],
        "is_demo": region.is_demo,
    }


def _regions() -> QuerySet:
    return (
        Region.objects.select_related("default_language")
        .prefetch_related("languages")
        .order_by("slug")
    )


@router.get("regions/", response=answers(s.RegionPage), tags=["regions"], summary="Regions")
def regions(request, params: Query[s.PageParams]):
    return paginate(request, _regions(), params, _region_out)


@router.get("regions/{region}/", response=answers(s.RegionOut), tags=["regions"], summary="Region")
def region_detail(request, region: str):
    return _region_out(_regions().filter(pk=find_region(region).pk).get())


@router.get(
    "regions/{region}/areas/",
    response=answers(s.AreaPage),
    tags=["regions"],
    summary="Areas of a region (district, towns, quarters)",
)
def areas(request, region: str, params: Query[s.PageParams]):
    rows = find_region(region).areas.order_by("pk")
    return paginate(
        request,
        rows,
        params,
        lambda a: {
            "id": a.pk,
            "name": a.name,
            "kind": a.kind,
            "official_key": a.official_key,
            "parent": a.parent_id,
            "latitude": as_float(a.latitude),
            "longitude": as_float(a.longitude),
        },
    )


@router.get("languages/", response=answers(s.LanguagePage), tags=["languages"], summary="Languages")
def languages(request, params: Query[s.PageParams]):
    rows = Language.objects.select_related("variant_of").order_by("sort_order", "code")
    return paginate(request, rows, params, _language_out)


@router.get(
    "regions/{region}/languages/",
    response=answers(s.LanguagePage),
    tags=["languages"],
    summary="Content languages of a region",
)
def region_languages(request, region: str, params: Query[s.PageParams]):
    rows = find_region(region).languages.select_related("variant_of").order_by("sort_order", "code")
    return paginate(request, rows, params, _language_out)
