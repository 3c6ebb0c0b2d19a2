from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "ankommen.api"
    label = "api"
    verbose_name = _("Public API")

    def ready(self) -> None:
        from ankommen.api import publishing

        # Files are written after each commit that raised a content version.
        publishing.connect()
