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

    def error_response(self, request, status: int, message: str):
        """v1's one error shape for every error answered before its views (core's
        middleware refusing unreadable input); None for other paths."""
        if not request.path_info.startswith("/api/v1/"):
            return None
        from ankommen.api.v1.errors import error_response

        return error_response(status, message)
