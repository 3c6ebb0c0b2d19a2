"""/<region>/<language>/wp-json/extensions/v3/pages/: the Integreat apps' older path."""

from ankommen.api.v3.urls import legacy_urlpatterns as urlpatterns

app_name = "api_v3_legacy"

__all__ = ["app_name", "urlpatterns"]
