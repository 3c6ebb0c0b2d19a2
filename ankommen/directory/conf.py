"""Settings of the directory, read from Django settings (ankommen/settings.py reads them
from the environment variables of the same names).

ANKOMMEN_MAP_TILE_URL: a tile server template such as
https://tile.openstreetmap.org/{z}/{x}/{y}.png (add its origin to the CSP's img-src).
Empty (the default): the map shows the places without a background; the list never needs it.
"""

from django.conf import settings


def tile_url() -> str:
    return settings.ANKOMMEN_MAP_TILE_URL


def tile_attribution() -> str:
    return settings.ANKOMMEN_MAP_TILE_ATTRIBUTION
