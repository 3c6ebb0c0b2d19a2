"""Reading the published portal of one region in one language, in two queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from ankommen.core.models import Language, Region
from ankommen.portal.models import (
    SOURCE_LANGUAGE,
    Page,
    PageTranslation,
    TranslationState,
)


@dataclass
class Entry:
    page: Page
    text: PageTranslation | None  # in the chosen language
    german: PageTranslation | None
    children: list[Entry] = field(default_factory=list)

    @property
    def shown(self) -> PageTranslation | None:
        return self.text or self.german

    @property
    def title(self) -> str:
        return self.shown.title if self.shown else self.page.slug

    @property
    def is_fallback(self) -> bool:
        return self.text is None

    @property
    def state(self) -> str:
        if self.text is None:
            return TranslationState.MISSING
        return self.text.state(self.page)

    @property
    def needs_notice(self) -> bool:
        return self.state in (TranslationState.OUTDATED, TranslationState.MACHINE)


class Portal:
    def __init__(self, region: Region, language: Language) -> None:
        self.region = region
        self.language = language
        pages = list(
            Page.objects.published()
            .tree()
            .filter(region=region)
            .select_related("town")
            .order_by("position", "slug")
        )
        codes = {language.code, SOURCE_LANGUAGE}
        rows = PageTranslation.objects.filter(
            page__in=[p.pk for p in pages], language__code__in=codes
        ).select_related("language")
        texts: dict[tuple[int, str], PageTranslation] = {
            (row.page_id, row.language.code): row for row in rows
        }
        self.entries: dict[int, Entry] = {}
        for page in pages:
            self.entries[page.pk] = Entry(
                page=page,
                text=texts.get((page.pk, language.code)),
                german=texts.get((page.pk, SOURCE_LANGUAGE)),
            )
        self.roots: list[Entry] = []
        for entry in self.entries.values():
            parent = self.entries.get(entry.page.parent_id) if entry.page.parent_id else None
            if entry.page.parent_id and parent is None:
                continue  # below an unpublished page: not reachable publicly
            (parent.children if parent else self.roots).append(entry)
        self.by_slug = {e.page.slug: e for e in self.entries.values() if self._reachable(e)}

    def _reachable(self, entry: Entry) -> bool:
        node, steps = entry, 0
        while node.page.parent_id and steps < 10:
            node = self.entries.get(node.page.parent_id)
            if node is None:
                return False
            steps += 1
        return True

    def all(self) -> list[Entry]:
        """Depth first, in tree order."""
        found: list[Entry] = []

        def walk(entries):
            for entry in entries:
                found.append(entry)
                walk(entry.children)

        walk(self.roots)
        return found

    def breadcrumbs(self, entry: Entry) -> list[Entry]:
        chain = []
        node = self.entries.get(entry.page.parent_id) if entry.page.parent_id else None
        while node is not None and len(chain) < 10:
            chain.append(node)
            node = self.entries.get(node.page.parent_id) if node.page.parent_id else None
        return list(reversed(chain))

    def flyer_entries(self) -> list[Entry]:
        chosen = [e for e in self.all() if e.page.on_flyer]
        return chosen or self.roots[:8]


def legal_entry(region: Region, language: Language, kind: str) -> Entry | None:
    """The region's published legal page of this kind (imprint, privacy, accessibility) in
    the language, with the German text as its fallback; None when there is none."""
    page = Page.objects.published().filter(region=region, kind=kind).first()
    if page is None:
        return None
    rows = {
        row.language.code: row
        for row in PageTranslation.objects.filter(
            page=page, language__code__in={language.code, SOURCE_LANGUAGE}
        ).select_related("language")
    }
    entry = Entry(page=page, text=rows.get(language.code), german=rows.get(SOURCE_LANGUAGE))
    return entry if entry.shown is not None else None
