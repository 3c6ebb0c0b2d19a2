"""Limits for files that people upload or import: bounded work, and a refusal that names
the line instead of a traceback.

Every importer (offers CSV, HSDS JSON, statistics CSV and zip, region and action-plan
TOML) reads its file through these functions. A hostile or broken file — a zip bomb,
NUL bytes, a cut-off last line, a field of megabytes, JSON nested a million levels — is
refused with `InputRefused` (a message in the user's language and the 1-based line, if
there is one) before anything is written.

Limits (settings, see docs/settings.md):
- ANKOMMEN_IMPORT_MAX_BYTES: uncompressed size of one file, also inside a zip (200 MB);
- ANKOMMEN_IMPORT_MAX_RATIO: uncompressed / compressed size of a zip member (100);
- CSV fields at most MAX_FIELD_CHARS characters, JSON and TOML nested at most MAX_DEPTH
  levels.
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
import zipfile
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

# csv's own limit (131,072); named here so the message can state it.
MAX_FIELD_CHARS = csv.field_size_limit()
MAX_DEPTH = 32
_CHUNK = 1024 * 1024


class InputRefused(Exception):
    """A file that is not imported; `line` is 1-based, or None for the file as a whole."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        self.message = message
        self.line = line
        super().__init__(
            _("line %(line)s: %(message)s") % {"line": line, "message": message}
            if line
            else message
        )


def max_bytes() -> int:
    return settings.ANKOMMEN_IMPORT_MAX_BYTES


def max_ratio() -> int:
    return settings.ANKOMMEN_IMPORT_MAX_RATIO


def check_size(data: bytes | str) -> None:
    if len(data) > max_bytes():
        raise InputRefused(too_large())


def too_large() -> str:
    return _("The file is larger than %(limit)s MB.") % {"limit": max_bytes() // 1_000_000}


def unzip_single(data: bytes) -> tuple[str, bytes]:
    """The one file inside a zip archive: (member name, bytes), read in chunks and stopped
    at the size limit or when it grows more than the ratio limit times its compressed
    size, whatever the archive's directory claims."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise InputRefused(_("The zip archive is damaged.")) from None
    if len(members) != 1:
        raise InputRefused(
            _("The zip archive holds %(count)s files; expected exactly one CSV file.")
            % {"count": len(members)}
        )
    info = members[0]
    limit = min(max_bytes(), max(info.compress_size, 1) * max_ratio())
    if info.file_size > limit:
        raise InputRefused(_unzip_refusal(info.filename))
    chunks, total = [], 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                total += len(chunk)
                if total > limit:
                    raise InputRefused(_unzip_refusal(info.filename))
                chunks.append(chunk)
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, RuntimeError):
        raise InputRefused(_("The zip archive is damaged.")) from None
    return info.filename, b"".join(chunks)


def _unzip_refusal(name: str) -> str:
    return _(
        "%(name)s in the zip archive unpacks to more than %(limit)s MB or more than "
        "%(ratio)s times its packed size; it is not read."
    ) % {"name": name, "limit": max_bytes() // 1_000_000, "ratio": max_ratio()}


def line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def check_text(text: str) -> None:
    """No NUL characters (no text file holds them, and PostgreSQL cannot store them)."""
    position = text.find("\x00")
    if position >= 0:
        raise InputRefused(
            _("The file contains a NUL character; it is not a text file."),
            line=line_of(text, position),
        )


def check_complete(text: str) -> None:
    """A text file ends with a line ending; without one its last line was probably cut
    off in transfer (a truncated upload would import a cut-off place name)."""
    if text and not text.endswith(("\n", "\r")):
        raise InputRefused(
            _("The last line has no line ending: the file looks cut off. Save it again."),
            line=text.count("\n") + 1,
        )


def csv_rows(reader) -> Iterator[list[str]]:
    """The rows of a csv.reader (or DictReader), with csv's errors (a field over the size
    limit, a quote never closed) turned into a refusal naming the line."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            # A DictReader updates its own line_num only after a successful read.
            line = getattr(reader, "reader", reader).line_num or None
            raise csv_refusal(error, line) from None
        yield row


def csv_refusal(error: csv.Error, line: int | None) -> InputRefused:
    if "field larger than field limit" in str(error):
        return InputRefused(
            _("A field is longer than %(limit)s characters.") % {"limit": MAX_FIELD_CHARS},
            line=line,
        )
    return InputRefused(
        _("The line cannot be read as CSV: %(error)s") % {"error": error}, line=line
    )


def _depth_and_nul(data: Any) -> tuple[int, bool]:
    """The nesting depth of parsed JSON or TOML and whether a string holds a NUL, walked
    without recursion (the structure may be as deep as the parser allowed)."""
    deepest, nul = 0, False
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            deepest = max(deepest, depth)
            for key, value in item.items():
                nul = nul or "\x00" in key
                stack.append((value, depth + 1))
        elif isinstance(item, list):
            deepest = max(deepest, depth)
            stack.extend((value, depth + 1) for value in item)
        elif isinstance(item, str):
            nul = nul or "\x00" in item
    return deepest, nul


def _check_structure(data: Any) -> None:
    depth, nul = _depth_and_nul(data)
    if depth > MAX_DEPTH:
        raise InputRefused(_too_deep())
    if nul:
        raise InputRefused(_("A text in the file contains a NUL character."))


def _too_deep() -> str:
    return _("The file is nested more than %(limit)s levels deep.") % {"limit": MAX_DEPTH}


def load_json(text: str) -> Any:
    """JSON from a file, refused with the line when it cannot be read, nests too deep or
    holds NUL characters."""
    check_size(text)
    try:
        # The C parser counts its recursion and raises RecursionError at Python's limit.
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputRefused(
            _("This is not valid JSON: %(error)s") % {"error": error.msg}, line=error.lineno
        ) from None
    except RecursionError:
        raise InputRefused(_too_deep()) from None
    _check_structure(data)
    return data


def load_toml(text: str) -> dict[str, Any]:
    """TOML from a file; tomllib's own errors (with their line) are left to the caller,
    nesting and NUL characters are refused here."""
    check_size(text)
    check_text(text)
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise InputRefused(_too_deep()) from None
    _check_structure(data)
    return data
