"""The Integreat v3 answers that take no parameters, as plain Python values, and their one
serialisation: what the views answer and what `ankommen/api/publishing.py` writes to files
are the same bytes.

Field names, types and nesting follow Integreat CMS (`integreat_cms/api/v3/`), so that the
Integreat apps can read an ankommen region. Each resource builds its own answers:
`regions.py` (regions and languages, from `core`), `pages.py` (the portal's published pages
and the imprint), `locations.py` and `events.py` (the directory's places and events, on
the base in `common.py`), `offers.py`. Records without a timestamp of their own (events,
places) carry the time of the region's last published change (`common.changed_at`).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from ankommen.api.v3 import news, offers, regions
from ankommen.api.v3.events import Events
from ankommen.api.v3.locations import Locations, location_categories
from ankommen.api.v3.pages import PageTree, imprint
from ankommen.core.models import Language, Region


def encode(value) -> bytes:
    """The one serialisation of an answer: the files written at publish time and the
    application's answers are the same bytes."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


# Endpoints below /api/v3/<region>/<language>/ that take no parameters: the path segment
# and the function that builds the answer (None: nothing to answer, 404).
LANGUAGE_ANSWERS: dict[str, Callable[[Region, Language], object]] = {
    "pages": lambda region, language: PageTree(region, language).all(),
    "events": lambda region, language: Events(region, language).items(),
    "locations": lambda region, language: Locations(region, language).items(),
    "location-categories": lambda region, language: location_categories(language),
    # Integreat answers the imprint under both names; the apps ask `imprint/`.
    "imprint": imprint,
    "disclaimer": imprint,
    # The crisis module's published news: the local news feed and the list of sent push
    # notifications are the same items (each published item is pushed once).
    "news": news.news,
    "fcm": news.news,
}
# Endpoints below /api/v3/<region>/ that take no parameters.
REGION_ANSWERS: dict[str, Callable[[Region], object]] = {
    "languages": regions.languages,
    "offers": offers.offers,
}
