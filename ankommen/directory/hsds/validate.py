"""Validate HSDS documents against the schema files in schema/ (jsonschema library)."""

from __future__ import annotations

import json

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from ankommen.directory.hsds import SCHEMA_DIR


def _registry() -> Registry:
    resources = []
    for path in SCHEMA_DIR.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(schema)
        resources += [(schema["$id"], resource), (path.name, resource)]
    return Registry().with_resources(resources)


def validator(name: str) -> Draft202012Validator:
    registry = _registry()
    schema = registry.contents(f"https://openreferral.org/schema/3.0/{name}.json")
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


def errors(document: dict, name: str = "export") -> list[str]:
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
        for error in validator(name).iter_errors(document)
    ]
