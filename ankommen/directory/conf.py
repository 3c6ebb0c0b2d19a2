"""Settings of the directory, read from Django settings with environment defaults.

ANKOMMEN_MAP_TILE_URL: a tile server template such as
https://tile.openstreetmap.org/{z}/{x}/{y}.png (add its origin to the CSP's img-src).
Empty (the default): the map shows the places without a background; the list never needs it.
"""

from django.conf import settings

from ankommen.env import env_str


def tile_url() -> str:
    return getattr(settings, "ANKOMMEN_MAP_TILE_URL", None) or env_str("ANKOMMEN_MAP_TILE_URL", "")


def tile_attribution() -> str:
    return getattr(settings, "ANKOMMEN_MAP_TILE_ATTRIBUTION", None) or env_str(
        "ANKOMMEN_MAP_TILE_ATTRIBUTION", "© OpenStreetMap"
    )
