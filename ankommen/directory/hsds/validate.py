"""Validate HSDS documents (jsonschema library) twice:

- against the official HSDS 3 object schemas in `schema/official/` (Open Referral's
  constraints: types, formats, enumerations, required fields, nesting), object by object
  for the organizations, locations and services of a document;
- against the ankommen profile in `schema/` (the document's envelope, `translations`,
  the taxonomy attributes and the fields our importer needs).

A document is valid when both find nothing.
"""

from __future__ import annotations

import json
from functools import cache

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from ankommen.directory.hsds import SCHEMA_DIR

OFFICIAL_DIR = SCHEMA_DIR / "official"
# Which official object each list of a profile document holds.
OFFICIAL_COLLECTIONS = {
    "organizations": "organization",
    "locations": "location",
    "services": "service",
    "contents": "service",
}


@cache
def _registry() -> Registry:
    resources = []
    for path in SCHEMA_DIR.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(schema)
        resources += [(schema["$id"], resource), (path.name, resource)]
    for path in OFFICIAL_DIR.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        # The official files name no draft; HSDS 3 is written for 2020-12.
        resource = Resource.from_contents(schema, default_specification=DRAFT202012)
        resources.append((schema["$id"], resource))
    return Registry().with_resources(resources)


def _official_uri(name: str) -> str:
    return json.loads((OFFICIAL_DIR / f"{name}.json").read_text(encoding="utf-8"))["$id"]


@cache
def validator(name: str) -> Draft202012Validator:
    registry = _registry()
    schema = registry.contents(f"https://openreferral.org/schema/3.0/{name}.json")
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


@cache
def official_validator(name: str) -> Draft202012Validator:
    registry = _registry()
    schema = registry.contents(_official_uri(name))
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


def _path(parts) -> str:
    return "/".join(str(p) for p in parts) or "(root)"


def official_errors(document: dict) -> list[str]:
    """What the official HSDS object schemas find wrong in the document's objects."""
    problems = []
    for collection, name in OFFICIAL_COLLECTIONS.items():
        items = document.get(collection)
        if not isinstance(items, list):
            continue
        for number, item in enumerate(items):
            for error in official_validator(name).iter_errors(item):
                where = _path([collection, number, *error.absolute_path])
                problems.append(f"{where}: {error.message} (HSDS {name})")
    return problems


def errors(document: dict, name: str = "export") -> list[str]:
    profile = [
        f"{_path(error.absolute_path)}: {error.message}"
        for error in validator(name).iter_errors(document)
    ]
    return profile + official_errors(document)
