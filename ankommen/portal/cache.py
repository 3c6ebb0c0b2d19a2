"""The cache of rendered public pages.

A public page costs two queries for the region and the language (routing), and otherwise
the same few queries and template work for every visitor of a language. So the part of
the page that is the same for every anonymous visitor – everything inside <main> – is
rendered once and kept in Django's cache under a key that carries the region's content
version (`ankommen.core.content_version`, the one number every cache of public content
reads). Saving a page, a text, a glossary entry, the region, a town or a language raises
that number, so the next request renders afresh; old entries are never read again and
age out. The number is read from the database on each request (one query by primary key),
which keeps every server process correct with a per-process cache.

Only anonymous visitors are served from the cache. The cached part is rendered without the
request, so it can hold no CSRF token, session data or user; the page around it (header
with the interface-language form and its CSRF token, messages) is rendered per request.
The site's Content-Security-Policy uses no nonces; if one is ever added, it belongs in the
per-request head, never in the cached part.
"""

from __future__ import annotations

import contextlib

from django.core.cache import cache

from ankommen.core.content_version import region_version

# Entries of an old version are unreachable anyway; the timeout only frees memory.
TIMEOUT = 60 * 60


def content_version(region_id: int) -> int:
    """The number the region's cached pages are kept under."""
    return region_version(region_id)


def page_key(*parts: object) -> str:
    return "portal:page:" + ":".join(str(part) for part in parts)


def get(key: str):
    # A shared cache (Redis) going away costs the rendering, never a 500.
    try:
        return cache.get(key)
    except Exception:
        return None


def put(key: str, value) -> None:
    with contextlib.suppress(Exception):
        cache.set(key, value, TIMEOUT)
