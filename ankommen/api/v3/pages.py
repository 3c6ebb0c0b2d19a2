"""The v3 pages: the published portal pages whose ancestors are all published, in tree
order. A page appears in a language when it has a translation in it (list items carry the
translation's id, `parent.id` and `?id=` the page's id, as in Integreat). The imprint
(`imprint/` and its older name `disclaimer/`) is the region's published legal page of the
kind `imprint` (the one at /<region>/<language>/impressum/), outside the page list."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.html import strip_tags

from ankommen.api.conf import public_url
from ankommen.api.v3.common import absolute_links, app_code, gmt, local
from ankommen.api.v3.offer_pages import offer_pages
from ankommen.core.models import Language, Region
from ankommen.core.routing import LANGUAGE_ALIASES
from ankommen.portal.icons import page_icon_path
from ankommen.portal.models import LEGAL_SLUGS, Page, PageKind, PageTranslation


@dataclass
class PageNode:
    page: Page
    text: PageTranslation | None  # in the asked-for language
    others: dict[str, int]  # language code → translation id
    depth: int = 0
    tail: str = ""  # the path below /<region>/<language>/: the slug, but for offer pages
    site_url: str = ""  # offer pages: their place on the site (the directory)

    def __post_init__(self) -> None:
        self.tail = self.tail or self.page.slug

    @property
    def last_segment(self) -> str:
        return self.tail.rsplit("/", 1)[-1]


class PageTree:
    """A region's public pages in one language, read in three queries."""

    def __init__(self, region: Region, language: Language) -> None:
        self.region = region
        self.language = language
        self.base = public_url()
        pages = {
            p.pk: p
            for p in Page.objects.published()
            .tree()
            .filter(region=region)
            .only("id", "parent_id", "slug", "position", "status", "region_id", "icon")
        }
        texts = {
            t.page_id: t
            for t in PageTranslation.objects.filter(page__in=pages.keys(), language=language).only(
                "id", "page_id", "title", "summary", "body", "updated_at"
            )
        }
        others: dict[int, dict[str, int]] = defaultdict(dict)
        for page_id, code, pk in (
            PageTranslation.objects.filter(page__in=pages.keys())
            .exclude(language=language)
            .filter(language__in=region.languages.all())
            .order_by("language__sort_order", "language__code")
            .values_list("page_id", "language__code", "pk")
        ):
            others[page_id][code] = pk
        children: dict[int | None, list[Page]] = defaultdict(list)
        for page in pages.values():
            children[page.parent_id].append(page)
        self.nodes: dict[int, PageNode] = {}
        self.order: list[PageNode] = []

        def walk(parent_id: int | None, depth: int) -> None:
            for page in sorted(children.get(parent_id, []), key=lambda p: (p.position, p.slug)):
                node = PageNode(page, texts.get(page.pk), others[page.pk], depth)
                self.nodes[page.pk] = node
                self.order.append(node)
                walk(page.pk, depth + 1)

        # Pages below an unpublished page are never reached: they are not public.
        walk(None, 0)
        # The directory's offers as a page subtree after the portal's pages (offer_pages.py).
        codes = [
            code
            for code in region.languages.order_by("sort_order", "code").values_list(
                "code", flat=True
            )
            if code != language.code
        ]
        for extra in offer_pages(region, language, self.base):
            node = PageNode(
                extra.page,
                extra.text,
                {code: extra.page.pk for code in codes},
                extra.depth,
                extra.tail,
                extra.url,
            )
            self.nodes[extra.page.pk] = node
            self.order.append(node)

    def path(self, code: str, slug: str) -> str:
        return f"/{self.region.slug}/{app_code(code)}/{slug}/"

    def item(self, node: PageNode) -> dict:
        text = node.text
        path = self.path(self.language.code, node.tail)
        parent = self.nodes.get(node.page.parent_id) if node.page.parent_id else None
        parent_path = self.path(self.language.code, parent.tail) if parent else None
        return {
            "id": text.pk,
            "url": node.site_url or self.base + path,
            "path": path,
            "title": text.title,
            "modified_gmt": gmt(text.updated_at),
            "last_updated": local(text.updated_at),
            "excerpt": text.summary or strip_tags(text.body).strip(),
            "content": absolute_links(text.body, self.base),
            "parent": {
                "id": parent.page.pk if parent else 0,
                "url": self.base + parent_path if parent else None,
                "path": parent_path,
            },
            "order": node.page.position,
            "available_languages": self.available_languages(node),
            "thumbnail": self.thumbnail(node.page),
            "organization": None,
            "hash": None,
            "embedded_offers": [],
            "slug_history": [node.page.slug],
        }

    def thumbnail(self, page: Page) -> str | None:
        """The tile icon of a top-level page (the Integreat apps show the top level as
        tiles), an absolute address; None below the top or without an icon."""
        if page.parent_id is not None or not page.icon:
            return None
        return self.base + page_icon_path(page.icon)

    def available_languages(self, node: PageNode) -> dict:
        return {
            app_code(code): {
                "id": pk,
                "url": self.base + self.path(code, node.tail),
                "path": self.path(code, node.tail),
            }
            for code, pk in node.others.items()
        }

    def readable(self, nodes) -> list[dict]:
        return [self.item(n) for n in nodes if n.text is not None]

    def all(self) -> list[dict]:
        return self.readable(self.order)

    def find(self, *, page_id: str | None = None, url: str | None = None) -> PageNode | None:
        if page_id is not None:
            node = self.nodes.get(int(page_id)) if page_id.isdigit() else None
        elif url is not None:
            slug = page_slug_in(url, self.region.slug, self.language.code)
            if slug is None:
                return None
            # Portal pages first: an offer page never hides one.
            node = next((n for n in self.order if n.last_segment == slug), None)
        else:
            return None
        return node if node is not None and node.text is not None else None

    def descendants(self, node: PageNode | None, depth: int) -> list[dict]:
        """`children/`: without a page, the top-level pages and `depth - 1` levels below
        them; with a page, the page itself and `depth` levels below it (as Integreat)."""
        if node is None:
            chosen = [n for n in self.order if n.depth < depth]
        else:
            start = self.order.index(node)
            chosen = [node]
            for other in self.order[start + 1 :]:
                if other.depth <= node.depth:
                    break
                if other.depth - node.depth <= depth:
                    chosen.append(other)
        return self.readable(chosen)

    def ancestors(self, node: PageNode) -> list[dict]:
        chain = []
        parent_id = node.page.parent_id
        while parent_id is not None and parent_id in self.nodes:
            chain.append(self.nodes[parent_id])
            parent_id = self.nodes[parent_id].page.parent_id
        return self.readable(reversed(chain))


def imprint(region: Region, language: Language) -> dict | None:
    """The region's imprint in the language, shaped as Integreat's `imprint/`; None when
    the region has not published one or it has no text in this language."""
    page = Page.objects.published().filter(region=region, kind=PageKind.IMPRINT).first()
    if page is None:
        return None
    rows = list(
        PageTranslation.objects.filter(page=page, language__in=region.languages.all())
        .select_related("language")
        .order_by("language__sort_order", "language__code")
    )
    text = next((row for row in rows if row.language_id == language.pk), None)
    if text is None:
        return None
    base = public_url()
    slug = LEGAL_SLUGS[PageKind.IMPRINT]

    def path(code: str) -> str:
        return f"/{region.slug}/{app_code(code)}/{slug}/"

    return {
        "id": text.pk,
        "url": base + path(language.code),
        "path": path(language.code),
        "title": text.title,
        "modified_gmt": gmt(text.updated_at),
        "last_updated": local(text.updated_at),
        "excerpt": text.summary or strip_tags(text.body).strip(),
        "content": text.body,
        "parent": None,
        "available_languages": {
            app_code(row.language.code): {
                "id": row.pk,
                "url": base + path(row.language.code),
                "path": path(row.language.code),
            }
            for row in rows
            if row.pk != text.pk
        },
        "thumbnail": None,
        "hash": None,
    }


def page_slug_in(url: str, region: str, language: str) -> str | None:
    """The page slug an app's `?url=` names (its last segment), or None if the address is
    not below /<region>/<language>/: all `find()` and the answer cache read of it."""
    slug = url.strip("/").split("/")[-1] if url.strip("/") else ""
    wanted = (url if url.startswith("/") else "/" + url).rstrip("/") + "/"
    stored = LANGUAGE_ALIASES.get(language, language)
    if not any(wanted.startswith(f"/{region}/{code}/") for code in {stored, app_code(stored)}):
        return None
    return slug
