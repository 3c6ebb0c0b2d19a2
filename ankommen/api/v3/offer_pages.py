"""The directory's offers as pages for the Integreat apps: a top-level page "Offers"
(slug `angebote`, the directory's own address on the site) with one child page per kind of
offer that has public offers, each listing its offers with summary, provider, towns and a
link to the offer's page in the directory. Why pages and not `embedded_offers` or
`offers/`: see ankommen/api/README.md ("Offers in the Integreat app").

The pages exist only in the API: unsaved `Page`/`PageTranslation` objects with ids from
VIRTUAL_ID_BASE upwards, far above any real id, so that `?id=` finds them too."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _

from ankommen.api.v3.common import escape, text_in
from ankommen.core.models import Area, Language, Region
from ankommen.directory.models import Offer, OfferTranslation
from ankommen.portal.models import Page, PageTranslation

VIRTUAL_ID_BASE = 1_000_000_000
TOP_SLUG = "angebote"  # reserved for the directory: no portal page can have it
TOP_ICON = "building-community"
# After every real top-level page (their positions are small multiples of ten).
TOP_POSITION = 1_000_000


@dataclass
class OfferPage:
    page: Page
    text: PageTranslation
    depth: int
    tail: str  # the app's path below /<region>/<language>/
    url: str  # where it is on the site: the directory, filtered by kind


def kind_slug(kind: str) -> str:
    return kind.replace("_", "-")


def offer_pages(region: Region, language: Language, base: str) -> list[OfferPage]:
    """The "Offers" page and its kind pages in tree order; nothing without public offers."""
    code = language.code
    offers = list(
        Offer.objects.public()
        .filter(region=region)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("translations", queryset=OfferTranslation.objects.select_related("language")),
            Prefetch("areas", queryset=Area.objects.order_by("name")),
        )
        .order_by("key")
    )
    if not offers:
        return []
    by_kind: dict[str, list[tuple[Offer, OfferTranslation]]] = defaultdict(list)
    for offer in offers:
        text = text_in(list(offer.translations.all()), code)
        if text is not None:
            by_kind[offer.kind].append((offer, text))
    changed = max(offer.updated_at for offer in offers)
    directory = f"{base}/{region.slug}/{code}/{TOP_SLUG}/"
    with translation.override(language.html_lang):
        top_title = _("Offers")
        intro = _(
            "Counselling, courses, meeting places and more in the district, sorted by kind. "
            "Each offer links to its page in the directory."
        )
        kinds = [(kind, str(kind.label)) for kind in Offer.Kind if by_kind.get(kind)]
    top = Page(
        pk=VIRTUAL_ID_BASE,
        region=region,
        slug=TOP_SLUG,
        position=TOP_POSITION,
        status=Page.Status.PUBLISHED,
        icon=TOP_ICON,
    )
    items = "".join(
        f'<li><a href="{directory}?kind={kind}">{escape(label)}</a> ({len(by_kind[kind])})</li>'
        for kind, label in kinds
    )
    result = [
        OfferPage(
            top,
            PageTranslation(
                pk=VIRTUAL_ID_BASE,
                page=top,
                language=language,
                title=top_title,
                summary=intro,
                body=f"<p>{escape(intro)}</p><ul>{items}</ul>",
                updated_at=changed,
            ),
            0,
            TOP_SLUG,
            directory,
        )
    ]
    for number, (kind, label) in enumerate(kinds, start=1):
        page = Page(
            pk=VIRTUAL_ID_BASE + number,
            region=region,
            parent=top,
            slug=f"{TOP_SLUG}-{kind_slug(kind)}",
            position=number,
            status=Page.Status.PUBLISHED,
        )
        body = "".join(
            offer_html(offer, text, f"{directory}{offer.key}/") for offer, text in by_kind[kind]
        )
        result.append(
            OfferPage(
                page,
                PageTranslation(
                    pk=VIRTUAL_ID_BASE + number,
                    page=page,
                    language=language,
                    title=label,
                    summary="",
                    body=body,
                    updated_at=max(o.updated_at for o, _t in by_kind[kind]),
                ),
                1,
                f"{TOP_SLUG}/{kind_slug(kind)}",
                f"{directory}?kind={kind}",
            )
        )
    return result


def offer_html(offer: Offer, text: OfferTranslation, link: str) -> str:
    """One offer as a heading with its summary, provider and towns."""
    towns = ", ".join(area.name for area in offer.areas.all())
    provider = offer.organisation.name if offer.organisation else ""
    facts = " · ".join(escape(part) for part in (provider, towns) if part)
    return (
        f'<h3><a href="{link}">{escape(text.title)}</a></h3>'
        + (f"<p>{escape(text.summary)}</p>" if text.summary else "")
        + (f"<p>{facts}</p>" if facts else "")
    )
