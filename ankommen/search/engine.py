"""The one search: portal pages, offers, events, places and the glossary of a region for one
query, in the visitor's language with German as the fallback.

Every kind is matched by the same rules (`ankommen.directory.search`): the query is folded
(case, accents, Arabic and Cyrillic letter variants), curated concepts bridge languages
("curs germană", "دورة ألمانية" → the German words "deutsch", "sprachkurs" …), each word or
concept is one condition, and a record's score counts the conditions it meets (a concept
twice). A longer word that matches nothing is compared by trigrams with the words the
records use (typos: "deutchkurs"). Offers are searched in the database (PostgreSQL: pg_trgm
and full text; elsewhere the same conditions and the trigram vocabulary in Python); pages,
events, places and glossary entries, a few hundred a region, in Python from `corpus.py`.
Either way the database decides nothing the other would decide otherwise, so SQLite and
PostgreSQL give the same answers to within the full-text tie-breaks.

Only what the public may see: `Offer.objects.public()`, `Event.objects.public()`,
`Place.objects.public()`, published pages below published pages; every hit is read again
through those rules when it is shown.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from ankommen.core.models import Language, Region
from ankommen.core.translation import SOURCE_LANGUAGE, pick
from ankommen.directory.models import Event, Offer, OfferTranslation, Place, SearchConcept
from ankommen.directory.search import (
    SHORT,
    ParsedQuery,
    corrected_query,
    parse,
    search,
    words,
)
from ankommen.portal.models import GlossaryEntry, Page, PageTranslation
from ankommen.search.corpus import (
    EVENT,
    GLOSSARY,
    KINDS,
    OFFER,
    PAGE,
    PLACE,
    Corpus,
    corpus_for,
)

MAX_QUERY = 100
PER_KIND = 10
# A title that contains a condition's word counts this much more (pages and glossary terms
# are found by their titles: "Kita" is the page "Schule und Kita" before a page that names
# a Kita once).
TITLE_BONUS = 2
# What each kind's score is multiplied by: a page is the overview a newcomer needs first
# for a general word ("counselling", "Kita"), while names find offers anyway; a place is
# where something happens, rarely what is looked for; a glossary entry explains a word
# that an offer or page is about.
KIND_WEIGHT = {PAGE: 1.25, OFFER: 1.0, EVENT: 1.0, PLACE: 0.5, GLOSSARY: 0.75}


@dataclass
class Hit:
    kind: str
    key: str
    title: str
    summary: str
    url: str
    score: float
    # The language the title and summary are in (the visitor's, or a fallback: German).
    language: str


@dataclass
class Results:
    query: str
    parsed: ParsedQuery | None
    groups: dict[str, list[Hit]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(len(hits) for hits in self.groups.values())

    def ranked(self) -> list[Hit]:
        """Every hit, best first across the kinds (kinds in KINDS order at equal scores)."""
        order = {kind: i for i, kind in enumerate(KINDS)}
        hits = [hit for kind in KINDS for hit in self.groups.get(kind, [])]
        return sorted(hits, key=lambda h: (-h.score, order[h.kind]))

    def ordered_groups(self) -> list[tuple[str, list[Hit]]]:
        """The non-empty groups, the group of the best hit first."""
        found = [(kind, self.groups[kind]) for kind in KINDS if self.groups.get(kind)]
        return sorted(found, key=lambda pair: -pair[1][0].score)


def concepts_for(region: Region) -> list[SearchConcept]:
    return list(SearchConcept.objects.filter(Q(region=region) | Q(region__isnull=True)))


def one_search(region: Region, language: Language, query: str, per_kind: int = PER_KIND) -> Results:
    query = " ".join(query.split())[:MAX_QUERY]
    concepts = concepts_for(region)
    parsed = parse(query, concepts) if query else None
    results = Results(query=query, parsed=parsed)
    if parsed is None or not parsed.terms:
        return results
    results.groups[OFFER] = _offers(region, language, query, concepts, parsed, per_kind)
    scored = _score_corpus(corpus_for(region), parsed, concepts)
    corpus = corpus_for(region)
    for kind, reader in ((PAGE, _pages), (EVENT, _events), (PLACE, _places), (GLOSSARY, _glossary)):
        best = sorted(
            ((score, pk) for (k, pk), score in scored.items() if k == kind), key=lambda p: -p[0]
        )[: per_kind * 2]
        if best:
            results.groups[kind] = reader(region, language, {pk: s for s, pk in best}, corpus)[
                :per_kind
            ]
    return results


# --- Matching pages, events, places, glossary ----------------------------------------------


def _conditions(parsed: ParsedQuery) -> list[tuple[list[str], bool, float]]:
    """(alternative words, curated concept?, weight) for each term of the query."""
    return [(term.lstrip("~").split("|"), term.startswith("~"), 1.0) for term in parsed.terms]


def _meets(text: str, alternatives: list[str], curated: bool) -> bool:
    return any(
        (f" {word} " in text) if len(word) <= SHORT and not curated else (word in text)
        for word in alternatives
    )


def _score(document, conditions) -> float:
    score = 0.0
    for alternatives, curated, factor in conditions:
        if _meets(document.text, alternatives, curated):
            weight = 2 if curated else 1
            found = 2 * weight
            if _meets(document.title, alternatives, curated):
                found += TITLE_BONUS
            if curated and len(alternatives) > 1:
                found += sum(1 for word in alternatives if word in document.text)
            score += found * factor
    return score


def _score_corpus(corpus: Corpus, parsed: ParsedQuery, concepts) -> dict[tuple[str, int], float]:
    conditions = _conditions(parsed)
    scored = {(d.kind, d.pk): _score(d, conditions) for d in corpus.documents}
    if not any(scored.values()):
        corrected = corrected_query(parsed, corpus.vocabulary, concepts)
        if corrected is not None:
            # A word replaced by close words counts half, as pg_trgm's matches do in the
            # offers' search; a misspelt concept word counts as the concept.
            conditions = [
                (alternatives, curated, 1.0 if curated or term in parsed.terms else 0.5)
                for (alternatives, curated, _weight), term in zip(
                    _conditions(corrected), corrected.terms, strict=True
                )
            ]
            scored = {(d.kind, d.pk): _score(d, conditions) for d in corpus.documents}
    return {
        (kind, pk): score * KIND_WEIGHT[kind] for (kind, pk), score in scored.items() if score > 0
    }


# --- Reading the hits through the public rules ---------------------------------------------


def _url(name: str, region: Region, language: Language, **kwargs) -> str:
    return reverse(name, kwargs={"region": region.slug, "language": language.code, **kwargs})


_PLACEHOLDER = "one-search-key"


def _urls(name: str, region: Region, language: Language, argument: str):
    """key → the URL of `name` for that key, with one reverse() for all of them."""
    pattern = _url(name, region, language, **{argument: _PLACEHOLDER})
    return lambda key: pattern.replace(_PLACEHOLDER, key)


@functools.lru_cache(maxsize=16384)
def _folded(text: str) -> str:
    return " " + " ".join(words(text)) + " "


def _offers(region, language, query, concepts, parsed, limit) -> list[Hit]:
    """The offers the directory's search ranks first; a title that meets a condition adds
    TITLE_BONUS, as for the other kinds (the database ranks by the whole document)."""
    found, _parsed = search(
        Offer.objects.public().filter(region=region), query, concepts, language.code
    )
    if found.query.is_empty():  # queryset.none(): nothing matched, and no relevance
        return []
    scores = dict(found.values_list("pk", "relevance")[: limit * 2])
    conditions = _conditions(parsed)
    offers = (
        Offer.objects.public()
        .filter(pk__in=scores)
        .prefetch_related(
            Prefetch("translations", queryset=OfferTranslation.objects.select_related("language"))
        )
    )
    hits = []
    url = _urls("directory:detail", region, language, "key")
    for offer in offers:
        titles = "".join(_folded(t.title) for t in offer.translations.all())
        for alternatives, curated, _factor in conditions:
            if _meets(titles, alternatives, curated):
                scores[offer.pk] += TITLE_BONUS
        text = offer.translation_in(language.code)
        hits.append(
            Hit(
                kind=OFFER,
                key=offer.key,
                title=text.title if text else offer.key,
                summary=text.summary if text else "",
                url=url(offer.key),
                score=float(scores[offer.pk]),
                language=text.language.code if text else SOURCE_LANGUAGE,
            )
        )
    return sorted(hits, key=lambda h: (-h.score, h.key))[:limit]


def _pages(region, language, scores, corpus) -> list[Hit]:
    """The hit pages in the visitor's language, else in German (the corpus holds only pages
    reachable below published pages; published is asked again here)."""
    rows = PageTranslation.objects.filter(
        page__in=scores,
        page__region=region,
        page__status=Page.Status.PUBLISHED,
        language__code__in={language.code, SOURCE_LANGUAGE},
    ).select_related("page", "language")
    shown: dict[int, PageTranslation] = {}
    for row in rows:
        if row.page_id not in shown or row.language.code == language.code:
            shown[row.page_id] = row
    url = _urls("portal:page", region, language, "slug")
    hits = [
        Hit(
            kind=PAGE,
            key=row.page.slug,
            title=row.title,
            summary=row.summary,
            url=url(row.page.slug),
            score=scores[pk],
            language=row.language.code,
        )
        for pk, row in shown.items()
    ]
    return sorted(hits, key=lambda h: (-h.score, h.key))


def _events(region, language, scores, _corpus) -> list[Hit]:
    now = timezone.now()
    hits = []
    for event in Event.objects.public().filter(region=region, pk__in=scores):
        title, code = event.translated("title", language.code)
        upcoming = event.occurrences(now, now + timezone.timedelta(days=365), limit=1)
        hits.append(
            Hit(
                kind=EVENT,
                key=event.key,
                title=title,
                summary=timezone.localtime(upcoming[0]).strftime("%d.%m.%Y %H:%M")
                if upcoming
                else "",
                url=_url("directory:events", region, language),
                score=scores[event.pk],
                language=code,
            )
        )
    return sorted(hits, key=lambda h: (-h.score, h.key))


def _places(region, language, scores, _corpus) -> list[Hit]:
    hits = []
    rows = (
        Place.objects.public()
        .filter(region=region, pk__in=scores)
        .prefetch_related(Prefetch("offers", queryset=Offer.objects.public().order_by("key")))
    )
    for place in rows:
        offers = [o for o in place.offers.all() if o.region_id == region.pk]
        url = (
            _url("directory:detail", region, language, key=offers[0].key)
            if offers
            else _url("directory:index", region, language) + "?" + urlencode({"q": place.name})
        )
        hits.append(
            Hit(
                kind=PLACE,
                key=place.key,
                title=place.name,
                summary=place.address(),
                url=url,
                score=scores[place.pk],
                language=SOURCE_LANGUAGE,
            )
        )
    return sorted(hits, key=lambda h: (-h.score, h.key))


def _glossary(region, language, scores, corpus) -> list[Hit]:
    hits = []
    # The glossary is shown on the portal page "glossar" where the region has one.
    glossary_url = (
        _url("portal:page", region, language, slug="glossar")
        if corpus.glossary_page
        else _url("portal:index", region, language)
    )
    for entry in GlossaryEntry.objects.filter(region=region, pk__in=scores):
        found = pick(entry.explanation or {}, language.code) or pick(entry.explanation or {}, "en")
        explanation, code = found if found else ("", SOURCE_LANGUAGE)
        hits.append(
            Hit(
                kind=GLOSSARY,
                key=entry.term,
                title=entry.term,
                summary=explanation,
                url=glossary_url,
                score=scores[entry.pk],
                language=code,
            )
        )
    return sorted(hits, key=lambda h: (-h.score, h.key))
