"""Score the one search against the relevance set (queries.toml): per language and in all,
the mean reciprocal rank (the rank of the first expected answer across every kind) and
recall@3 (the share of queries with an expected answer in the first three).

An expected answer is `kind:key`: `offer:<offer key>`, `page:<page slug>`, `event:<event
key>`, `place:<place key>`, `glossary:<term>`."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from ankommen.core.models import Region
from ankommen.search.engine import one_search

QUERIES = Path(__file__).parent / "queries.toml"


@dataclass
class Result:
    query: str
    language: str
    rank: int | None
    top: list[str]


@dataclass
class Score:
    queries: int
    mrr: float
    recall: float


def _score(results: list[Result]) -> Score:
    count = len(results) or 1
    return Score(
        queries=len(results),
        mrr=sum(1 / r.rank for r in results if r.rank) / count,
        recall=sum(1 for r in results if r.rank and r.rank <= 3) / count,
    )


def score(region: Region, path: Path = QUERIES) -> tuple[Score, dict[str, Score], list[Result]]:
    """The whole set's score, each language's, and every query's result."""
    entries = tomllib.loads(path.read_text(encoding="utf-8"))["query"]
    languages = {language.code: language for language in region.languages.all()}
    results = []
    for entry in entries:
        found = one_search(region, languages[entry["lang"]], entry["q"])
        top = [f"{hit.kind}:{hit.key}" for hit in found.ranked()[:10]]
        rank = next((i + 1 for i, key in enumerate(top) if key in entry["expected"]), None)
        results.append(Result(entry["q"], entry["lang"], rank, top[:3]))
    by_language = {
        code: _score([r for r in results if r.language == code])
        for code in sorted({r.language for r in results})
    }
    return _score(results), by_language, results
