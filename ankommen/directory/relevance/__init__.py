"""Score the directory search against the relevance set (queries.toml): mean reciprocal
rank (first expected offer's rank) and recall@3 (share of queries with an expected offer in
the first three)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from ankommen.directory.models import Offer
from ankommen.directory.public_views import concepts_for
from ankommen.directory.search import search

QUERIES = Path(__file__).parent / "queries.toml"


@dataclass
class Result:
    query: str
    language: str
    rank: int | None
    top: list[str]


def score(region, path: Path = QUERIES) -> tuple[float, float, list[Result]]:
    entries = tomllib.loads(path.read_text(encoding="utf-8"))["query"]
    concepts = concepts_for(region)
    results = []
    for entry in entries:
        found, _parsed = search(
            Offer.objects.public().filter(region=region), entry["q"], concepts, entry["lang"]
        )
        top = list(found.values_list("key", flat=True)[:10])
        rank = next((i + 1 for i, key in enumerate(top) if key in entry["expected"]), None)
        results.append(Result(entry["q"], entry["lang"], rank, top[:3]))
    mrr = sum(1 / r.rank for r in results if r.rank) / len(results)
    recall = sum(1 for r in results if r.rank and r.rank <= 3) / len(results)
    return mrr, recall, results
