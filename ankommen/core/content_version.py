"""One content version per region: the number every cache of public content is keyed by.

A region's number (`core.ContentVersion`) is raised in the same transaction as every save
or deletion of something the public sees of it. The caches – the portal's rendered pages
(`ankommen/portal/cache.py`), the read API's answers (`ankommen/api/v1/http.py`,
`ankommen/api/v3/views.py`) – put the number into their keys, so once the change is
committed no reader can be answered from an entry made before it, in any server process.
Answers that span regions (the v3 regions list, every v1 answer) are keyed by the sum of
all numbers, which rises with each of them.

What counts as public content is declared by the modules themselves: an app's AppConfig
names its models with `public_content()` (see `ankommen/core/modules.py`), each with the
path from the model to its region, or `SHARED` for records every region shows (languages,
audiences, statistical dimensions), whose change raises every region's number. A link
between two such records (a many-to-many field) raises the regions of both ends.
`connect()` wires one set of signal handlers for all of them, once, from core's AppConfig.

Whoever must act on a change after it is committed (the API writes its published files)
listens to `content_changed`, sent inside the transaction with the ids of the regions and
the slugs a region stopped answering under (renamed or deleted). Changes made with
`QuerySet.update()` or `bulk_create()` send no model signals: the code that makes them
calls `raise_versions()` itself.

Several hosts (`SHARED_CACHE`, set with ANKOMMEN_REDIS_URL): the numbers are read through the
shared cache, so a page answered from the page cache (`ankommen/core/pagecache.py`) asks the
database nothing. The database stays the authority: a committed raise deletes the cached
numbers (on commit, for every host at once), and a cached number lives at most
`SHARED_SECONDS`, which bounds the one race left (a reader that read the old number just
before the commit and stores it just after the delete). Without a shared cache every read
asks the database, as a per-process cache could not hear another process's raise.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Model, Sum
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import Signal
from django.utils import timezone

from ankommen.core.models import ContentVersion, Region
from ankommen.core.modules import modules_with

SHARED = "*"

# Sent inside the transaction that raised the numbers: region_ids (frozenset of int),
# retired_slugs (tuple of str: slugs a region no longer answers under).
content_changed = Signal()

# Model → the path from it to its region id ("region", "page__region", "pk" for Region
# itself) or SHARED; filled by connect().
_paths: dict[type[Model], str] = {}


# --- Reading ----------------------------------------------------------------------------

# Seconds a number is kept in the shared cache at most (see the module's docstring).
SHARED_SECONDS = 2


def _shared() -> bool:
    return bool(getattr(settings, "SHARED_CACHE", False))


def _region_key(region_id: int) -> str:
    return f"content-version:region:{region_id}"


def _slug_key(slug: str) -> str:
    return f"content-version:slug:{slug}"


TOTAL_KEY = "content-version:total"


# The shared cache going away (Redis restarted) costs the database a query, never a 500.
def _cache_get(key: str):
    try:
        return cache.get(key)
    except Exception:  # any backend's connection error
        return None


def _cache_set(key: str, value: int) -> None:
    # The database answered; the cache is a shortcut.
    with contextlib.suppress(Exception):
        cache.set(key, value, SHARED_SECONDS)


def _region_version_from_database(region_id: int) -> int:
    number = (
        ContentVersion.objects.filter(region_id=region_id).values_list("number", flat=True).first()
    )
    return number or 0


# With the shared cache, each process also keeps the numbers it read for LOCAL_SECONDS
# (setting CONTENT_VERSION_LOCAL_SECONDS): a page answered from the page cache then costs
# no round trip at all, and another host's change is seen within that second. The
# process's own raises drop its copies at once.
_local: dict[object, tuple[float, int]] = {}


def _local_seconds() -> float:
    return float(getattr(settings, "CONTENT_VERSION_LOCAL_SECONDS", 1.0))


def _local_get(key: object) -> int | None:
    found = _local.get(key)
    if found is not None and found[0] > time.monotonic():
        return found[1]
    return None


def _local_set(key: object, number: int) -> None:
    seconds = _local_seconds()
    if seconds > 0:
        _local[key] = (time.monotonic() + seconds, number)


def region_version(region_id: int) -> int:
    """The region's number (0 before its first change): one query by primary key, or one
    read of the shared cache (or none, within CONTENT_VERSION_LOCAL_SECONDS)."""
    if not _shared():
        return _region_version_from_database(region_id)
    number = _local_get(region_id)
    if number is not None:
        return number
    number = _cache_get(_region_key(region_id))
    if number is None:
        number = _region_version_from_database(region_id)
        _cache_set(_region_key(region_id), number)
    _local_set(region_id, number)
    return number


def slug_version(slug: str) -> tuple[int, int]:
    """(region id, number) of the region with this slug, in one query; (0, 0) when there is
    none. A cache keyed by slug keeps both, so that a new region under a retired slug never
    meets the old region's entries."""
    if _shared():
        region_id = _local_get(("slug", slug))
        if region_id is None:
            region_id = _cache_get(_slug_key(slug))
        if region_id is not None:
            _local_set(("slug", slug), region_id)
            return region_id, region_version(region_id)
    found = ContentVersion.objects.filter(region__slug=slug).values_list("region_id", "number")
    region_id, number = found.first() or (0, 0)
    if _shared() and region_id:
        _cache_set(_slug_key(slug), region_id)
        _cache_set(_region_key(region_id), number)
    return region_id, number


def total_version() -> int:
    """The sum of every region's number: rises with each change to any region."""
    if _shared():
        total = _local_get(TOTAL_KEY)
        if total is None:
            total = _cache_get(TOTAL_KEY)
        if total is not None:
            _local_set(TOTAL_KEY, total)
            return total
    total = ContentVersion.objects.aggregate(total=Sum("number"))["total"] or 0
    if _shared():
        _cache_set(TOTAL_KEY, total)
        _local_set(TOTAL_KEY, total)
    return total


def _forget_locally(region_ids: Iterable[int]) -> None:
    for region_id in region_ids:
        _local.pop(region_id, None)
    _local.pop(TOTAL_KEY, None)


def _forget(region_ids: frozenset[int], retired_slugs: tuple[str, ...]) -> None:
    """After the commit: every host reads the new numbers from the database next."""
    _forget_locally(region_ids)
    for slug in retired_slugs:
        _local.pop(("slug", slug), None)
    keys = [_region_key(region_id) for region_id in region_ids]
    keys += [_slug_key(slug) for slug in retired_slugs]
    # Unreachable: the numbers age out within SHARED_SECONDS.
    with contextlib.suppress(Exception):
        cache.delete_many([*keys, TOTAL_KEY])


def changed_at(region_id: int) -> dt.datetime | None:
    """When the region's number was last raised (None: never)."""
    return (
        ContentVersion.objects.filter(region_id=region_id)
        .values_list("changed_at", flat=True)
        .first()
    )


# --- Raising ----------------------------------------------------------------------------


def raise_versions(region_ids: int | Iterable[int], *, retired_slugs: Iterable[str] = ()) -> None:
    """Raises the numbers of the regions inside the caller's transaction (so the new
    numbers become visible together with the change) and tells `content_changed`."""
    ids = {region_ids} if isinstance(region_ids, int) else set(region_ids)
    ids.discard(None)
    retired = tuple(sorted(set(retired_slugs)))
    if not ids and not retired:
        return
    table = connection.ops.quote_name(ContentVersion._meta.db_table)
    now = timezone.now()
    with connection.cursor() as cursor:
        # One statement per region, atomic in PostgreSQL and SQLite, always in one order:
        # no two transactions wait for each other's rows.
        for region_id in sorted(ids):
            cursor.execute(
                f"INSERT INTO {table} (region_id, number, changed_at) VALUES (%s, 1, %s) "  # noqa: S608
                f"ON CONFLICT (region_id) DO UPDATE SET number = {table}.number + 1, "
                "changed_at = excluded.changed_at",
                [region_id, now],
            )
    if _shared():
        changed = frozenset(ids)
        # This process reads its own change at once (inside the transaction too)...
        _forget_locally(changed)
        # ...and every process after the commit.
        transaction.on_commit(lambda: _forget(changed, retired))
    content_changed.send(sender=ContentVersion, region_ids=frozenset(ids), retired_slugs=retired)


def every_region() -> set[int]:
    return set(Region.objects.values_list("pk", flat=True))


def regions_of(model: type[Model], pks: Iterable) -> set[int]:
    """The regions of the given records of a public-content model."""
    pks = [pk for pk in pks if pk is not None]
    path = _paths.get(model)
    if path is None or not pks:
        return set()
    if path == SHARED:
        return every_region()
    if path == "pk":
        return set(pks)
    found = model._default_manager.filter(pk__in=pks).values_list(path, flat=True)
    return {region_id for region_id in found if region_id is not None}


def regions_of_instance(instance: Model) -> set[int]:
    """The regions of one record, read from its own fields where it can be (a deleted
    record is no longer in the database)."""
    path = _paths.get(type(instance))
    if path is None:
        return set()
    if path == SHARED:
        return every_region()
    if path == "pk":
        return {instance.pk}
    first, _sep, rest = path.partition("__")
    field = instance._meta.get_field(first)
    value = getattr(instance, field.attname)
    if value is None:
        return set()
    if not rest:
        return {value}
    found = field.related_model._default_manager.filter(pk=value).values_list(rest, flat=True)
    return {region_id for region_id in found if region_id is not None}


# --- Signals ----------------------------------------------------------------------------


def _record_changed(sender, instance, **kwargs) -> None:
    raise_versions(regions_of_instance(instance))


def _region_before_save(sender, instance, raw=False, **kwargs) -> None:
    instance._content_previous_slug = (
        Region.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
        if instance.pk and not raw
        else None
    )


def _region_saved(sender, instance, **kwargs) -> None:
    previous = getattr(instance, "_content_previous_slug", None)
    retired = [previous] if previous and previous != instance.slug else []
    raise_versions(instance.pk, retired_slugs=retired)


def _region_deleted(sender, instance, **kwargs) -> None:
    raise_versions(instance.pk, retired_slugs=[instance.slug])


def _linked(through: type[Model], instance: Model, model: type[Model]) -> list:
    """The ids of the `model` records linked to `instance` through `through`."""
    own = instance._meta.concrete_model
    source = target = None
    for field in through._meta.fields:
        if field.is_relation and field.related_model is own and source is None:
            source = field
        elif field.is_relation and field.related_model is model:
            target = field
    if source is None or target is None:
        return []
    return list(
        through._default_manager.filter(**{source.attname: instance.pk}).values_list(
            target.attname, flat=True
        )
    )


def _links_changed(sender, instance, action, model, pk_set=None, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    ids: set[int] = set()
    # A link changes both ends; a shared record's side (a language, an audience) is not
    # what changed for every region.
    if _paths.get(type(instance)) != SHARED:
        ids |= regions_of_instance(instance)
    if _paths.get(model) != SHARED:
        linked = _linked(sender, instance, model) if action == "pre_clear" else pk_set or ()
        ids |= regions_of(model, linked)
    raise_versions(ids)


def public_content_models() -> dict[type[Model], str]:
    """Every module's public content: model → path to its region (or SHARED)."""
    found: dict[type[Model], str] = {}
    for config in modules_with("public_content"):
        found.update(config.public_content())
    return found


def connect() -> None:
    """Wires the one set of signal handlers; called once, from core's AppConfig."""
    _paths.clear()
    _paths.update(public_content_models())
    links = set()
    for model in _paths:
        if model is Region:
            pre_save.connect(_region_before_save, sender=Region, weak=False)
            post_save.connect(_region_saved, sender=Region, weak=False)
            post_delete.connect(_region_deleted, sender=Region, weak=False)
        else:
            post_save.connect(_record_changed, sender=model, weak=False)
            post_delete.connect(_record_changed, sender=model, weak=False)
        for field in model._meta.many_to_many:
            if field.related_model in _paths:
                links.add(field.remote_field.through)
    for through in links:
        m2m_changed.connect(_links_changed, sender=through, weak=False)
