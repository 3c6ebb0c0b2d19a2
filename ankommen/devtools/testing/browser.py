"""The browser tests' helpers beside their fixtures (`chromium`, `page`, `phone` in the root
conftest.py): signing a person in to a Playwright tab."""

from __future__ import annotations

from django.conf import settings
from django.test import Client


def sign_in(tab, live_server, user, *, verified: bool = False) -> None:
    """Signs `user` in to the tab's browser context through a session cookie for the live
    server; `verified`: as having confirmed the second factor (case pages ask for it)."""
    client = Client()
    client.force_login(user)
    if verified:
        from ankommen.twofactor import mark_verified

        session = client.session
        mark_verified(session, user)
        session.save()
    tab.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
