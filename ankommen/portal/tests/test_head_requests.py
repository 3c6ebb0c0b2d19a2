"""Issue 13: `HEAD` on portal pages answered 405. Every public view that answers GET also
answers HEAD (Django's `require_safe`), checked for every URL pattern of the site."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# Back-office and case pages are not public; the admin is Django's.
NOT_PUBLIC = ("ankommen.cases.", "django.contrib.admin.")
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def _patterns(resolver=None):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry)
        elif isinstance(entry, URLPattern):
            yield entry


def _allowed_methods(view) -> list[str] | None:
    """The methods a `require_http_methods` decorator anywhere on the view allows."""
    seen = set()
    while view is not None and id(view) not in seen:
        seen.add(id(view))
        for cell in getattr(view, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if isinstance(value, list) and value and set(value) <= METHODS:
                return value
        view = getattr(view, "__wrapped__", None)
    return None


def _public(pattern: URLPattern) -> bool:
    module = getattr(pattern.callback, "__module__", "")
    return not module.startswith(NOT_PUBLIC) and not module.endswith(".staff_views")


def test_every_public_view_that_answers_get_answers_head():
    refusing = []
    for pattern in _patterns():
        methods = _allowed_methods(pattern.callback)
        if _public(pattern) and methods and "GET" in methods and "HEAD" not in methods:
            refusing.append(f"{pattern.callback.__module__}.{pattern.callback.__name__}")
    assert refusing == []


@pytest.mark.parametrize(
    "path",
    [
        "/kreis-guetersloh/de/",
        "/kreis-guetersloh/de/notfall/",
        "/kreis-guetersloh/de/angebote/",
        "/kreis-guetersloh/de/angebote/termine/",
        "/api/v3/kreis-guetersloh/de/pages/",
    ],
)
def test_head_on_a_public_page_answers_like_get_without_a_body(client, portal, path):
    get = client.get(path)
    head = client.head(path)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
