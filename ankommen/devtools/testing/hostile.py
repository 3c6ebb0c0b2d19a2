"""The importers' hostile corpus (issue 13): small generators for files an attacker or a
broken transfer produces. Each importer's tests feed them to their importer and expect a
clear refusal naming the line, a non-zero exit and an unchanged database. Nothing big is
committed: the files are made in the test."""

from __future__ import annotations

import io
import zipfile

ZEROS = b"\0" * (1024 * 1024)


def zip_bomb(name: str = "12411-01-01-4_flat.csv", megabytes: int = 300) -> bytes:
    """A zip of a few hundred kilobytes that unpacks to `megabytes` MB of zero bytes (the
    attack used 2 GiB; the importers stop at their ratio limit long before either)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open(name, "w", force_zip64=True) as member,
    ):
        for _ in range(megabytes):
            member.write(ZEROS)
    return buffer.getvalue()


def zipped(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


def with_nul(text: str, line: int = 2) -> str:
    """`text` with a NUL character in the middle of its `line`th line."""
    lines = text.split("\n")
    middle = len(lines[line - 1]) // 2
    lines[line - 1] = lines[line - 1][:middle] + "\x00" + lines[line - 1][middle:]
    return "\n".join(lines)


def truncated(text: str) -> str:
    """`text` cut off in the middle of its last line, as an interrupted upload leaves it."""
    body = text.rstrip("\n")
    last = body.rsplit("\n", 1)[-1]
    return body[: len(body) - len(last) // 2]


def huge_field(text: str, line: int = 2, chars: int = 200_000, separator: str = ",") -> str:
    """`text` with the first field of its `line`th line grown to `chars` characters."""
    lines = text.split("\n")
    first, _sep, rest = lines[line - 1].partition(separator)
    lines[line - 1] = first + "x" * chars + separator + rest
    return "\n".join(lines)


def many_rows(text: str, count: int) -> str:
    """`text` (a header and one row) with its row repeated until there are `count` rows;
    `{n}` in the row is replaced by the row's number."""
    header, row = text.rstrip("\n").split("\n", 1)
    return header + "\n" + "".join(row.replace("{n}", str(n)) + "\n" for n in range(count))


def deep_json(depth: int = 100_000) -> str:
    return "[" * depth + "]" * depth


def deep_json_object(depth: int = 100_000) -> str:
    return '{"a":' * depth + "1" + "}" * depth


def deep_toml(depth: int = 50_000, key: str = "nested") -> str:
    return f"{key} = " + "[" * depth + "]" * depth + "\n"
