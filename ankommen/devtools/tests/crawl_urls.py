"""A small site for the crawler's tests: pages that link to each other, forms, a page that
fails, one that fails while it streams and an API-style answer that only logs its crash."""

import logging

from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import path
from django.views.decorators.http import require_POST

logger = logging.getLogger(__name__)


def start(request):
    return HttpResponse(
        """<!doctype html><html><body>
        <a href="/ok/">ok</a> <a href="/ok/#section">same page</a>
        <a href="https://example.org/elsewhere/">another site</a>
        <a href="mailto:someone@example.org">mail</a>
        <a href="/broken/">broken</a> <a href="/logout/">log out</a>
        <a href="/list/?page=2">page 2</a> <a href="/list/?page=3">page 3</a>
        <a href="/static/site.css">static</a>
        <div data-source="/data.json"></div>
        <form action="/search/"><input type="search" name="q">
          <select name="town"><option value="">all</option>
            <option value="7" selected>Verl</option></select>
          <input type="checkbox" name="open" value="1"><button name="go">Go</button></form>
        <form method="post" action="/post-only/"><input name="x"></form>
        </body></html>"""
    )


def ok(request):
    items = "".join(f'<a href="/items/{n}/">{n}</a>' for n in range(10))
    return HttpResponse(f"<html><body>{items}</body></html>")


def item(request, n):
    return HttpResponse('<html><body>an item, <a href="/deep/">more</a></body></html>')


def deep(request):
    return HttpResponse("<html><body>found late</body></html>")


def broken(request):
    raise ZeroDivisionError("the view divides by zero")


def listing(request):
    return HttpResponse(f"<html><body>page {request.GET.get('page')}</body></html>")


def search(request):
    return HttpResponse(f"<html><body>{sorted(request.GET.items())}</body></html>")


def data(request):
    return JsonResponse({"next": "http://testserver/api-crash/", "template": "/x/{id}/"})


def api_crash(request):
    try:
        raise KeyError("missing")
    except KeyError:
        logger.exception("API request failed")
    return JsonResponse({"error": "internal"}, status=500)


def stream_crash(request):
    def chunks():
        yield b"<html>"
        raise ValueError("failed while streaming")

    return StreamingHttpResponse(chunks(), content_type="text/html")


@require_POST
def post_only(request):
    return HttpResponse("posted")


def logout(request):
    raise AssertionError("the crawler must never log out")


urlpatterns = [
    path("", start),
    path("ok/", ok),
    path("items/<int:n>/", item),
    path("deep/", deep),
    path("broken/", broken),
    path("list/", listing),
    path("search/", search),
    path("data.json", data),
    path("api-crash/", api_crash),
    path("stream/", stream_crash),
    path("post-only/", post_only),
    path("logout/", logout),
]
