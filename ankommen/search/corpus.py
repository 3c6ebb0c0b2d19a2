"""What the one search reads besides the offers: a region's published portal pages, public
events and places, and its glossary, as folded documents (every language in one), kept in
this process per region and content version.

These are tens to a few hundred records a region, so they are matched in Python — the same
code on PostgreSQL and SQLite. The offers, thousands a region, are searched in the database
by `ankommen.directory.search`.
"""

from __future__ import annotations

import html
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from ankommen.core.content_version import region_version
from ankommen.core.models import Region
from ankommen.core.richtext import plain_text
from ankommen.directory.models import Event, Offer, OfferTranslation, Place, SearchConcept
from ankommen.directory.search import Vocabulary, words
from ankommen.portal.models import GlossaryEntry, Page, PageTranslation
from ankommen.volunteering.models import Opportunity

PAGE, OFFER, EVENT, PLACE, GLOSSARY = "page", "offer", "event", "place", "glossary"
VOLUNTEERING = "volunteering"
KINDS = (PAGE, OFFER, EVENT, VOLUNTEERING, PLACE, GLOSSARY)

_TAG = re.compile(r"<[^>]+>")
CACHED_REGIONS = 256


@dataclass(frozen=True)
class Document:
    kind: str
    pk: int
    # " word word … " (folded, every language): what the conditions match, like an offer's
    # search_document; `title` the same for the titles alone (a title hit counts more).
    text: str
    title: str


@dataclass(frozen=True)
class PageTexts:
    slug: str
    # (title, summary) by language code
    texts: dict[str, tuple[str, str]]


@dataclass(frozen=True)
class OpportunityTexts:
    key: str
    # (title, summary) by language code
    texts: dict[str, tuple[str, str]]


@dataclass(frozen=True)
class Corpus:
    documents: tuple[Document, ...]
    vocabulary: Vocabulary
    # The glossary is shown on the portal page "glossar" where the region publishes one.
    glossary_page: bool = False
    # The search concepts of the region and the shared ones (directory app: a change to
    # any of them raises every region's content version).
    concepts: tuple[SearchConcept, ...] = ()
    # Without PostgreSQL only (see `offers_in_memory`): the public offers as (pk, key,
    # search_document), their words, and each one's (title, summary) by language code.
    offers: tuple[tuple[int, str, str], ...] = ()
    offer_vocabulary: Vocabulary | None = None
    offer_texts: dict[int, dict[str, tuple[str, str]]] = field(default_factory=dict)
    # What a hit shows, by (kind, pk): a page's PageTexts, an Event, a (Place, key of its
    # first offer) pair, a GlossaryEntry — read with the documents, so that showing the
    # hits asks the database nothing.
    records: dict[tuple[str, int], object] = field(default_factory=dict)


def _document(kind: str, pk: int, titles: list[str], texts: list[str]) -> Document:
    title = " ".join(dict.fromkeys(w for t in titles for w in words(t)))
    body = " ".join(dict.fromkeys(w for t in titles + texts for w in words(t)))
    return Document(kind=kind, pk=pk, text=f" {body} ", title=f" {title} ")


def _plain(text: str) -> str:
    return html.unescape(_TAG.sub(" ", text or ""))


GLOSSARY_PAGE = "glossar"


def _pages(region: Region, records: dict) -> list[Document]:
    published = list(
        Page.objects.tree().published().filter(region=region).values("pk", "parent_id")
    )
    ids = {row["pk"] for row in published}
    parents = {row["pk"]: row["parent_id"] for row in published}
    # A page below an unpublished page is not reachable publicly (portal.content.Portal).
    reachable = set()
    for pk in ids:
        node, steps = pk, 0
        while parents.get(node) and steps < 10:
            node, steps = parents[node], steps + 1
            if node not in ids:
                break
        else:
            reachable.add(pk)
    titles: dict[int, list[str]] = {}
    texts: dict[int, list[str]] = {}
    for row in PageTranslation.objects.filter(page__in=reachable).values(
        "page_id", "page__slug", "language__code", "title", "summary", "body"
    ):
        titles.setdefault(row["page_id"], []).append(row["title"])
        texts.setdefault(row["page_id"], []).extend([row["summary"], _plain(row["body"])])
        shown = records.setdefault((PAGE, row["page_id"]), PageTexts(row["page__slug"], {}))
        shown.texts[row["language__code"]] = (row["title"], row["summary"])
    return [_document(PAGE, pk, titles.get(pk, []), texts.get(pk, [])) for pk in reachable]


def _events(region: Region, records: dict) -> list[Document]:
    rows = (
        Event.objects.public()
        .filter(region=region)
        .select_related("place", "area", "organisation", "offer")
    )
    found = []
    for event in rows:
        titles = [event.title, *(event.titles or {}).values()]
        texts = [
            *map(plain_text, [event.description, *(event.descriptions or {}).values()]),
            event.area.name,
        ]
        if event.place is not None:
            texts += [event.place.name, event.place.city]
        texts += [event.organisation.name, event.organisation.short_name]
        found.append(_document(EVENT, event.pk, titles, texts))
        records[EVENT, event.pk] = event
    return found


def _places(region: Region, records: dict) -> list[Document]:
    rows = Place.objects.public(region).select_related("area")
    # The first public offer (by key) at each place: where a hit on the place leads.
    first_offer: dict[int, str] = {}
    for place_id, key in (
        Offer.objects.public()
        .filter(region=region, places__isnull=False)
        .order_by("key")
        .values_list("places", "key")
    ):
        first_offer.setdefault(place_id, key)
    found = []
    for p in rows:
        found.append(
            _document(PLACE, p.pk, [p.name], [p.street, p.city, p.area.name, p.accessibility])
        )
        records[PLACE, p.pk] = (p, first_offer.get(p.pk))
    return found


def _glossary(region: Region, records: dict) -> list[Document]:
    found = []
    for entry in GlossaryEntry.objects.filter(region=region).for_newcomers():
        found.append(
            _document(
                GLOSSARY,
                entry.pk,
                [entry.term, *(entry.expansion or {}).values()],
                list((entry.explanation or {}).values()),
            )
        )
        records[GLOSSARY, entry.pk] = entry
    return found


def _opportunities(region: Region, records: dict) -> list[Document]:
    """The published volunteer opportunities (ankommen/volunteering), every language."""
    rows = (
        Opportunity.objects.public()
        .filter(region=region)
        .select_related("organisation", "town")
        .prefetch_related("translations__language")
    )
    found = []
    for opportunity in rows:
        shown = OpportunityTexts(opportunity.key, {})
        titles: list[str] = []
        texts = [opportunity.organisation.name, opportunity.organisation.short_name]
        if opportunity.town is not None:
            texts.append(opportunity.town.name)
        for translation in opportunity.translations.all():
            titles.append(translation.title)
            texts += [translation.summary, translation.description]
            shown.texts[translation.language.code] = (translation.title, translation.summary)
        found.append(_document(VOLUNTEERING, opportunity.pk, titles, texts))
        records[VOLUNTEERING, opportunity.pk] = shown
    return found


def offers_in_memory() -> bool:
    """Whether the one search ranks the offers in Python from the corpus: on databases
    without pg_trgm and full text (SQLite), where a region's offers are few and the same
    conditions in SQL cost mostly their compilation. PostgreSQL ranks them itself, with
    full text, over thousands of offers per region that no process should hold."""
    return connection.vendor != "postgresql"


def _offers(region: Region):
    rows = tuple(
        Offer.objects.public()
        .filter(region=region)
        .order_by("pk")
        .values_list("pk", "key", "search_document")
    )
    texts: dict[int, dict[str, tuple[str, str]]] = {pk: {} for pk, _key, _document in rows}
    for offer_id, code, title, summary in OfferTranslation.objects.filter(
        offer__in=texts
    ).values_list("offer_id", "language__code", "title", "summary"):
        texts[offer_id][code] = (title, summary)
    return rows, Vocabulary(document for _pk, _key, document in rows), texts


def build(region: Region) -> Corpus:
    records: dict[tuple[str, int], object] = {}
    pages = _pages(region, records)
    documents = (
        pages
        + _events(region, records)
        + _opportunities(region, records)
        + _places(region, records)
        + _glossary(region, records)
    )
    glossary_page = Page.objects.filter(pk__in=[d.pk for d in pages], slug=GLOSSARY_PAGE).exists()
    offers = {}
    if offers_in_memory():
        rows, vocabulary, texts = _offers(region)
        offers = {"offers": rows, "offer_vocabulary": vocabulary, "offer_texts": texts}
    return Corpus(
        documents=tuple(documents),
        vocabulary=Vocabulary(d.text for d in documents),
        glossary_page=glossary_page,
        concepts=tuple(SearchConcept.objects.filter(Q(region=region) | Q(region__isnull=True))),
        records=records,
        **offers,
    )


_cache: OrderedDict[tuple[int, int, object], Corpus] = OrderedDict()
_lock = threading.Lock()


def corpus_for(region: Region) -> Corpus:
    """The region's corpus as of its content version (raised by every public change) and
    today's date (an offer's end date hides its events from the next day on)."""
    key = (region.pk, region_version(region.pk), timezone.localdate())
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    built = build(region)
    with _lock:
        _cache[key] = built
        for old in [k for k in _cache if k[0] == region.pk and k != key]:
            del _cache[old]
        while len(_cache) > CACHED_REGIONS:
            _cache.popitem(last=False)
    return built
