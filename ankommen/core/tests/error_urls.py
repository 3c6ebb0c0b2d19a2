"""A URL configuration with a view that fails, for the error report tests, and the
platform's own URLs after it."""

from django.urls import include, path


def fails(request):
    raise RuntimeError("a server error the operators must hear of")


urlpatterns = [
    path("boom/", fails),
    path("", include("ankommen.urls")),
]
