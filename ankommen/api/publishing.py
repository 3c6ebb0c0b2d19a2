"""Keeping the read API's published files in step with the data.

The API's cached answers are keyed by the regions' content versions
(`ankommen/core/content_version.py`), raised in the same transaction as every save or
deletion of something the public sees: once an edit is committed, no reader can be
answered from an entry made before it. Where `API_PUBLISH_DIR` is set, the answers without
parameters are also written there as files after the commit (a temporary file renamed over
the old one, so the web server never reads half a file); the web server answers from them
and falls back to the application for everything else (ankommen/api/README.md).
A deleted region, or a region's old slug, and a language no longer offered lose their
files.

Bulk loaders that bypass model signals (`bulk_create`, `QuerySet.update`) end with
`ankommen publish_api`, which raises every region's version and rewrites every file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from pathlib import Path

from django.db import transaction

from ankommen.api.conf import publish_dir
from ankommen.api.v3 import regions as region_answers
from ankommen.api.v3.answers import LANGUAGE_ANSWERS, REGION_ANSWERS, encode
from ankommen.core.content_version import content_changed, slug_version, total_version
from ankommen.core.models import ContentVersion, Region

# The regions list (api/v3/regions/index.json) is the installation's file.
INSTALLATION = ""

_written = threading.local()


def current_version(key: str) -> tuple[int, int] | int:
    """The version a region's files (by slug) or the installation's files are written at."""
    return total_version() if key == INSTALLATION else slug_version(key)


def _schedule_files(sender, region_ids=frozenset(), retired_slugs=(), **kwargs) -> None:
    """After the commit that raised the versions: rewrite the files of the regions (and of
    slugs a region no longer answers under, which removes them) and the regions list."""
    if publish_dir() is None:
        return
    slugs = set(retired_slugs)
    slugs |= set(Region.objects.filter(pk__in=region_ids).values_list("slug", flat=True))
    for slug in sorted(slugs):
        transaction.on_commit(lambda slug=slug: write_region(slug))
    transaction.on_commit(write_installation)


def connect() -> None:
    content_changed.connect(_schedule_files, sender=ContentVersion, weak=False)


# --- Files ----------------------------------------------------------------------------------


def write_atomically(path: Path, body: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(body)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _already_written(key: str) -> bool:
    """Several saves of one transaction schedule the same region: write it once per
    version."""
    done = getattr(_written, "versions", None)
    if done is None:
        done = _written.versions = {}
    place = (str(publish_dir()), key)
    version = current_version(key)
    if done.get(place) == version:
        return True
    done[place] = version
    return False


def region_files(root: Path, slug: str) -> tuple[Path, Path, Path]:
    """The region's directories: its v3 answers, its legacy wp-json answers, its entry in
    the regions list."""
    return root / "api" / "v3" / slug, root / slug, root / "api" / "v3" / "regions" / slug


def write_region(slug: str, *, force: bool = False) -> int:
    """Writes every parameterless answer of the region; removes its files when the region
    is gone and the files of languages it no longer offers. Returns the files written."""
    root = publish_dir()
    if root is None or (not force and _already_written(slug)):
        return 0
    api_dir, legacy_dir, entry_dir = region_files(root, slug)
    region = Region.objects.select_related("default_language").filter(slug=slug).first()
    if region is None:
        for directory in (api_dir, legacy_dir, entry_dir):
            shutil.rmtree(directory, ignore_errors=True)
        return 0
    written = 0
    item = region_answers.region_detail(slug)
    write_atomically(entry_dir / "index.json", encode(item))
    for name, build in REGION_ANSWERS.items():
        write_atomically(api_dir / name / "index.json", encode(build(region)))
        written += 1
    offered = list(region.languages.all())
    for language in offered:
        for name, build in LANGUAGE_ANSWERS.items():
            target = api_dir / language.code / name / "index.json"
            value = build(region, language)
            if value is None:
                target.unlink(missing_ok=True)
                continue
            body = encode(value)
            write_atomically(target, body)
            written += 1
            if name == "pages":
                legacy = legacy_dir / language.code / "wp-json/extensions/v3/pages/index.json"
                write_atomically(legacy, body)
                written += 1
    keep = {lang.code for lang in offered} | set(REGION_ANSWERS)
    for directory, allowed in ((api_dir, keep), (legacy_dir, {lang.code for lang in offered})):
        if directory.is_dir():
            for child in directory.iterdir():
                if child.is_dir() and child.name not in allowed:
                    shutil.rmtree(child, ignore_errors=True)
    return written + 1


def write_installation(*, force: bool = False) -> None:
    root = publish_dir()
    if root is None or (not force and _already_written(INSTALLATION)):
        return
    write_atomically(
        root / "api" / "v3" / "regions" / "index.json", encode(region_answers.region_items())
    )
