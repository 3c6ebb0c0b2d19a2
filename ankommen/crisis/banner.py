"""The crisis banner on every public page: while a region is on a level above normal (and
not in exercise mode), the newest published news item marked as banner, in the page's
language (German when it has no text in it), or a plain notice linking to the news.

Read once per content version and language from Django's cache: the level and the news are
public content (`CrisisConfig.public_content`), so a switch or a published item raises the
region's content version and the next page reads afresh.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse

from ankommen.core.content_version import region_version
from ankommen.crisis.models import NewsItem, RegionLevel

TIMEOUT = 60 * 60


@dataclass(frozen=True)
class Banner:
    level: str
    title: str
    text: str
    text_lang: str
    text_dir: str
    url: str


def banner_for(region, language, *, version: int | None = None) -> Banner | None:
    """The banner of the region in the language; `version` is the region's content version
    when the caller has read it already."""
    if version is None:
        version = region_version(region.pk)
    key = f"crisis:banner:{region.pk}:{version}:{language.code}"
    try:
        found = cache.get(key)
    except Exception:  # a shared cache (Redis) going away: read the database
        found = None
    if found is None:
        found = _build(region, language) or ""
        with contextlib.suppress(Exception):
            cache.set(key, found, TIMEOUT)
    return found or None


def _build(region, language) -> Banner | None:
    state = RegionLevel.objects.select_related("level").filter(region=region).first()
    if state is None or not state.is_public_alert:
        return None
    news = (
        NewsItem.objects.published()
        .filter(region=region, banner=True)
        .prefetch_related("translations__language")
        .order_by("-published_at")
        .first()
    )
    kwargs = {"region": region.slug, "language": language.code}
    if news is None:
        return Banner(
            level=state.level.name,
            title="",
            text="",
            text_lang="",
            text_dir="",
            url=reverse("crisis:news", kwargs=kwargs),
        )
    text = news.text_in(language.code)
    return Banner(
        level=state.level.name,
        title=text.title,
        text=text.body[:200],
        text_lang=text.language.html_lang,
        text_dir=text.language.direction,
        url=reverse("crisis:news_item", kwargs={**kwargs, "pk": news.pk}),
    )


def public_banner(request: HttpRequest) -> dict:
    """Context processor: `public_banner`, a callable the public base template asks."""

    def read() -> Banner | None:
        region = getattr(request, "region", None)
        language = getattr(request, "content_language", None)
        if region is None or language is None:
            return None
        # The version the page has read already (portal pages, the town chooser), else
        # read once here and kept for the rest of the request.
        version = getattr(request, "content_version", None)
        if version is None:
            version = request.content_version = region_version(region.pk)
        return banner_for(region, language, version=version)

    return {"public_banner": read}
