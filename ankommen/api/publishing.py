"""Keeping the read API's cached answers and published files in step with the data.

1. Every save or deletion of something the API shows raises the content version of its
   region and of the installation (`ContentVersion`) **in the same transaction**: once the
   edit is committed, the API's cache keys have changed with it, so no reader can be
   answered from an entry made before the edit.
2. Where `API_PUBLISH_DIR` is set, the answers without parameters are also written there
   as files after the commit (a temporary file renamed over the old one, so the web server
   never reads half a file); the web server answers from them and falls back to the
   application for everything else (docs/architecture.md, "Public API"). A deleted region
   or a language no longer offered loses its files.

Bulk loaders that bypass model signals (`bulk_create`, `QuerySet.update`) end with
`ankommen publish_api`, which raises every version and rewrites every file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from pathlib import Path

from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils import timezone

from ankommen.api.conf import publish_dir
from ankommen.api.models import ContentVersion
from ankommen.api.v3 import regions as region_answers
from ankommen.api.v3.answers import LANGUAGE_ANSWERS, REGION_ANSWERS, encode
from ankommen.core.models import Region

INSTALLATION = ""

_written = threading.local()


def current_version(key: str) -> int:
    return ContentVersion.objects.filter(key=key).values_list("version", flat=True).first() or 0


def bump(*keys: str) -> None:
    """Raise the versions of the given regions (by slug) and of the installation, inside
    the caller's transaction, and schedule the files to be rewritten after its commit."""
    table = connection.ops.quote_name(ContentVersion._meta.db_table)
    column = connection.ops.quote_name("key")
    now = timezone.now()
    wanted = sorted({INSTALLATION, *keys})  # always in one order: no deadlock between two
    with connection.cursor() as cursor:
        for key in wanted:
            cursor.execute(
                f"INSERT INTO {table} ({column}, version, changed_at) VALUES (%s, 1, %s) "  # noqa: S608
                f"ON CONFLICT ({column}) DO UPDATE SET version = {table}.version + 1, "
                "changed_at = excluded.changed_at",
                [key, now],
            )
    if publish_dir() is not None:
        for key in wanted:
            if key != INSTALLATION:
                transaction.on_commit(lambda key=key: write_region(key))
        transaction.on_commit(write_installation)


# --- Which saves concern which region ------------------------------------------------------


def _slug_of(region_id: int | None) -> list[str]:
    from ankommen.core.models import Region

    if region_id is None:
        return []
    return list(Region.objects.filter(pk=region_id).values_list("slug", flat=True))


def _region_record_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        bump(*_slug_of(instance.region_id))


def _through_parent(parent_model, field: str):
    def handler(sender, instance, raw=False, **kwargs) -> None:
        if raw:
            return
        region_ids = parent_model.objects.filter(pk=getattr(instance, field)).values_list(
            "region_id", flat=True
        )
        bump(*_slug_of(next(iter(region_ids), None)))

    return handler


def _region_saved(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    keys = [instance.slug]
    previous = getattr(instance, "_api_previous_slug", None)
    if previous and previous != instance.slug:
        keys.append(previous)  # its files go: the region answers under its new slug
    bump(*keys)


def _region_before_save(sender, instance, raw=False, **kwargs) -> None:
    if instance.pk and not raw:
        instance._api_previous_slug = (
            type(instance).objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
        )


def _region_deleted(sender, instance, **kwargs) -> None:
    bump(instance.slug)


def _region_languages_changed(sender, instance, action, pk_set=None, **kwargs) -> None:
    from ankommen.core.models import Language, Region

    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, Region):
        bump(instance.slug)
    elif isinstance(instance, Language):
        bump(*Region.objects.filter(pk__in=pk_set or []).values_list("slug", flat=True))


def _language_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        bump(*instance.regions.values_list("slug", flat=True))


def _offer_links_changed(sender, instance, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        bump(*_slug_of(getattr(instance, "region_id", None)))


def _vocabulary_changed(sender, instance, raw=False, **kwargs) -> None:
    # Shared by every region: only the installation's version (which the v1 answers are
    # keyed by) needs to move.
    if not raw:
        bump()


def connect() -> None:
    from ankommen.core.models import (
        Area,
        Audience,
        FieldOfAction,
        Language,
        Organisation,
        Region,
        TargetGroup,
    )
    from ankommen.directory.models import (
        Event,
        Offer,
        OfferTranslation,
        OpeningException,
        OpeningHours,
        Place,
    )
    from ankommen.monitoring.models import (
        Dimension,
        DimensionMember,
        ImportRun,
        Indicator,
        Value,
    )
    from ankommen.portal.models import Page, PageTranslation

    # Monitoring (the v1 API's indicators and values): a statistics import writes its values
    # in bulk, but always after creating its ImportRun in the same transaction.
    for model in (
        Page,
        Offer,
        Place,
        Event,
        Organisation,
        Area,
        FieldOfAction,
        TargetGroup,
        Indicator,
        ImportRun,
    ):
        post_save.connect(_region_record_changed, sender=model, weak=False)
        post_delete.connect(_region_record_changed, sender=model, weak=False)
    for model, parent, field in (
        (PageTranslation, Page, "page_id"),
        (OfferTranslation, Offer, "offer_id"),
        (OpeningHours, Place, "place_id"),
        (OpeningException, Place, "place_id"),
        (Value, Indicator, "indicator_id"),
    ):
        handler = _through_parent(parent, field)
        post_save.connect(handler, sender=model, weak=False)
        post_delete.connect(handler, sender=model, weak=False)
    pre_save.connect(_region_before_save, sender=Region, weak=False)
    post_save.connect(_region_saved, sender=Region, weak=False)
    post_delete.connect(_region_deleted, sender=Region, weak=False)
    m2m_changed.connect(_region_languages_changed, sender=Region.languages.through, weak=False)
    post_save.connect(_language_changed, sender=Language, weak=False)
    for links in (
        Offer.places,
        Offer.fields_of_action,
        Offer.target_groups,
        Offer.audiences,
        Offer.areas,
        Offer.languages,
    ):
        m2m_changed.connect(_offer_links_changed, sender=links.through, weak=False)
    for model in (Audience, Dimension, DimensionMember):
        post_save.connect(_vocabulary_changed, sender=model, weak=False)
        post_delete.connect(_vocabulary_changed, sender=model, weak=False)


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
