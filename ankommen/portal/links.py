"""Finding the links in the portal's pages, and the ones that are broken.

Links inside the portal are checked against the published pages at once; links to other
sites are checked over HTTP by `ankommen check_portal_links` and the failures kept in
LinkCheck rows.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from dataclasses import dataclass

from ankommen.core.models import Region
from ankommen.portal.models import LinkCheck, Page, PageTranslation

HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*["']([^"']+)["']""", re.I)


@dataclass
class BrokenLink:
    translation: PageTranslation
    url: str
    problem: str


def hrefs(html: str) -> list[str]:
    return HREF.findall(html or "")


def internal_problem(region: Region, url: str, published: set[str], languages: set[str]):
    """Why a link into this region's portal does not work, or None."""
    parts = [p for p in url.split("?")[0].split("#")[0].split("/") if p]
    if len(parts) < 2 or parts[0] != region.slug:
        return None
    if parts[1] not in languages and parts[1] != "intern":
        return "unknown language"
    own = {"kiosk", "suche", "flyer.pdf", "aktionsplan", "monitoring"}
    if len(parts) == 3 and parts[2] not in own and parts[2] not in published:
        return "no published page"
    return None


def broken_links(region: Region, translations) -> list[BrokenLink]:
    published = set(Page.objects.published().filter(region=region).values_list("slug", flat=True))
    languages = set(region.languages.values_list("code", flat=True))
    failed = dict(LinkCheck.objects.filter(region=region, ok=False).values_list("url", "problem"))
    found = []
    for translation in translations:
        for url in hrefs(translation.body):
            if url.startswith("/"):
                problem = internal_problem(region, url, published, languages)
            else:
                problem = failed.get(url)
            if problem:
                found.append(BrokenLink(translation, url, problem))
    return found


def check_external_links(region: Region, *, timeout: float = 10, stdout=None) -> int:
    """Check every http(s) link of the region's pages once; returns the number broken."""
    urls = set()
    for body in PageTranslation.objects.filter(page__region=region).values_list("body", flat=True):
        urls.update(u for u in hrefs(body) if u.startswith(("http://", "https://")))
    broken = 0
    for url in sorted(urls):
        problem = _problem(url, timeout)
        LinkCheck.objects.update_or_create(
            region=region, url=url, defaults={"ok": problem is None, "problem": problem or ""}
        )
        if problem:
            broken += 1
        if stdout is not None:
            stdout.write(f"{'broken' if problem else 'ok'}: {url} {problem or ''}".rstrip())
    LinkCheck.objects.filter(region=region).exclude(url__in=urls).delete()
    return broken


def _problem(url: str, timeout: float) -> str | None:
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(  # noqa: S310 (http/https only, see above)
            url, method=method, headers={"User-Agent": "ankommen-link-check"}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout):  # noqa: S310
                return None
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (403, 405, 501):
                continue
            return f"HTTP {error.code}"
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            return f"unreachable: {reason}"[:200]
    return None
