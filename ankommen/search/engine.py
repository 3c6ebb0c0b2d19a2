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

from django.urls import reverse
from django.utils import timezone

from ankommen.core.formats import format_datetime
from ankommen.core.models import Language, Region
from ankommen.core.translation import SOURCE_LANGUAGE, pick
from ankommen.directory.models import Event, Offer, OfferTranslation, Place, SearchConcept
from ankommen.directory.search import (
    ParsedQuery,
    corrected_query,
    meets,
    parse,
    rank_documents,
    search,
    search_documents,
    words,
)
from ankommen.portal.models import Page
from ankommen.search.corpus import (
    EVENT,
    GLOSSARY,
    KINDS,
    OFFER,
    PAGE,
    PLACE,
    VOLUNTEERING,
    Corpus,
    corpus_for,
    offers_in_memory,
)
from ankommen.volunteering.models import Opportunity

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
KIND_WEIGHT = {
    PAGE: 1.25,
    OFFER: 1.0,
    EVENT: 1.0,
    VOLUNTEERING: 1.0,
    PLACE: 0.5,
    GLOSSARY: 0.75,
}
# PostgreSQL's full-text rank orders offers with equal scores; it adds less than this, so
# it never lifts an offer over another kind that meets more (pages step by 1.25).
TIE_BREAK = 0.2


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
    """The region's and the shared search concepts, as of its content version."""
    return list(corpus_for(region).concepts)


def one_search(region: Region, language: Language, query: str, per_kind: int = PER_KIND) -> Results:
    query = " ".join(query.split())[:MAX_QUERY]
    corpus = corpus_for(region)
    concepts = list(corpus.concepts)
    parsed = parse(query, concepts) if query else None
    results = Results(query=query, parsed=parsed)
    if parsed is None or not parsed.terms:
        return results
    results.groups[OFFER] = _offers(region, language, query, concepts, parsed, per_kind, corpus)
    scored = _score_corpus(corpus, parsed, concepts)
    for kind, reader in (
        (PAGE, _pages),
        (EVENT, _events),
        (VOLUNTEERING, _opportunities),
        (PLACE, _places),
        (GLOSSARY, _glossary),
    ):
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


def _score(document, conditions) -> float:
    score = 0.0
    for alternatives, curated, factor in conditions:
        if meets(document.text, alternatives, curated):
            weight = 2 if curated else 1
            found = 2 * weight
            if meets(document.title, alternatives, curated):
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


def _offers(region, language, query, concepts, parsed, limit, corpus) -> list[Hit]:
    """The offers the directory's search ranks first; a title that meets a condition adds
    TITLE_BONUS, as for the other kinds (the database ranks by the whole document)."""
    if offers_in_memory():
        ranked = search_documents(corpus.offers, parsed, concepts, corpus.offer_vocabulary)
        scores = dict(ranked[: limit * 2])
        public = _public(Offer.objects.public(), scores)
        keys = {pk: key for pk, key, _document in corpus.offers if pk in public}
        texts = {pk: corpus.offer_texts[pk] for pk in keys}
    else:
        scores, keys, texts = _offers_from_database(
            region, language, query, concepts, parsed, limit
        )
    conditions = _conditions(parsed)
    hits = []
    url = _urls("directory:detail", region, language, "key")
    for pk, key in keys.items():
        titles = "".join(_folded(title) for title, _summary in texts[pk].values())
        for alternatives, curated, _factor in conditions:
            if meets(titles, alternatives, curated):
                scores[pk] += TITLE_BONUS
        found_text = pick(texts[pk], language.code)
        (title, summary), code = found_text if found_text else ((key, ""), SOURCE_LANGUAGE)
        hits.append(
            Hit(
                kind=OFFER,
                key=key,
                title=title,
                summary=summary,
                url=url(key),
                score=float(scores[pk]),
                language=code,
            )
        )
    return sorted(hits, key=lambda h: (-h.score, h.key))[:limit]


def _offers_from_database(region, language, query, concepts, parsed, limit):
    """Scores, keys and texts (by language) of the offers `directory.search` ranks first.

    The score is on the other kinds' scale, the conditions met (`rank_documents`, what
    SQLite's one search counts); the database's full-text rank only orders offers that
    meet the same conditions (a step below TIE_BREAK). Added to the score itself, it made
    every offer that repeats a word beat the overview page once offers were translated."""
    found, _parsed = search(
        Offer.objects.public().filter(region=region), query, concepts, language.code
    )
    if found.query.is_empty():  # queryset.none(): nothing matched, and no relevance
        return {}, {}, {}
    ranked = list(found.values_list("pk", "relevance")[: limit * 2])
    rows = list(
        Offer.objects.public()
        .filter(pk__in=[pk for pk, _relevance in ranked])
        .values_list("pk", "key", "search_document")
    )
    keys = {pk: key for pk, key, _document in rows}
    exact = dict(rank_documents(rows, parsed))
    scores = {
        # Found by the typo pass alone: no exact condition met, its trigram relevance.
        pk: (exact.get(pk) or relevance) + TIE_BREAK * (1 - position / len(ranked))
        for position, (pk, relevance) in enumerate(ranked)
        if pk in keys
    }
    # Plain values, not model instances: the hits need the key and each language's title
    # and summary, and building 20 offers with 11 translations each was most of the time.
    texts: dict[int, dict[str, tuple[str, str]]] = {pk: {} for pk in keys}
    for offer_id, code, title, summary in OfferTranslation.objects.filter(
        offer__in=keys
    ).values_list("offer_id", "language__code", "title", "summary"):
        texts[offer_id][code] = (title, summary)
    return scores, keys, texts


def _public(queryset, pks) -> set[int]:
    """Which of the hits the public rule still shows: the corpus follows the content
    version, and this one short query keeps a change that raised none (a bulk update)
    from showing what is no longer public."""
    return set(queryset.filter(pk__in=list(pks)).values_list("pk", flat=True))


def _pages(region, language, scores, corpus) -> list[Hit]:
    """The hit pages in the visitor's language, else in German (the corpus holds only pages
    reachable below published pages, as of the region's content version; published is
    asked again here)."""
    url = _urls("portal:page", region, language, "slug")
    hits = []
    public = _public(Page.objects.filter(status=Page.Status.PUBLISHED), scores)
    for pk, score in scores.items():
        if pk not in public:
            continue
        page = corpus.records[PAGE, pk]
        for code in (language.code, SOURCE_LANGUAGE):
            if code in page.texts:
                title, summary = page.texts[code]
                break
        else:
            continue
        hits.append(
            Hit(
                kind=PAGE,
                key=page.slug,
                title=title,
                summary=summary,
                url=url(page.slug),
                score=score,
                language=code,
            )
        )
    return sorted(hits, key=lambda h: (-h.score, h.key))


def _events(region, language, scores, corpus) -> list[Hit]:
    now = timezone.now()
    hits = []
    url = _urls("directory:event", region, language, "key")
    public = _public(Event.objects.public(), scores)
    for pk, score in scores.items():
        if pk not in public:
            continue
        event = corpus.records[EVENT, pk]
        title, code = event.translated("title", language.code)
        upcoming = event.occurrences(now, now + timezone.timedelta(days=365), limit=1)
        hits.append(
            Hit(
                kind=EVENT,
                key=event.key,
                title=title,
                summary=format_datetime(upcoming[0], language.code) if upcoming else "",
                url=url(event.key),
                score=score,
                language=code,
            )
        )
    return sorted(hits, key=lambda h: (-h.score, h.key))


def _opportunities(region, language, scores, corpus) -> list[Hit]:
    """Volunteer opportunities in the visitor's language, else in German."""
    hits = []
    url = _urls("volunteering_public:detail", region, language, "key")
    public = _public(Opportunity.objects.public(), scores)
    for pk, score in scores.items():
        if pk not in public:
            continue
        shown = corpus.records[VOLUNTEERING, pk]
        for code in (language.code, SOURCE_LANGUAGE):
            if code in shown.texts:
                title, summary = shown.texts[code]
                break
        else:
            continue
        hits.append(
            Hit(
                kind=VOLUNTEERING,
                key=shown.key,
                title=title,
                summary=summary,
                url=url(shown.key),
                score=score,
                language=code,
            )
        )
    return sorted(hits, key=lambda h: (-h.score, h.key))


def _places(region, language, scores, corpus) -> list[Hit]:
    hits = []
    public = _public(Place.objects.public(region), scores)
    for pk, score in scores.items():
        if pk not in public:
            continue
        place, offer_key = corpus.records[PLACE, pk]
        url = (
            _url("directory:detail", region, language, key=offer_key)
            if offer_key
            else _url("directory:index", region, language) + "?" + urlencode({"q": place.name})
        )
        hits.append(
            Hit(
                kind=PLACE,
                key=place.key,
                title=place.name,
                summary=place.address(),
                url=url,
                score=score,
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
    for pk, score in scores.items():
        entry = corpus.records[GLOSSARY, pk]
        found = pick(entry.explanation or {}, language.code) or pick(entry.explanation or {}, "en")
        explanation, code = found if found else ("", SOURCE_LANGUAGE)
        hits.append(
            Hit(
                kind=GLOSSARY,
                key=entry.term,
                title=entry.term,
                summary=explanation,
                url=glossary_url,
                score=score,
                language=code,
            )
        )
    return sorted(hits, key=lambda h: (-h.score, h.key))
