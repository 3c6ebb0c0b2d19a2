"""Comparing the shape of two JSON values: the same keys and value types at every level."""

from __future__ import annotations

import json
from pathlib import Path

SAMPLES = Path(__file__).parent / "integreat_samples"


def is_trim_marker(value) -> bool:
    return isinstance(value, str) and value.startswith("... ") and "more items trimmed" in value


def sample(name: str) -> dict:
    return json.loads((SAMPLES / name).read_text())


def _kind(value) -> str:
    # bool before int: True is an int to Python, not to JSON.
    for name, types in (("bool", bool), ("int", int), ("float", float), ("str", str)):
        if isinstance(value, types):
            return name
    return {dict: "object", list: "array"}.get(type(value), type(value).__name__)


def differences(
    samples, ours, *, nullable: frozenset[str] = frozenset(), maps: frozenset[str] = frozenset()
) -> list[str]:
    """Where `ours` differs in shape from the sample value(s).

    `samples` is one sample value; lists in it are read as "every item has the shape of
    one of these". Rules: a key whose sample value is null may hold anything; a null in
    ours where the sample has a value is allowed only at the paths in `nullable`; objects
    whose keys are data (language codes, town names) are the paths in `maps`, their values
    compared with the sample's values. Paths: `[]` a list item, `.key`, `{}` a map value.
    """
    found: list[str] = []
    _compare([samples], ours, "", nullable, maps, found)
    return found


def _compare(samples: list, ours, path: str, nullable, maps, found: list[str]) -> None:
    present = [s for s in samples if s is not None]
    if not present:
        return  # null in the sample: any value
    if ours is None:
        if len(present) < len(samples) or path in nullable:
            return
        found.append(f"{path or '(top)'}: null, the sample has {_kind(present[0])}")
        return
    kinds = {_kind(s) for s in present}
    if _kind(ours) not in kinds:
        found.append(f"{path or '(top)'}: {_kind(ours)}, the sample has {'/'.join(sorted(kinds))}")
        return
    if isinstance(ours, list):
        items = [i for s in present if isinstance(s, list) for i in s if not is_trim_marker(i)]
        if items:
            for index, item in enumerate(ours):
                before = len(found)
                _compare(items, item, f"{path}[]", nullable, maps, found)
                if len(found) > before:
                    found.insert(before, f"(in item {index} of {path or 'the list'})")
                    break  # one item's report is enough
        return
    if isinstance(ours, dict):
        objects = [s for s in present if isinstance(s, dict)]
        if path in maps:
            values = [v for o in objects for v in o.values()]
            for value in ours.values() if values else ():
                _compare(values, value, f"{path}{{}}", nullable, maps, found)
            return
        expected = set(objects[0])
        missing, extra = expected - set(ours), set(ours) - expected
        if missing:
            found.append(f"{path or '(top)'}: missing keys {sorted(missing)}")
        if extra:
            found.append(f"{path or '(top)'}: keys the sample lacks {sorted(extra)}")
        for key in sorted(expected & set(ours)):
            alternatives = [o[key] for o in objects if key in o]
            _compare(alternatives, ours[key], f"{path}.{key}", nullable, maps, found)
