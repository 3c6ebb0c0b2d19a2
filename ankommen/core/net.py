"""The client's address, the same way for every throttle and every audit entry.

Behind a reverse proxy REMOTE_ADDR is the proxy's address: keyed on it, one throttle would
count everybody together. With `TRUSTED_PROXY_COUNT` = N (the proxies in front of the
application that each append to X-Forwarded-For, e.g. 1 for the documented nginx), the
client is the N-th address from the right of X-Forwarded-For; everything left of it was
written by the client and cannot be trusted.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def trusted_proxy_count() -> int:
    return int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest | None) -> str | None:
    """The address the request came from, or None when it cannot be known."""
    if request is None:
        return None
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    proxies = trusted_proxy_count()
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        # Not through all the proxies (or a proxy that does not forward): what we saw.
        return remote
    return _valid(forwarded[-proxies]) or remote
