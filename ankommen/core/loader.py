"""Loading a region's description (places, vocabularies, organisations) from TOML files.

The Kreis Gütersloh demo ships such files; another district writes its own and loads them
with `ankommen load_region DIR`. Loading is idempotent (a record is only written when it
differs from the file) and all-or-nothing: any error names the file and line and nothing
is written.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from ankommen.core.inputs import InputRefused, load_toml
from ankommen.core.models import (
    Area,
    Audience,
    FieldOfAction,
    Language,
    Organisation,
    Region,
    TargetGroup,
)

PLATFORM_FILE = Path(__file__).parent / "demo" / "platform.toml"


class DataFileError(Exception):
    """A data file that cannot be loaded; str() names the file and line."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


@dataclass
class DataFile:
    path: Path
    text: str
    data: dict[str, Any]

    @classmethod
    def read(cls, path: Path) -> DataFile:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise DataFileError(path, None, "file not found") from None
        except UnicodeDecodeError as error:
            line = path.read_bytes()[: error.start].count(b"\n") + 1
            raise DataFileError(path, line, "not valid UTF-8") from None
        try:
            data = load_toml(text)
        except InputRefused as error:
            raise DataFileError(path, error.line, error.message) from None
        except tomllib.TOMLDecodeError as error:
            match = re.search(r"\(at line (\d+), column \d+\)", str(error))
            line = int(match.group(1)) if match else None
            message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
            raise DataFileError(path, line, f"not valid TOML: {message}") from None
        return cls(path, text, data)

    def line_of(self, key: str, value: Any) -> int | None:
        """The line where `key = value` is written, to point at the entry with an error."""
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=\s*{re.escape(_toml_value(value))}\s*$")
        for number, line in enumerate(self.text.splitlines(), start=1):
            if pattern.match(line):
                return number
        return None

    def error(self, message: str, *, key: str | None = None, value: Any = None) -> DataFileError:
        line = self.line_of(key, value) if key else None
        return DataFileError(self.path, line, message)

    def entries(self, name: str) -> list[dict[str, Any]]:
        entries = self.data.get(name, [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise self.error(f"[[{name}]] must be a list of tables")
        return entries

    def require(self, entry: dict[str, Any], field: str, *, where: tuple[str, Any]) -> Any:
        value = entry.get(field)
        if value in (None, ""):
            raise self.error(f"“{field}” is missing", key=where[0], value=where[1])
        return value


def _toml_value(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(value).lower() if isinstance(value, bool) else str(value)


def upsert(model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]):
    """Create the record, or update the fields that differ; write nothing if none do.

    The record is validated first (`full_clean`), so the file's mistakes are reported with
    the model's own messages.
    """
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        changed = True
    else:
        changed = False
        for field, value in values.items():
            current = getattr(instance, field)
            different = current != value
            if different:
                setattr(instance, field, value)
                changed = True
    if changed:
        instance.full_clean(validate_unique=False)
        instance.save()
    return instance


def raise_invalid(datafile: DataFile, error: ValidationError, where: tuple[str, Any]):
    messages = (
        "; ".join(
            f"{field}: {' '.join(errors)}" if field != "__all__" else " ".join(errors)
            for field, errors in error.message_dict.items()
        )
        if hasattr(error, "error_dict")
        else " ".join(error.messages)
    )
    raise datafile.error(messages, key=where[0], value=where[1]) from None


def load_platform(path: Path = PLATFORM_FILE) -> None:
    """The languages and audiences every installation shares."""
    datafile = DataFile.read(path)
    with transaction.atomic():
        for entry in datafile.entries("language"):
            where = ("code", entry.get("code"))
            code = datafile.require(entry, "code", where=where)
            variant_of = None
            if entry.get("variant_of"):
                variant_of = Language.objects.filter(code=entry["variant_of"]).first()
                if variant_of is None:
                    raise datafile.error(
                        f"unknown language “{entry['variant_of']}” in variant_of",
                        key="code",
                        value=code,
                    )
            try:
                upsert(
                    Language,
                    {"code": code},
                    {
                        "native_name": datafile.require(entry, "native_name", where=where),
                        "name_de": datafile.require(entry, "name_de", where=where),
                        "name_en": datafile.require(entry, "name_en", where=where),
                        "direction": entry.get("direction", Language.Direction.LTR),
                        "variant_of": variant_of,
                        "sort_order": entry.get("sort_order", 10 * (1 + len(code))),
                    },
                )
            except ValidationError as error:
                raise_invalid(datafile, error, where)
        for position, entry in enumerate(datafile.entries("audience")):
            where = ("slug", entry.get("slug"))
            try:
                upsert(
                    Audience,
                    {"slug": datafile.require(entry, "slug", where=where)},
                    {
                        "name": datafile.require(entry, "name", where=where),
                        "names": entry.get("names", {}),
                        "sort_order": position,
                    },
                )
            except ValidationError as error:
                raise_invalid(datafile, error, where)


def load_region(directory: Path) -> Region:
    """Load `region.toml` and, if present, `organisations.toml` from `directory`."""
    regionfile = DataFile.read(directory / "region.toml")
    organisations_path = directory / "organisations.toml"
    orgfile = DataFile.read(organisations_path) if organisations_path.exists() else None
    with transaction.atomic():
        load_platform()
        region = _load_region_record(regionfile)
        _load_areas(regionfile, region)
        _load_vocabulary(regionfile, region, "target_group", TargetGroup, ("description",))
        _load_vocabulary(regionfile, region, "field_of_action", FieldOfAction, ())
        if orgfile is not None:
            _load_organisations(orgfile, region)
    return region


def _load_region_record(datafile: DataFile) -> Region:
    entry = datafile.data.get("region")
    if not isinstance(entry, dict):
        raise datafile.error("the [region] table is missing")
    where = ("slug", entry.get("slug"))
    codes = entry.get("languages", [])
    languages = {lang.code: lang for lang in Language.objects.filter(code__in=codes)}
    unknown = [code for code in codes if code not in languages]
    default_code = datafile.require(entry, "default_language", where=where)
    default = Language.objects.filter(code=default_code).first()
    if unknown or default is None:
        raise datafile.error(
            f"unknown language(s): {', '.join(unknown or [default_code])}",
            key="languages" if unknown else "default_language",
            value=codes if unknown else default_code,
        )
    try:
        region = upsert(
            Region,
            {"slug": datafile.require(entry, "slug", where=where)},
            {
                "name": datafile.require(entry, "name", where=where),
                "official_key": datafile.require(entry, "official_key", where=where),
                "default_language": default,
                "is_demo": bool(entry.get("demo", False)),
            },
        )
    except ValidationError as error:
        raise_invalid(datafile, error, where)
    region.languages.set(languages.values())
    return region


def _area_values(datafile: DataFile, entry: dict[str, Any], where) -> dict[str, Any]:
    values: dict[str, Any] = {"name": datafile.require(entry, "name", where=where)}
    for axis in ("latitude", "longitude"):
        value = entry.get(axis)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise datafile.error(f"{axis} must be a number", key=where[0], value=where[1])
        values[axis] = Decimal(str(value)) if value is not None else None
    return values


def _load_areas(datafile: DataFile, region: Region) -> None:
    by_key: dict[str, Area] = {}

    def save(entry, *, kind, parent, owner) -> Area:
        where = ("official_key", entry.get("official_key"))
        key = datafile.require(entry, "official_key", where=where)
        values = _area_values(datafile, entry, where)
        values.update(kind=kind, parent=parent, region=owner)
        try:
            area = upsert(Area, {"official_key": key}, values)
        except ValidationError as error:
            raise_invalid(datafile, error, where)
        by_key[key] = area
        return area

    for entry in datafile.entries("comparison_area"):
        kind = entry.get("kind")
        if kind not in (Area.Kind.STATE, Area.Kind.ADMINISTRATIVE_REGION):
            raise datafile.error(
                f"kind must be state or administrative_region, not “{kind}”",
                key="official_key",
                value=entry.get("official_key"),
            )
        parent = _known_parent(datafile, by_key, entry)
        save(entry, kind=kind, parent=parent, owner=None)

    district = datafile.data.get("district")
    if not isinstance(district, dict):
        raise datafile.error("the [district] table is missing")
    district_area = save(
        district,
        kind=Area.Kind.DISTRICT,
        parent=_known_parent(datafile, by_key, district),
        owner=region,
    )
    for entry in datafile.entries("town"):
        town = save(entry, kind=Area.Kind.MUNICIPALITY, parent=district_area, owner=region)
        for name in entry.get("quarters", []):
            if not isinstance(name, str) or not name.strip():
                raise datafile.error(
                    "quarters must be a list of names",
                    key="official_key",
                    value=entry.get("official_key"),
                )
            try:
                upsert(
                    Area,
                    {"region": region, "parent": town, "name": name},
                    {"kind": Area.Kind.QUARTER},
                )
            except ValidationError as error:
                raise_invalid(datafile, error, ("official_key", entry.get("official_key")))


def _known_parent(datafile: DataFile, by_key: dict[str, Area], entry) -> Area | None:
    key = entry.get("parent")
    if not key:
        return None
    parent = by_key.get(key) or Area.objects.filter(official_key=key).first()
    if parent is None:
        raise datafile.error(
            f"unknown parent area “{key}”", key="official_key", value=entry.get("official_key")
        )
    return parent


def _load_vocabulary(datafile, region, name, model, extra_fields) -> None:
    for position, entry in enumerate(datafile.entries(name)):
        where = ("slug", entry.get("slug"))
        values = {
            "name": datafile.require(entry, "name", where=where),
            "names": entry.get("names", {}),
            "sort_order": position,
        }
        for field in extra_fields:
            values[field] = entry.get(field, "")
        try:
            upsert(
                model,
                {"region": region, "slug": datafile.require(entry, "slug", where=where)},
                values,
            )
        except ValidationError as error:
            raise_invalid(datafile, error, where)


def _load_organisations(datafile: DataFile, region: Region) -> None:
    areas = {a.official_key: a for a in region.areas.exclude(official_key="")}
    entries = datafile.entries("organisation")
    saved: dict[str, Organisation] = {}
    for entry in entries:
        where = ("key", entry.get("key"))
        key = datafile.require(entry, "key", where=where)
        if key in saved:
            raise datafile.error(f"the key “{key}” is used twice", key="key", value=key)
        serves = entry.get("serves", [])
        unknown = [code for code in serves if code not in areas]
        if unknown:
            raise datafile.error(
                f"unknown area key(s) in serves: {', '.join(unknown)}", key="key", value=key
            )
        descriptions = {"en": entry["description_en"]} if entry.get("description_en") else {}
        try:
            organisation = upsert(
                Organisation,
                {"region": region, "key": key},
                {
                    "name": datafile.require(entry, "name", where=where),
                    "short_name": entry.get("short_name", ""),
                    "kind": datafile.require(entry, "kind", where=where),
                    "description": entry.get("description_de", ""),
                    "descriptions": descriptions,
                    "email": entry.get("email", ""),
                    "phone": entry.get("phone", ""),
                    "website": entry.get("website", ""),
                    "street": entry.get("street", ""),
                    "postal_code": entry.get("postal_code", ""),
                    "city": entry.get("city", ""),
                    "is_demo": bool(entry.get("demo", False)),
                },
            )
        except ValidationError as error:
            raise_invalid(datafile, error, where)
        organisation.areas.set([areas[code] for code in serves])
        saved[key] = organisation
    for entry in entries:
        parent_key = entry.get("parent") or ""
        organisation = saved[entry["key"]]
        if parent_key and parent_key not in saved:
            raise datafile.error(
                f"unknown parent organisation “{parent_key}”", key="key", value=entry["key"]
            )
        parent = saved.get(parent_key)
        if organisation.parent_id != (parent.pk if parent else None):
            organisation.parent = parent
            try:
                organisation.full_clean(validate_unique=False)
            except ValidationError as error:
                raise_invalid(datafile, error, ("key", entry["key"]))
            organisation.save(update_fields=["parent"])
