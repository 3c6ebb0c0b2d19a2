"""/api/v1/: django-ninja's routes, the docs page and a JSON 404 for every other path,
each wrapped by `http.api_view` (rate limit, CORS, error shape, conditional requests)."""

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect
from django.urls import Resolver404, URLPattern, path, re_path, resolve

from ankommen.api.v1 import docs
from ankommen.api.v1.api import api
from ankommen.api.v1.errors import ApiError, default_message
from ankommen.api.v1.http import api_view

app_name = "api_v1"


def root(request: HttpRequest) -> HttpResponse:
    return redirect("api_v1:docs")


def unknown_path(request: HttpRequest, rest: str) -> HttpResponse:
    # This catch-all hides the addresses without their trailing slash from Django's
    # APPEND_SLASH, so the redirect is made here.
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "unknown":
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                request.path + "/" + (f"?{query}" if query else "")
            )
    raise ApiError(404, default_message(404))


def _wrapped(pattern: URLPattern) -> URLPattern:
    return URLPattern(
        pattern.pattern, api_view(pattern.callback), pattern.default_args, pattern.name
    )


urlpatterns = [
    *(_wrapped(p) for p in api.urls[0] if p.name != "api-root"),
    path("", api_view(root), name="api-root"),
    path("docs/", api_view(docs.docs), name="docs"),
    re_path(r"^(?P<rest>.*)$", api_view(unknown_path), name="unknown"),
]
