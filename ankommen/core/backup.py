"""Backup and restore of an installation (docs/operations.md, "Backup and restore").

A backup is a directory with three things: the PostgreSQL database as pg_dump's custom
format (`database.dump`), the uploaded files of MEDIA_ROOT (`media.tar.gz`) and a
`manifest.json` with the row count of every table, the checksums of both files and the
fingerprints (never the keys) of the key ring. Case data, its documents and consent scans
are encrypted in the database with the key ring (ANKOMMEN_CASES_KEYS,
ANKOMMEN_CASES_INDEX_KEY), which is written, when asked, to a file of its own that must
not lie in the backup directory: whoever holds a backup alone reads no case.

The row counts are taken in the same snapshot pg_dump reads (`pg_export_snapshot`), so a
restore can prove it brought back exactly what was saved even from a running site.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from cryptography.fernet import InvalidToken
from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import BinaryField
from psycopg.conninfo import make_conninfo

from ankommen.core.crypto import EncryptedTextField, configured_keys, decrypt_bytes

DATABASE_FILE = "database.dump"
MEDIA_FILE = "media.tar.gz"
MANIFEST_FILE = "manifest.json"
FORMAT = 1
# How many rows of each encrypted column a restore decrypts to prove the key ring fits.
VERIFY_ROWS = 200
# What a Fernet token starts with once base64-encoded (version byte 0x80 and a timestamp).
FERNET_PREFIX = b"gAAAAA"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class Restored:
    tables: int
    rows: int
    decrypted: int


def fingerprint(secret: str | bytes) -> str:
    data = secret.encode() if isinstance(secret, str) else secret
    return hashlib.sha256(data).hexdigest()[:16]


def key_ring() -> dict[str, object]:
    """The installation's key ring as the settings hold it."""
    return {
        "ANKOMMEN_CASES_KEYS": [key.decode() for key in configured_keys()],
        "ANKOMMEN_CASES_INDEX_KEY": settings.CASES_INDEX_KEY,
    }


def key_ring_fingerprints() -> dict[str, object]:
    return {
        "ANKOMMEN_CASES_KEYS": [fingerprint(key) for key in configured_keys()],
        "ANKOMMEN_CASES_INDEX_KEY": fingerprint(settings.CASES_INDEX_KEY)
        if settings.CASES_INDEX_KEY
        else "",
    }


def _checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _database() -> dict:
    database = connections[DEFAULT_DB_ALIAS].settings_dict
    if "postgresql" not in database["ENGINE"]:
        raise BackupError(
            "Backup and restore need PostgreSQL (DATABASE_URL=postgres://…); the SQLite demo "
            "database is one file to copy."
        )
    return database


@contextmanager
def _libpq_target() -> Iterator[str]:
    """A libpq connection string for pg_dump and pg_restore. The password goes through a
    password file of mode 0600 (`passfile=`), never the command line or the environment."""
    database = _database()
    with tempfile.TemporaryDirectory(prefix="ankommen-backup-") as directory:
        params = {
            "dbname": database["NAME"],
            "host": database.get("HOST") or "",
            "port": str(database.get("PORT") or ""),
            "user": database.get("USER") or "",
        }
        params = {name: value for name, value in params.items() if value}
        if database.get("PASSWORD"):
            passfile = Path(directory) / "pgpass"
            fields = [params.get("host", "*"), params.get("port", "*"), "*", "*"]
            escaped = [part.replace("\\", "\\\\").replace(":", "\\:") for part in fields]
            password = database["PASSWORD"].replace("\\", "\\\\").replace(":", "\\:")
            passfile.write_text(":".join([*escaped, password]) + "\n", encoding="utf-8")
            passfile.chmod(0o600)
            params["passfile"] = str(passfile)
        yield make_conninfo(**params)


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client).")
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def _table_counts(cursor) -> dict[str, int]:
    connection = connections[DEFAULT_DB_ALIAS]
    counts = {}
    for table in sorted(connection.introspection.table_names(cursor)):
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        counts[table] = cursor.fetchone()[0]
    return counts


def _is_inside(path: Path, directory: Path) -> bool:
    return path.resolve().is_relative_to(directory.resolve())


def write_key_ring(path: Path, *, backup_dir: Path | None = None) -> None:
    """Writes the key ring to `path` (mode 0600); never into the backup directory."""
    if backup_dir is not None and _is_inside(path, backup_dir):
        raise BackupError(
            f"The key ring must not lie in the backup directory ({backup_dir}): keep it "
            "apart, e.g. in the password safe or on another medium."
        )
    ring = key_ring()
    if not ring["ANKOMMEN_CASES_KEYS"]:
        raise BackupError("No key ring is configured (ANKOMMEN_CASES_KEYS).")
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        json.dump(ring, stream, indent=2)
        stream.write("\n")


def backup(target: Path) -> dict:
    """Writes a backup into the new directory `target`; returns its manifest."""
    _database()
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: a backup goes into a new directory.")
    target.mkdir(parents=True, exist_ok=True)
    connection = connections[DEFAULT_DB_ALIAS]
    with _libpq_target() as conninfo, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _table_counts(cursor)
        # pg_dump reads the same snapshot while this transaction keeps it open.
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target / DATABASE_FILE}",
                f"--dbname={conninfo}",
            ]
        )
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(target / MEDIA_FILE, "w:gz") as archive:
        if media_root.is_dir():
            archive.add(media_root, arcname=".")
    manifest = {
        "format": FORMAT,
        "created": datetime.now(tz=UTC).isoformat(timespec="seconds"),
        "ankommen": _version(),
        "database": _database()["NAME"],
        "tables": counts,
        "files": {name: _checksum(target / name) for name in (DATABASE_FILE, MEDIA_FILE)},
        "key_ring_fingerprints": key_ring_fingerprints(),
    }
    (target / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def _version() -> str:
    try:
        return metadata.version("ankommen")
    except metadata.PackageNotFoundError:
        return "unknown"


def read_manifest(source: Path) -> dict:
    try:
        manifest = json.loads((source / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{source} holds no readable {MANIFEST_FILE}: {error}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source} is a backup of an unknown format {manifest.get('format')}.")
    for name, expected in manifest["files"].items():
        path = source / name
        if not path.is_file() or _checksum(path) != expected:
            raise BackupError(f"{path} is missing or damaged (its checksum differs).")
    return manifest


def _database_is_empty() -> bool:
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def _check_key_ring(manifest: dict) -> None:
    saved = manifest["key_ring_fingerprints"]["ANKOMMEN_CASES_KEYS"]
    current = key_ring_fingerprints()["ANKOMMEN_CASES_KEYS"]
    if saved and not set(saved) & set(current):
        raise BackupError(
            "None of the configured ANKOMMEN_CASES_KEYS is a key of this backup: restore the "
            "key ring that was saved with it (docs/operations.md) before restoring the data."
        )


def verify_decryption() -> int:
    """Decrypts up to VERIFY_ROWS values of every encrypted column; returns how many."""
    decrypted = 0
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                # Reading through the field decrypts; a wrong key raises ValueError.
                values = model._default_manager.exclude(**{field.name: ""}).values_list(
                    field.name, flat=True
                )
                decrypted += sum(1 for _ in values[:VERIFY_ROWS])
            elif isinstance(field, BinaryField):
                values = model._default_manager.values_list(field.name, flat=True)
                for value in values[:VERIFY_ROWS]:
                    if value is not None and bytes(value).startswith(FERNET_PREFIX):
                        decrypt_bytes(bytes(value))
                        decrypted += 1
    return decrypted


def restore(source: Path) -> Restored:
    """Restores the backup in `source` into the configured, empty database and MEDIA_ROOT,
    then proves it: every table's row count as saved, encrypted values readable."""
    manifest = read_manifest(source)
    _check_key_ring(manifest)
    if not _database_is_empty():
        raise BackupError(
            f"The database {_database()['NAME']} is not empty: restore into a fresh database "
            "(createdb) and point DATABASE_URL at it."
        )
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir() and any(media_root.iterdir()):
        raise BackupError(f"MEDIA_ROOT {media_root} is not empty: restore into an empty one.")
    connection = connections[DEFAULT_DB_ALIAS]
    connection.close()
    with _libpq_target() as conninfo:
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={conninfo}",
                str(source / DATABASE_FILE),
            ]
        )
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA_FILE, "r:gz") as archive:
        archive.extractall(media_root, filter="data")
    with connection.cursor() as cursor:
        counts = _table_counts(cursor)
    if counts != manifest["tables"]:
        differing = sorted(
            name
            for name in set(counts) | set(manifest["tables"])
            if counts.get(name) != manifest["tables"].get(name)
        )
        raise BackupError(f"Row counts differ from the backup's in: {', '.join(differing)}.")
    try:
        decrypted = verify_decryption()
    except (ValueError, InvalidToken):
        raise BackupError(
            "The restored case data cannot be decrypted with the configured key ring."
        ) from None
    return Restored(tables=len(counts), rows=sum(counts.values()), decrypted=decrypted)
