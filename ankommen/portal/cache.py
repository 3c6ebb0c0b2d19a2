"""The cache of rendered public pages.

A public page costs two queries for the region and the language (routing), and otherwise
the same few queries and template work for every visitor of a language. So the part of
the page that is the same for every anonymous visitor – everything inside <main> – is
rendered once and kept in Django's cache under a key that carries the region's
`ContentVersion`. Saving a page, a text, a glossary entry, the region, a town or a language
raises that number (signals.py), so the next request renders afresh; old entries are never
read again and age out. The number is read from the database on each request (one query by
primary key), which keeps every server process correct with a per-process cache.

Only anonymous visitors are served from the cache. The cached part is rendered without the
request, so it can hold no CSRF token, session data or user; the page around it (header
with the interface-language form and its CSRF token, messages) is rendered per request.
The site's Content-Security-Policy uses no nonces; if one is ever added, it belongs in the
per-request head, never in the cached part.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F

from ankommen.portal.models import ContentVersion

# Entries of an old version are unreachable anyway; the timeout only frees memory.
TIMEOUT = 60 * 60


def content_version(region_id: int) -> int:
    number = (
        ContentVersion.objects.filter(region_id=region_id).values_list("number", flat=True).first()
    )
    return number or 0


def bump_content_version(region_ids: int | Iterable[int]) -> None:
    """Makes every cached page of the regions stale (inside the caller's transaction, so
    the new number becomes visible together with the change)."""
    ids = {region_ids} if isinstance(region_ids, int) else set(region_ids)
    for region_id in ids:
        if ContentVersion.objects.filter(region_id=region_id).update(number=F("number") + 1):
            continue
        try:
            with transaction.atomic():
                ContentVersion.objects.create(region_id=region_id, number=1)
        except IntegrityError:  # created by a concurrent change meanwhile
            ContentVersion.objects.filter(region_id=region_id).update(number=F("number") + 1)


def page_key(*parts: object) -> str:
    return "portal:page:" + ":".join(str(part) for part in parts)


def get(key: str):
    return cache.get(key)


def put(key: str, value) -> None:
    cache.set(key, value, TIMEOUT)
