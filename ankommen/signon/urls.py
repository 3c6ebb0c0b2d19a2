"""Included at sso/ (not region-scoped: one directory serves the whole installation)."""

from django.urls import include, path

from ankommen.signon import views

urlpatterns = [
    path("verzeichnis/", views.directory_login, name="signon_directory"),
    # authenticate/ (the button), callback/ (OIDC_CALLBACK_CLASS), logout/
    path("oidc/", include("mozilla_django_oidc.urls")),
]
