"""Backup and restore (ankommen/core/backup.py): a real pg_dump of the test database,
restored by `ankommen restore` in a fresh PostgreSQL database of its own, reads the
encrypted cases back with the key ring kept apart, and every table has its rows again."""

import os
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection

from ankommen.cases.models import Note

pytestmark = pytest.mark.django_db(transaction=True)

CASE_KEY = Fernet.generate_key().decode()
INDEX_KEY = "index-key-of-the-backup-tests-" + uuid.uuid4().hex


@pytest.fixture(autouse=True)
def _key_ring(settings, tmp_path):
    settings.CASES_ENCRYPTION_KEYS = [CASE_KEY]
    settings.CASES_INDEX_KEY = INDEX_KEY
    settings.MEDIA_ROOT = tmp_path / "media"


def _server(database: str = "postgres") -> str:
    params = connection.settings_dict
    host, port = params.get("HOST") or "127.0.0.1", params.get("PORT") or 5432
    return f"postgresql://{params.get('USER') or 'postgres'}@{host}:{port}/{database}"


@pytest.fixture
def fresh_database():
    """A new, empty PostgreSQL database with a name of its own (parallel runs)."""
    name = f"ankommen_restore_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_server(), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(_server(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def restore_command(backup_dir: Path, database: str, data_dir: Path, *, case_key: str):
    env = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
        "DEBUG": "true",
        "DATABASE_URL": _server(database),
        "ANKOMMEN_CASES_KEYS": case_key,
        "ANKOMMEN_CASES_INDEX_KEY": INDEX_KEY,
        "ANKOMMEN_DATA_DIR": str(data_dir),
    }
    return subprocess.run(
        [sys.executable, "-m", "ankommen", "restore", str(backup_dir)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    ), env


def table_counts(database: str) -> dict[str, int]:
    with psycopg.connect(_server(database)) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        # The names come from pg_tables itself.
        count = 'SELECT count(*) FROM "{}"'
        return {t: db.execute(count.format(t)).fetchone()[0] for t in tables}


@dataclass
class RoundTrip:
    database: str
    result: subprocess.CompletedProcess
    env: dict
    data_dir: Path


@pytest.fixture
def round_trip(world, fresh_database, tmp_path, settings) -> RoundTrip:
    Note.objects.create(case=world.case, text="Termin beim Jobcenter am Dienstag")
    (settings.MEDIA_ROOT / "documents").mkdir(parents=True)
    (settings.MEDIA_ROOT / "documents" / "flyer.pdf").write_bytes(b"%PDF-1.4 flyer")
    call_command("backup", tmp_path / "backup", stdout=open(os.devnull, "w"))  # noqa: SIM115
    result, env = restore_command(
        tmp_path / "backup", fresh_database, tmp_path / "restored", case_key=CASE_KEY
    )
    # A restore that fails is an error of every test below, with its message.
    assert result.returncode == 0, result.stderr
    return RoundTrip(fresh_database, result, env, tmp_path / "restored")


def test_the_restored_database_reads_the_encrypted_client_back(round_trip, world):
    code = (
        "from ankommen.cases.models import Client; "
        f"print(Client.objects.get(pk={world.case.client_id}).last_name)"
    )
    shown = subprocess.run(
        [sys.executable, "-m", "ankommen", "shell", "--verbosity", "0", "-c", code],
        env=round_trip.env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.strip() == world.case.client.last_name


def test_every_table_has_as_many_rows_as_before(round_trip):
    assert table_counts(round_trip.database) == table_counts(connection.settings_dict["NAME"])


def test_the_uploaded_files_come_back(round_trip):
    restored = round_trip.data_dir / "media" / "documents" / "flyer.pdf"
    assert restored.read_bytes() == b"%PDF-1.4 flyer"


def test_the_database_dump_holds_no_key_of_the_key_ring(world, tmp_path):
    call_command(
        "backup",
        tmp_path / "backup",
        "--key-ring-to",
        tmp_path / "safe" / "keys.json",
        stdout=open(os.devnull, "w"),  # noqa: SIM115
    )
    dump = subprocess.run(
        [shutil.which("pg_restore"), "--file=-", str(tmp_path / "backup" / "database.dump")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    saved = dump + (tmp_path / "backup" / "manifest.json").read_text(encoding="utf-8")
    assert (CASE_KEY in saved, INDEX_KEY in saved) == (False, False)


def test_the_key_ring_file_holds_the_keys(world, tmp_path):
    keys = tmp_path / "safe" / "keys.json"
    call_command(
        "backup",
        tmp_path / "b",
        "--key-ring-to",
        keys,
        stdout=open(os.devnull, "w"),  # noqa: SIM115
    )
    assert CASE_KEY in keys.read_text(encoding="utf-8")


def test_the_key_ring_is_never_written_into_the_backup_directory(world, tmp_path):
    with pytest.raises(CommandError, match="must not lie in the backup directory"):
        call_command("backup", tmp_path / "b", "--key-ring-to", tmp_path / "b" / "keys.json")


def test_a_restore_with_another_key_ring_is_refused(world, fresh_database, tmp_path):
    call_command("backup", tmp_path / "backup", stdout=open(os.devnull, "w"))  # noqa: SIM115
    result, _ = restore_command(
        tmp_path / "backup",
        fresh_database,
        tmp_path / "restored",
        case_key=Fernet.generate_key().decode(),
    )
    assert "None of the configured ANKOMMEN_CASES_KEYS is a key of this backup" in result.stderr


def test_a_restore_into_a_database_with_tables_is_refused(world, tmp_path):
    call_command("backup", tmp_path / "backup", stdout=open(os.devnull, "w"))  # noqa: SIM115
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", tmp_path / "backup")


def test_a_damaged_backup_is_refused(world, tmp_path):
    call_command("backup", tmp_path / "backup", stdout=open(os.devnull, "w"))  # noqa: SIM115
    with (tmp_path / "backup" / "database.dump").open("ab") as dump:
        dump.write(b"\0")
    with pytest.raises(CommandError, match="missing or damaged"):
        call_command("restore", tmp_path / "backup")
