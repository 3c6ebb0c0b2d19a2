"""The words around the content (headings, notices, flyer labels) in each content
language, from phrases.toml."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path


@cache
def _all() -> dict[str, dict[str, str]]:
    return tomllib.loads((Path(__file__).parent / "phrases.toml").read_text(encoding="utf-8"))


def phrases_for(language) -> dict[str, str]:
    table = _all()
    base = language.variant_of.code if getattr(language, "variant_of_id", None) else None
    return {**table["en"], **table.get(base or "", {}), **table.get(language.code, {})}
