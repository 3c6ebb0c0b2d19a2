"""Integreat v3 endpoints under /api/v3/ (and the app's legacy wp-json pages path).

Every GET answer is cached per region (and language, through the path) under the region's
content version, which each published change raises in its own transaction: a cached
answer can never outlive the edit (see `ankommen/core/content_version.py`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from ankommen.api.models import Feedback
from ankommen.api.v3 import regions as region_answers
from ankommen.api.v3.answers import LANGUAGE_ANSWERS, REGION_ANSWERS, encode
from ankommen.api.v3.events import Events
from ankommen.api.v3.locations import Locations
from ankommen.api.v3.pages import PageNode, PageTree, page_slug_in
from ankommen.api.v3.pdf import render_pages
from ankommen.core import pagecache, ratelimit
from ankommen.core.content_version import slug_version, total_version
from ankommen.core.models import Region
from ankommen.core.routing import resolve_region_language

CACHE_SECONDS = 24 * 3600


def json_response(body: bytes, status: int = 200) -> HttpResponse:
    return HttpResponse(body, status=status, content_type="application/json")


def error(message: str, status: int) -> HttpResponse:
    return json_response(encode({"error": message}), status=status)


def _page_key(request: HttpRequest, region: str = "", language: str = "", **_kw) -> tuple:
    """What `PageTree.find()` reads of `?id=` and `?url=`, and nothing more: the same
    page asked for in many spellings is one entry."""
    if "id" in request.GET:
        page_id = request.GET["id"]
        return ("id", str(int(page_id)) if page_id.isdigit() else "")
    if "url" in request.GET:
        return ("url", page_slug_in(request.GET["url"], region, language))
    return ()


def _depth_key(request: HttpRequest) -> tuple:
    try:
        return ("depth", _depth(request))
    except ValueError:
        return ("depth", None)


# Per view, the parameters its answer depends on, read the way the view reads them. Any
# other parameter (`?x=1`, a cache buster) neither changes the answer nor the key, so one
# client can no longer fill the cache with copies of the same answer.
ANSWER_PARAMETERS: dict[str, Callable[..., tuple]] = {
    "events": lambda request, **kw: ("combine_recurring", "combine_recurring" in request.GET),
    "locations": lambda request, **kw: ("on_map", _on_map(request)),
    "page": _page_key,
    "children": lambda request, **kw: (*_depth_key(request), *_page_key(request, **kw)),
    "parents": _page_key,
}


def rate_limit_per_minute() -> int:
    """API_V3_RATE_LIMIT_PER_MINUTE: reads per minute and client address (generous: an
    app's start reads a handful of answers); 0 switches the limit off."""
    return ratelimit.setting("API_V3_RATE_LIMIT_PER_MINUTE", 300)


def feedback_rate_limit_per_minute() -> int:
    """API_FEEDBACK_RATE_LIMIT_PER_MINUTE: feedback POSTs (anonymous, from the apps) per
    minute and client address; 0 switches the limit off."""
    return ratelimit.setting("API_FEEDBACK_RATE_LIMIT_PER_MINUTE", 10)


def _language_of(kwargs: dict) -> str:
    code = (kwargs.get("language") or "").split("-")[0]
    return code if code in dict(settings.LANGUAGES) else translation.get_language()


def answer_cache():
    return caches["api"]


def cached(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answers 200s from the cache, keyed by the content version of the region in the
    path with the region's id (the sum of all regions' versions for the regions list), the
    path without its query and the parameters the answer depends on (ANSWER_PARAMETERS),
    normalised."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # Cached answers count too: the limit is on the client, not on the work.
        # Counted already when the page cache found the answer but the limit refused it.
        verdict = getattr(request, "rate_verdict", None) or ratelimit.check_address(
            request, "v3", rate_limit_per_minute()
        )
        if not verdict.allowed:
            with translation.override(_language_of(kwargs)):
                response = error(
                    _("Too many requests from your address. Please wait a minute."), 429
                )
            for name, value in verdict.headers().items():
                response[name] = value
            return response
        scope = kwargs.get("region", "")
        name = kwargs.get("answer") or view.__name__
        parameters = ANSWER_PARAMETERS.get(name, lambda request, **kw: ())(request, **kwargs)
        # Hashed: a long ?url=… would pass the 250 characters cache backends accept.
        path = hashlib.sha256(repr((request.path, parameters)).encode()).hexdigest()
        if scope:
            region_id, number = slug_version(scope)
            version = f"r{region_id}.{number}"
        else:
            region_id, number = pagecache.ALL_REGIONS, total_version()
            version = f"t{number}"
        key = f"api.v3:{scope}:{version}:{path}"
        if not scope or region_id:
            # The whole answer for the page cache middleware, which counts the limit too.
            pagecache.allow(request, region_id, number, rate_scope="v3")
        try:
            body = answer_cache().get(key)
        except Exception:  # a shared cache (Redis) going away: answer from the database
            body = None
        if body is not None:
            return json_response(body)
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            with contextlib.suppress(Exception):
                answer_cache().set(key, response.content, CACHE_SECONDS)
        return response

    return require_safe(wrapper)


def region_or_404(slug: str) -> Region:
    return get_object_or_404(Region.objects.select_related("default_language"), slug=slug)


def _int_param(request: HttpRequest, name: str, default: int) -> int:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit():
        raise ValueError(name)
    return int(raw)


# Deeper than any page tree (portal.models.MAX_DEPTH): a larger depth gives the same answer.
MAX_DEPTH = 20


def _depth(request: HttpRequest) -> int:
    return min(_int_param(request, "depth", 1), MAX_DEPTH)


def _on_map(request: HttpRequest) -> bool:
    return request.GET.get("on_map") in ("1", "true", "True")


# --- Views ---------------------------------------------------------------------------------


@cached
def regions(request: HttpRequest) -> HttpResponse:
    return json_response(encode(region_answers.region_items()))


@cached
def region_detail(request: HttpRequest, region: str) -> HttpResponse:
    item = region_answers.region_detail(region)
    if item is None:
        raise Http404
    return json_response(encode(item))


@cached
def region_answer(request: HttpRequest, region: str, answer: str) -> HttpResponse:
    return json_response(encode(REGION_ANSWERS[answer](region_or_404(region))))


@cached
def language_answer(request: HttpRequest, region: str, language: str, answer: str) -> HttpResponse:
    region_obj, language_obj = resolve_region_language(region, language)
    if answer == "events" and "combine_recurring" in request.GET:
        value = Events(region_obj, language_obj).items(combine_recurring=True)
    elif answer == "locations" and _on_map(request):
        value = Locations(region_obj, language_obj).items(on_map=True)
    else:
        value = LANGUAGE_ANSWERS[answer](region_obj, language_obj)
    if value is None:
        return error(_("This region has no imprint in this language."), 404)
    return json_response(encode(value))


def _find_page(request: HttpRequest, tree: PageTree) -> PageNode | None:
    return tree.find(page_id=request.GET.get("id"), url=request.GET.get("url"))


@cached
def page(request: HttpRequest, region: str, language: str) -> HttpResponse:
    tree = PageTree(*resolve_region_language(region, language))
    if "id" not in request.GET and "url" not in request.GET:
        return error(_("Give the page's id or url."), 400)
    node = _find_page(request, tree)
    if node is None:
        return error(_("No public page matches this id or url in this language."), 404)
    return json_response(encode(tree.item(node)))


@cached
def children(request: HttpRequest, region: str, language: str) -> HttpResponse:
    tree = PageTree(*resolve_region_language(region, language))
    try:
        depth = _depth(request)
    except ValueError:
        return error(_("The depth must be a whole number."), 400)
    node = None
    if "id" in request.GET or "url" in request.GET:
        node = _find_page(request, tree)
        if node is None:
            return error(_("No public page matches this id or url in this language."), 404)
    return json_response(encode(tree.descendants(node, depth)))


@cached
def parents(request: HttpRequest, region: str, language: str) -> HttpResponse:
    tree = PageTree(*resolve_region_language(region, language))
    node = _find_page(request, tree)
    if node is None:
        return error(_("No public page matches this id or url in this language."), 404)
    return json_response(encode(tree.ancestors(node)))


@cached
def is_chat_enabled(request: HttpRequest, region: str, device: str) -> HttpResponse:
    region_or_404(region)
    # ankommen has no chat with the region's staff.
    return json_response(encode({"is_chat_enabled": False}))


# --- Feedback ------------------------------------------------------------------------------

RATINGS = {"up": True, "down": False, "": None}


def _feedback_fields(request: HttpRequest) -> dict:
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise ValueError(_("The request body is not valid JSON.")) from None
        if not isinstance(body, dict):
            raise ValueError(_("The request body must be a JSON object."))
        return {k: "" if v is None else str(v) for k, v in body.items()}
    return {k: request.POST.get(k, "") for k in request.POST}


@csrf_exempt
@require_POST
def feedback(request: HttpRequest, region: str, language: str, kind: str) -> HttpResponse:
    """Stores one piece of anonymous feedback an app sends, as Integreat does: `rating`
    (up or down), `comment`, and what it is about (`permalink`, `slug`, `id` or, for a
    search, `query`)."""
    region_obj, language_obj = resolve_region_language(region, language)
    # Anyone may post, so every post counts against its address, valid or not.
    verdict = ratelimit.check_address(request, "v3-feedback", feedback_rate_limit_per_minute())
    if not verdict.allowed:
        response = error(_("Too much feedback from your address. Please wait a minute."), 429)
        for name, value in verdict.headers().items():
            response[name] = value
        return response
    try:
        fields = _feedback_fields(request)
    except ValueError as problem:
        return error(str(problem), 400)
    rating = fields.get("rating", "").strip().lower()
    if rating not in RATINGS:
        return error(_("The rating must be “up” or “down”."), 400)
    comment = fields.get("comment", "").strip()
    limit = Feedback._meta.get_field("comment").max_length
    if len(comment) > limit:
        return error(_("The comment is longer than %(limit)s characters.") % {"limit": limit}, 400)
    query = fields.get("query", "").strip()[:500]
    reference = (fields.get("permalink") or fields.get("slug") or fields.get("id") or "").strip()[
        :500
    ]
    if RATINGS[rating] is None and not comment:
        return error(_("Give a rating or a comment."), 400)
    Feedback.objects.create(
        region=region_obj,
        language=language_obj,
        kind=kind,
        reference=reference,
        rating=RATINGS[rating],
        comment=comment,
        query=query,
    )
    return json_response(encode({"success": "Feedback successfully submitted"}), status=201)


# --- Save as PDF ---------------------------------------------------------------------------


@require_safe
def pdf(request: HttpRequest, region: str, language: str) -> HttpResponse:
    """A page with the pages below it (`?url=` its path, as the apps send it), or without
    `url` every page of the region, as a PDF in the language (`api/v3/pdf.py`). Kept in
    the answer cache under the region's content version like every v3 answer."""
    verdict = ratelimit.check_address(request, "v3", rate_limit_per_minute())
    if not verdict.allowed:
        with translation.override(_language_of({"language": language})):
            response = error(_("Too many requests from your address. Please wait a minute."), 429)
        for name, value in verdict.headers().items():
            response[name] = value
        return response
    tree = PageTree(*resolve_region_language(region, language))
    node = None
    if request.GET.get("url"):
        node = tree.find(url=request.GET["url"])
        if node is None:
            return error(_("No public page matches this id or url in this language."), 404)
    region_id, number = slug_version(region)
    which = node.page.pk if node is not None else "all"
    key = f"api.v3:{region}:r{region_id}.{number}:pdf:{tree.language.code}:{which}"
    body = answer_cache().get(key)
    if body is None:
        body = render_pages(tree, node)
        answer_cache().set(key, body, CACHE_SECONDS)
    name = node.page.slug if node is not None else tree.region.slug
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}-{tree.language.code}.pdf"'
    return response
