"""Links that leave the site: in an e-mail there is no request to take the host from, so
every such link starts with the configured public address, settings.ANKOMMEN_BASE_URL."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)


def base_url_problem(value: str) -> str | None:
    """Why `value` cannot be the public address of the site, or None when it can."""
    if not value:
        return "it is not set"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"{value!r} is not an absolute http(s) URL"
    # reverse() already gives the script prefix of a site served below a path.
    if parts.path.strip("/") or parts.query or parts.fragment or parts.username:
        return f"{value!r} must be scheme and host (and port) only, like https://example.org"
    return None


def absolute_url(path: str) -> str:
    """The public address of a path of this site (`reverse(...)`), for links in mail."""
    if not path.startswith("/"):
        raise ValueError(f"absolute_url() takes a path that starts with /, not {path!r}")
    base = settings.ANKOMMEN_BASE_URL.rstrip("/")
    if not base:
        # The system check ankommen.E010 refuses such a start; a mail is still better sent
        # with a bare path than not at all.
        logger.error("ANKOMMEN_BASE_URL is not set: a link in a mail lacks its host")
    return base + path
