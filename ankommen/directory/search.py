"""Search across languages.

Each offer keeps a `search_document`: the folded words of all its translations (every
language it was entered in), its organisations, places and towns. A query is folded the same
way, then

1. curated concepts (`SearchConcept`) whose words occur in the query add the German words
   the offers use ("rental licence", "chirie", "оренда" → "miet"), and the words they
   matched are taken out of the query;
2. the remaining words are stemmed lightly (German/English/Romanian endings);
3. every word (or concept) becomes one condition; an offer's score counts the conditions
   it meets.

Conditions: a word of 4 characters or fewer must occur as a whole word ("DRK" finds DRK and
nothing that merely contains d-r-k); a longer word may occur inside a word (compounds:
"miet" in "mietführerschein"), and on PostgreSQL also as a close trigram match
(pg_trgm `word_similarity`, typos). Other databases (the SQLite demo) get the same typo
tolerance in Python: each longer word that matches nothing is replaced by the words of the
offers' documents whose trigrams it shares (`close_words`, the same measure as pg_trgm's
`word_similarity`), and the exact pass runs again with them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Greatest

from ankommen.core import richtext

SHORT = 4
# The full-text part against the word conditions (each worth 2, or 4 for a concept): the
# normalised ts_rank_cd (below 1) orders offers the conditions score alike, and finding every
# word of the query adds 1. Chosen on the relevance set (`ankommen score_search`): larger
# weights changed no rank there, and the all-words bonus lifted "Clearingstelle" to 1st.
FTS_WEIGHT = 1.0
FTS_ALL = 1.0

# ı: Turkish dotless i, which has no decomposition ("danışmanlık" typed as "danismanlik").
_UMLAUTS = str.maketrans({"ß": "ss", "ẞ": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ı": "i"})
_ARABIC = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ـ": None})
_CYRILLIC = str.maketrans({"ё": "е", "ї": "і", "й": "и"})
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

STOPWORDS = frozenset(
    [
        "der",
        "die",
        "das",
        "und",
        "oder",
        "fur",
        "mit",
        "fuer",
        "von",
        "im",
        "in",
        "am",
        "an",
        "zu",
        "zum",
        "zur",
        "ein",
        "eine",
        "einen",
        "auf",
        "bei",
        "the",
        "and",
        "or",
        "for",
        "with",
        "of",
        "in",
        "on",
        "at",
        "to",
        "a",
        "an",
        "si",
        "sau",
        "cu",
        "pentru",
        "de",
        "la",
        "in",
        "din",
        "un",
        "o",
        "и",
        "та",
        "або",
        "для",
        "з",
        "із",
        "в",
        "у",
        "на",
        "до",
        "ve",
        "veya",
        "icin",
        "ile",
        "bir",
        "و",
        "في",
        "من",
        "مع",
        "على",
        "إلى",
        "الى",
        "أو",
        "او",
        "لل",
    ]
)
_ENDINGS = ("ungen", "ung", "en", "er", "es", "e", "s", "ilor", "ul", "ele", "uri", "ii")


def fold(text: str) -> str:
    """Lowercase, ß → ss, umlauts and other accents dropped (Gütersloh = Guetersloh handled
    by also folding ue/oe/ae), Arabic letter variants and diacritics unified."""
    text = text.lower().translate(_UMLAUTS)
    text = text.translate(_ARABIC).translate(_CYRILLIC)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(
        c
        for c in decomposed
        if not unicodedata.combining(c) and not ("\u064b" <= c <= "\u065f" or c == "\u0670")
    )
    return unicodedata.normalize("NFC", stripped)


# Latin letters that look like Cyrillic ones, inside a word with Cyrillic letters: typed on
# a keyboard layout without the letter ("нiмецька" with a Latin i on a Russian layout).
_HAS_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LOOKALIKES = str.maketrans(
    {"a": "а", "c": "с", "e": "е", "i": "і", "o": "о", "p": "р", "x": "х", "y": "у"}
)


def _fold_word(word: str) -> str:
    word = fold(word)
    if _HAS_CYRILLIC.search(word):
        word = word.translate(_LOOKALIKES)
    # "Guetersloh" and "Gütersloh" are the same word: ue/oe/ae after a consonant → u/o/a.
    return re.sub(r"(?<=[^aeiou])(ae|oe|ue)", lambda m: m.group(1)[0], word)


def words(text: str) -> list[str]:
    return [_fold_word(w) for w in _WORD.findall(text or "")]


def document_for(offer) -> str:
    parts: list[str] = [offer.key.replace("-", " ")]
    for row in offer.translations.all():
        parts += [row.title, row.summary, richtext.plain_text(row.description)]
    for organisation in (offer.organisation, offer.maintainer):
        parts += [organisation.name, organisation.short_name]
    for place in offer.places.all():
        parts += [place.name, place.city, place.area.name]
    for area in offer.areas.all():
        parts.append(area.name)
    parts += [language.code for language in offer.languages.all()]
    return " " + " ".join(dict.fromkeys(w for p in parts for w in words(p))) + " "


def stem(word: str) -> str:
    if len(word) <= SHORT + 1:
        return word
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= SHORT:
            return word[: -len(ending)]
    return word


@dataclass
class ParsedQuery:
    text: str
    terms: list[str] = field(default_factory=list)
    concepts: list[str] = field(default_factory=list)
    # Each plain term's word as typed (folded, not stemmed): typos are compared on it.
    originals: dict[str, str] = field(default_factory=dict)


@functools.lru_cache(maxsize=1024)
def concept_phrases(terms: str) -> tuple[str, ...]:
    """A concept's terms folded, longest first (folding is the costly part of parsing)."""
    return tuple(
        sorted(
            (" ".join(words(line)) for line in terms.splitlines() if line.strip()),
            key=len,
            reverse=True,
        )
    )


def parse(query: str, concepts) -> ParsedQuery:
    """Split a query into search terms, replacing concept phrases by their words."""
    folded = " " + " ".join(words(query)) + " "
    parsed = ParsedQuery(text=query.strip())
    terms: list[str] = []
    for concept in concepts:
        for phrase in concept_phrases(concept.terms):
            if not phrase:
                continue
            hit = f" {phrase} " in folded or (
                len(phrase) > SHORT + 1 and any(w.startswith(phrase) for w in folded.split())
            )
            if hit:
                parsed.concepts.append(concept.name)
                terms.append("~" + "|".join(words(concept.expands_to)))
                folded = re.sub(rf"\S*{re.escape(phrase)}\S*", " ", folded)
                break
    for word in folded.split():
        if word in STOPWORDS or len(word) < 2:
            continue
        term = word if len(word) <= SHORT else stem(word)
        parsed.originals.setdefault(term, word)
        terms.append(term)
    parsed.terms = list(dict.fromkeys(t for t in terms if t))
    return parsed


# A word this close (trigram Jaccard similarity) to a one-word concept term is taken for it:
# "kindergarden" for "kindergarten", "deutschkurz" for "deutschkurs".
CONCEPT_SIMILARITY = 0.5


def _close_concept(word: str, concepts):
    """The concept with a one-word term closest to a misspelt word, or None."""
    grams = trigrams(word)
    best, best_score = None, CONCEPT_SIMILARITY
    for concept in concepts:
        for phrase in concept_phrases(concept.terms):
            if " " in phrase or len(phrase) <= SHORT + 1:
                continue
            other = trigrams(phrase)
            score = len(grams & other) / len(grams | other)
            if score >= best_score and score < 1:
                best, best_score = concept, score
    return best


def _condition(alternatives: list[str], curated: bool) -> Q:
    condition = Q()
    for word in alternatives:
        if len(word) <= SHORT and not curated:
            condition |= Q(search_document__contains=f" {word} ")
        else:
            condition |= Q(search_document__contains=word)
    return condition


def _uses_trigrams() -> bool:
    return connection.vendor == "postgresql"


def search(
    queryset: QuerySet, query: str, concepts, language: str = "de"
) -> tuple[QuerySet, ParsedQuery]:
    """Offers matching at least one term, annotated with `relevance`, best first.

    `language` is the language the query is typed in (the page's language): on PostgreSQL
    the query is parsed for full text with that language's text-search configuration.

    Exact (substring) matching first; only if it finds nothing, and on PostgreSQL, again
    with typo tolerance — trigram similarity is the expensive part, and a query that
    matches exactly needs none of it."""
    parsed = parse(query, concepts)
    if not parsed.terms:
        return queryset.none(), parsed
    full_text = _full_text(parsed, language) if _uses_trigrams() else None
    result = _ranked(queryset, parsed, trigram=False, full_text=full_text)
    if not result.exists():
        if _uses_trigrams():
            result = _ranked(_candidates(queryset), parsed, trigram=True, full_text=full_text)
        else:
            result = vocabulary_typo_pass(queryset, parsed, concepts)
    return result, parsed


def vocabulary_typo_pass(queryset: QuerySet, parsed: ParsedQuery, concepts) -> QuerySet:
    """The typo pass where pg_trgm is missing (SQLite): the misspelt words replaced by
    close words of the queryset's documents (or a concept), then the exact pass again."""
    corrected = corrected_query(parsed, vocabulary(queryset), concepts)
    if corrected is None:
        return queryset.none()
    return _ranked(queryset, corrected, trigram=False)


# --- Typo tolerance without pg_trgm ------------------------------------------------------

# pg_trgm's default pg_trgm.word_similarity_threshold.
WORD_SIMILARITY = 0.6


def trigrams(word: str) -> frozenset[str]:
    """pg_trgm's trigrams of one word: padded with two spaces before and one after."""
    padded = f"  {word} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


class Vocabulary:
    """The distinct words of some documents, indexed by trigram, for `close_words`."""

    def __init__(self, texts) -> None:
        self.words: dict[str, frozenset[str]] = {}
        self.by_trigram: dict[str, list[str]] = {}
        for text in texts:
            for word in (text or "").split():
                if len(word) > SHORT and word not in self.words:
                    grams = trigrams(word)
                    self.words[word] = grams
                    for gram in grams:
                        self.by_trigram.setdefault(gram, []).append(word)

    def close_words(self, word: str, limit: int = 5) -> list[str]:
        """The words whose trigrams cover at least WORD_SIMILARITY of the word's trigrams
        and, the other way round, half of theirs (so "kurs" does not find every compound
        that contains it), most similar first."""
        grams = trigrams(word)
        shared: dict[str, int] = {}
        for gram in grams:
            for other in self.by_trigram.get(gram, ()):
                shared[other] = shared.get(other, 0) + 1
        scored = []
        for other, count in shared.items():
            if count / len(grams) >= WORD_SIMILARITY and count / len(self.words[other]) >= 0.5:
                scored.append((count / len(grams | self.words[other]), other))
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        return [other for _score, other in scored[:limit]]


def vocabulary(queryset: QuerySet) -> Vocabulary:
    """The queryset's words; the last few sets built are kept by their documents, so an
    unchanged set of offers is read but not indexed again."""
    return _vocabulary(tuple(queryset.order_by("pk").values_list("search_document", flat=True)))


@functools.lru_cache(maxsize=16)
def _vocabulary(documents: tuple[str, ...]) -> Vocabulary:
    return Vocabulary(documents)


def corrected_query(
    parsed: ParsedQuery, words_known: Vocabulary, concepts=()
) -> ParsedQuery | None:
    """The query with each longer word that no document contains replaced by a concept
    with a close one-word term ("kindergarden" → Kita), else by the close words of the
    vocabulary (a condition matching any of them); None if nothing changed."""
    changed = False
    terms = []
    found = list(parsed.concepts)
    for term in parsed.terms:
        if term.startswith("~") or len(term) <= SHORT or _known(term, words_known):
            terms.append(term)
            continue
        typed = parsed.originals.get(term, term)
        concept = _close_concept(typed, concepts) if len(typed) > SHORT + 1 else None
        if concept is not None:
            changed = True
            found.append(concept.name)
            terms.append("~" + "|".join(words(concept.expands_to)))
            continue
        close = words_known.close_words(typed)
        if close:
            changed = True
            terms.append("|".join(close))
    if not changed:
        return None
    return ParsedQuery(
        text=parsed.text,
        terms=list(dict.fromkeys(terms)),
        concepts=found,
        originals=parsed.originals,
    )


def _known(term: str, words_known: Vocabulary) -> bool:
    return any(term in word for word in words_known.words)


def meets(document: str, alternatives: list[str], curated: bool) -> bool:
    """`_condition` in Python: one of the words in a folded " word word " document (a short
    word of the query as a whole word, unless a curated concept names it)."""
    return any(
        (f" {word} " in document) if len(word) <= SHORT and not curated else (word in document)
        for word in alternatives
    )


def rank_documents(
    documents: Iterable[tuple[int, str, str]], parsed: ParsedQuery
) -> list[tuple[int, int]]:
    """(pk, relevance) of the documents `_ranked` would find without trigrams, in its order
    (relevance, then key): the same conditions evaluated in Python over (pk, key, folded
    document) rows that are already in memory (the one search on SQLite, whose offers are
    few; building the SQL of one CASE per word cost more than running it)."""
    conditions = []
    for term in parsed.terms:
        curated = term.startswith("~")
        alternatives = term.lstrip("~").split("|")
        conditions.append((alternatives, curated, 2 if curated else 1))
    found = []
    for pk, key, document in documents:
        relevance, matched = 0, False
        for alternatives, curated, weight in conditions:
            if any(
                (f" {word} " in document)
                if len(word) <= SHORT and not curated
                else (word in document)
                for word in alternatives
            ):
                relevance += 2 * weight
                matched = True
            if curated and len(alternatives) > 1:
                relevance += sum(1 for word in alternatives if word in document)
        if matched:
            found.append((key, pk, max(relevance, 0)))
    found.sort(key=lambda row: (-row[2], row[0]))
    return [(pk, relevance) for _key, pk, relevance in found]


def search_documents(
    documents: Sequence[tuple[int, str, str]],
    parsed: ParsedQuery,
    concepts,
    words_known: Vocabulary,
) -> list[tuple[int, int]]:
    """`search()` without PostgreSQL over documents in memory: the exact pass, and if it
    finds nothing the typo pass with the documents' vocabulary (`vocabulary_typo_pass`)."""
    if not parsed.terms:
        return []
    found = rank_documents(documents, parsed)
    if found:
        return found
    corrected = corrected_query(parsed, words_known, concepts)
    return rank_documents(documents, corrected) if corrected is not None else []


def _candidates(queryset: QuerySet) -> QuerySet:
    """The queryset's offers, selected by primary key alone, for the typo pass.

    PostgreSQL thinks the trigram comparison cheap and runs it on every offer of the region
    before the other filters (a town's offers are a sixth of them), so the typo pass cost
    as much as the rest of the page. Read with the filters alone first, the ids leave it
    only the offers that can be found. The callers pass plain filtered querysets and add
    their select_related/prefetch_related afterwards, so nothing else is lost."""
    ids = list(queryset.order_by().values_list("pk", flat=True))
    return queryset.model._default_manager.filter(pk__in=ids)


@dataclass
class FullText:
    """The PostgreSQL full-text side of a query: `any_word` matches offers with one of the
    words (or one of the concepts' German words), `every_word` those with all of them."""

    any_word: object
    every_word: object


def _full_text(parsed: ParsedQuery, language: str) -> FullText | None:
    from django.contrib.postgres.search import SearchQuery

    config = Func(Value(language), function="directory_search_config")
    typed = [w for w in _WORD.findall(parsed.text) if w.lower() not in ("or", "and")]
    if not typed:
        return None
    # websearch_to_tsquery never fails on user input; "or" between the words makes any of
    # them match, the plain text (quotes and "-" allowed) is the all-words query.
    any_word = SearchQuery(" or ".join(typed), config=config, search_type="websearch")
    expansions = [w for t in parsed.terms if t.startswith("~") for w in t[1:].split("|")]
    if expansions:
        # Concepts expand to the German words the offers use; as prefixes, because they
        # are stems ("miet" for Miete, Mieter, Mietführerschein).
        any_word = any_word | SearchQuery(
            " | ".join(f"{w}:*" for w in dict.fromkeys(expansions)),
            config="german",
            search_type="raw",
        )
    every_word = SearchQuery(parsed.text, config=config, search_type="websearch")
    return FullText(any_word=any_word, every_word=every_word)


def _ranked(
    queryset: QuerySet, parsed: ParsedQuery, *, trigram: bool, full_text: FullText | None = None
) -> QuerySet:
    scores = []
    any_match = Q()
    for term in parsed.terms:
        curated = term.startswith("~")
        alternatives = term.lstrip("~").split("|")
        condition = _condition(alternatives, curated)
        if curated and len(alternatives) > 1:
            # Each of a concept's words found counts once more: the offer that is about
            # renting ("miet", "mieter", "wohnung") beats one that mentions a flat once.
            scores += [
                Case(When(_condition([word], True), then=Value(1)), default=Value(0))
                for word in alternatives
            ]
        fuzzy = Q()
        if trigram:
            for word in (w for w in alternatives if len(w) > SHORT):
                # word_similarity(word, document) >= pg_trgm.word_similarity_threshold (0.6)
                fuzzy |= Q(search_document__trigram_word_similar=word)
        # A concept counts double: it is the curated, most certain signal. An exact
        # (substring) match counts double a typo-tolerant trigram match.
        weight = 2 if curated else 1
        scores.append(
            Case(
                When(condition, then=Value(2 * weight)),
                When(fuzzy, then=Value(weight)),
                default=Value(0),
            )
            if fuzzy
            else Case(When(condition, then=Value(2 * weight)), default=Value(0))
        )
        # The typo pass runs only when nothing matched exactly (see search()), so only the
        # trigram conditions can match there; filtering on them alone spares evaluating the
        # substring and full-text conditions a second time for every offer of the region.
        any_match |= fuzzy if trigram else condition
    if not any_match:
        # A typo pass with only short words: they get no typo tolerance, so no match.
        return queryset.none()
    relevance = scores[0]
    for score in scores[1:]:
        relevance = relevance + score
    relevance = Greatest(relevance, Value(0), output_field=IntegerField())
    if full_text is not None:
        from django.contrib.postgres.search import SearchRank

        if not trigram:
            any_match |= Q(search_vector=full_text.any_word)
        # ts_rank_cd over the per-language vectors, normalised to 0..1 (rank / (rank + 1)):
        # a title hit (A) outweighs a summary (B) or description (C) hit. An offer that
        # contains every word of the query gets FTS_ALL on top.
        rank = SearchRank(
            # F(), not the field's name: a name would be re-parsed as text, losing weights.
            F("search_vector"),
            full_text.any_word,
            weights=[0.1, 0.2, 0.4, 1.0],
            cover_density=True,
            normalization=Value(32),
        )
        relevance = ExpressionWrapper(
            relevance
            + FTS_WEIGHT * rank
            + Case(
                When(Q(search_vector=full_text.every_word), then=Value(FTS_ALL)),
                default=Value(0.0),
            ),
            output_field=FloatField(),
        )
    result = queryset.filter(any_match).annotate(relevance=relevance).order_by("-relevance", "key")
    return result
