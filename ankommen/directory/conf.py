"""Settings of the directory, read from Django settings (ankommen/settings.py reads them
from the environment variables of the same names; docs/settings.md lists them).

ANKOMMEN_MAP_TILE_URL: the installation's tile server, a template such as
https://tile.openstreetmap.org/{z}/{x}/{y}.png or https://{s}.tiles.example.org/{z}/{x}/{y}.png.
Pages with a map allow its origin in the CSP's img-src (`directory/maps.py`). Empty (the
default): the maps show the places and the towns' names on a plain background; the list
never needs the map. ANKOMMEN_MAP_TILE_ATTRIBUTION (text) and
ANKOMMEN_MAP_TILE_ATTRIBUTION_URL (its link) credit the tiles' source;
ANKOMMEN_MAP_TILE_MAX_ZOOM is the deepest zoom level the server has tiles for.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings

PLACEHOLDERS = ("{z}", "{x}", "{y}")


def tile_url() -> str:
    return settings.ANKOMMEN_MAP_TILE_URL or ""


def tile_attribution() -> str:
    return settings.ANKOMMEN_MAP_TILE_ATTRIBUTION or ""


def tile_attribution_url() -> str:
    return settings.ANKOMMEN_MAP_TILE_ATTRIBUTION_URL or ""


def tile_max_zoom() -> int:
    return settings.ANKOMMEN_MAP_TILE_MAX_ZOOM


def tile_url_problem(template: str) -> str | None:
    """Why a tile URL template cannot be used, or None when it can (or is empty)."""
    if not template:
        return None
    parts = urlsplit(template)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "it is not an http or https address"
    if "@" in parts.netloc:
        return "it names a user or password (the browser would send them with every tile)"
    missing = [p for p in PLACEHOLDERS if p not in template]
    if missing:
        return f"it lacks {', '.join(missing)}"
    host = parts.netloc.replace("{s}.", "", 1) if parts.netloc.startswith("{s}.") else parts.netloc
    if "{" in host or "}" in host:
        return "only {s}, as the first part of the host name, may stand in the host"
    return None


def tile_origin(template: str | None = None) -> str | None:
    """The CSP source that allows the tiles of a template: its scheme and host, with a
    `{s}` subdomain as `*`. None without a usable template."""
    template = tile_url() if template is None else template
    if not template or tile_url_problem(template):
        return None
    parts = urlsplit(template)
    host = parts.netloc
    if host.startswith("{s}."):
        host = "*." + host[len("{s}.") :]
    return f"{parts.scheme}://{host}"
