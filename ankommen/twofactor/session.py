"""Whether this session confirmed the second factor, and for how long it counts."""

from __future__ import annotations

import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# The session keys keep the names they had in the case module, so that a session verified
# before the move stays verified.
SESSION_VERIFIED = "cases_2fa_user"
SESSION_SEEN = "cases_2fa_seen"
# After this many minutes without a page that asks, the second factor is asked for again.
IDLE_MINUTES_DEFAULT = 30


def mark_verified(session, user) -> None:
    session[SESSION_VERIFIED] = user.pk
    session[SESSION_SEEN] = int(time.time())


def is_verified(request: HttpRequest) -> bool:
    """The second factor was confirmed in this session, by this user, and a page that asks
    was used within the idle limit (setting CASES_IDLE_MINUTES, default 30)."""
    session = request.session
    if session.get(SESSION_VERIFIED) != request.user.pk:
        return False
    idle = getattr(settings, "CASES_IDLE_MINUTES", IDLE_MINUTES_DEFAULT) * 60
    now = int(time.time())
    if now - int(session.get(SESSION_SEEN, 0)) > idle:
        session.pop(SESSION_VERIFIED, None)
        return False
    if now - int(session.get(SESSION_SEEN, 0)) > 60:  # write the session at most once a minute
        session[SESSION_SEEN] = now
    return True


def verify_url(region) -> str:
    """The page that asks for the code, in the region's staff area."""
    return reverse("twofactor:verify", kwargs={"region": region.slug})


def second_factor_redirect(request: HttpRequest, region) -> HttpResponse | None:
    """The code page when this session has not confirmed the second factor (lately enough),
    else None: the layer `core.routing.staff_view(second_factor=True)` puts on top of the
    case pages (hook `staff_second_factor`). A GET comes back to its page afterwards."""
    if is_verified(request):
        return None
    if request.method == "GET":
        return redirect(f"{verify_url(region)}?next={request.get_full_path()}")
    return redirect(verify_url(region))
