from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The one public search over portal pages, offers, events, places and the glossary."""

    name = "ankommen.search"
    label = "search"
    verbose_name = _("Search")
