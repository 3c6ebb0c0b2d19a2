"""/api/v1/: the published first-orientation pages of the portal, with their translations."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Query, Router

from ankommen.api.v1 import schemas as s
from ankommen.api.v1.lookups import answers, find_language, find_region, missing, paginate
from ankommen.portal.content import Portal
from ankommen.portal.models import SOURCE_LANGUAGE, PageTranslation

router = Router()


def _page_out(entry, states: dict[int, list[dict]], *, body: bool = False) -> dict:
    shown = entry.shown
    data = {
        "slug": entry.page.slug,
        "parent": entry.page.parent.slug if entry.page.parent_id else None,
        "position": entry.page.position,
        "town": entry.page.town_id,
        "language": shown.language.code if shown else SOURCE_LANGUAGE,
        "state": entry.state,
        "title": entry.title,
        "summary": shown.summary if shown else "",
        "source_version": entry.page.source_version,
        "translations": states.get(entry.page.pk, []),
    }
    if body:
        data["body"] = shown.body if shown else ""
    return data


def _translation_states(pages) -> dict[int, list[dict]]:
    """Every translation of the given pages with its state, in one query."""
    by_pk = {page.pk: page for page in pages}
    rows = (
        PageTranslation.objects.filter(page__in=list(by_pk))
        .select_related("language")
        .order_by("page", "language__sort_order", "language__code")
    )
    states: dict[int, list[dict]] = {}
    for row in rows:
        states.setdefault(row.page_id, []).append(
            {
                "language": row.language.code,
                "state": row.state(by_pk[row.page_id]),
                "source_version": row.source_version,
                "updated_at": row.updated_at,
            }
        )
    return states


def _portal(region: str, language: str) -> Portal:
    found = find_region(region)
    return Portal(found, find_language(found, language))


@router.get(
    "regions/{region}/{language}/pages/",
    response=answers(s.PagePage),
    tags=["pages"],
    summary="Published first-orientation pages, in tree order",
)
def pages(request, region: str, language: str, params: Query[s.PageParams]):
    portal = _portal(region, language)
    entries = portal.all()
    start = (params.page - 1) * params.page_size
    shown = entries[start : start + params.page_size]
    states = _translation_states([entry.page for entry in shown])
    for entry in shown:
        # The parent is in the portal already: no query per page.
        if entry.page.parent_id in portal.entries:
            entry.page.parent = portal.entries[entry.page.parent_id].page
    return paginate(request, entries, params, lambda entry: _page_out(entry, states))


@router.get(
    "regions/{region}/{language}/pages/{slug}/",
    response=answers(s.PageDetail),
    tags=["pages"],
    summary="One published page with its text",
)
def page_detail(request, region: str, language: str, slug: str):
    portal = _portal(region, language)
    entry = portal.by_slug.get(slug)
    if entry is None:
        raise missing(_("There is no published page “%(key)s”."), slug)
    if entry.page.parent_id in portal.entries:
        entry.page.parent = portal.entries[entry.page.parent_id].page
    return _page_out(entry, _translation_states([entry.page]), body=True)
