"""The icons editors choose for top-level portal pages: a subset of Tabler Icons (MIT
licence), bundled as SVG under `portal/static/portal/page-icons/` with the licence. The
Integreat apps show them as the start page's tiles (v3 `thumbnail`)."""

from __future__ import annotations

from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _

PAGE_ICONS = [
    ("home", _("House")),
    ("map-pin", _("Map pin")),
    ("id", _("Identity card")),
    ("file-text", _("Document")),
    ("briefcase", _("Briefcase")),
    ("language", _("Languages")),
    ("school", _("School")),
    ("baby-carriage", _("Pram")),
    ("stethoscope", _("Stethoscope")),
    ("first-aid-kit", _("First-aid kit")),
    ("heart-handshake", _("Helping hands")),
    ("users", _("People")),
    ("friends", _("Friends")),
    ("bus", _("Bus")),
    ("coin-euro", _("Money")),
    ("scale", _("Law")),
    ("building-community", _("Town")),
    ("calendar", _("Calendar")),
    ("phone", _("Telephone")),
    ("info-circle", _("Information")),
    ("book", _("Book")),
    ("world", _("World")),
]
PAGE_ICON_NAMES = frozenset(name for name, _label in PAGE_ICONS)


def page_icon_path(name: str) -> str:
    """The site-relative address of a page icon (hashed after collectstatic)."""
    return static(f"portal/page-icons/{name}.svg")
