"""Push notifications for news, through one interface with several engines.

`CRISIS_PUSH_PROVIDER` chooses the engine: "" (none: nothing is sent), "fcm" (Firebase
Cloud Messaging HTTP v1: `POST {CRISIS_PUSH_URL}/v1/projects/{project}/messages:send` with a
bearer access token, one message per topic), or "webhook" (a JSON POST to
`CRISIS_PUSH_URL`, signed with HMAC-SHA256 of the body in `X-Ankommen-Signature`). The
topics follow the Integreat apps: `<region>-<language>-news`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class PushMessage:
    topic: str
    title: str
    body: str
    data: dict[str, str]


class PushError(Exception):
    """The provider refused the message or could not be reached."""


class PushProvider:
    name = "none"

    def send(self, message: PushMessage) -> str:
        """Sends one message; returns the provider's id for it. Raises PushError."""
        raise NotImplementedError

    def _post(self, url: str, payload: bytes, headers: dict[str, str]) -> bytes:
        request = urllib.request.Request(url, data=payload, method="POST", headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=settings.CRISIS_PUSH_TIMEOUT) as answer:  # noqa: S310
                return answer.read()
        except urllib.error.HTTPError as error:
            detail = error.read()[:200].decode("utf-8", "replace")
            raise PushError(f"{self.name}: HTTP {error.code} {detail}") from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise PushError(f"{self.name}: {error}") from error


class FcmV1Provider(PushProvider):
    """Firebase Cloud Messaging, HTTP v1 API (or any server speaking it)."""

    name = "fcm"

    def __init__(self, *, url: str, project: str, token: str) -> None:
        if not (url and project and token):
            raise ImproperlyConfigured(
                "CRISIS_PUSH_PROVIDER=fcm needs CRISIS_PUSH_URL, CRISIS_PUSH_FCM_PROJECT and "
                "CRISIS_PUSH_TOKEN."
            )
        self.endpoint = f"{url.rstrip('/')}/v1/projects/{project}/messages:send"
        self.token = token

    def send(self, message: PushMessage) -> str:
        payload = {
            "message": {
                "topic": message.topic,
                "notification": {"title": message.title, "body": message.body},
                "data": message.data,
                "android": {"priority": "high"},
            }
        }
        answer = self._post(
            self.endpoint,
            json.dumps(payload).encode(),
            {
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json; charset=utf-8",
            },
        )
        try:
            return str(json.loads(answer)["name"])
        except (ValueError, KeyError, TypeError) as error:
            raise PushError("fcm: answer without a message name") from error


class WebhookProvider(PushProvider):
    """A generic webhook: one JSON POST per message, signed with a shared secret."""

    name = "webhook"

    def __init__(self, *, url: str, secret: str) -> None:
        if not (url and secret):
            raise ImproperlyConfigured(
                "CRISIS_PUSH_PROVIDER=webhook needs CRISIS_PUSH_URL and CRISIS_PUSH_TOKEN."
            )
        self.url = url
        self.secret = secret.encode()

    def send(self, message: PushMessage) -> str:
        body = json.dumps(
            {
                "topic": message.topic,
                "title": message.title,
                "body": message.body,
                "data": message.data,
            },
            ensure_ascii=False,
        ).encode()
        signature = hmac.new(self.secret, body, hashlib.sha256).hexdigest()
        answer = self._post(
            self.url,
            body,
            {
                "Content-Type": "application/json; charset=utf-8",
                "X-Ankommen-Signature": f"sha256={signature}",
            },
        )
        try:
            return str(json.loads(answer or b"{}").get("id", ""))
        except (ValueError, AttributeError):
            return ""


def provider() -> PushProvider | None:
    """The configured provider, or None when push is off."""
    name = settings.CRISIS_PUSH_PROVIDER
    if not name:
        return None
    if name == "fcm":
        return FcmV1Provider(
            url=settings.CRISIS_PUSH_URL,
            project=settings.CRISIS_PUSH_FCM_PROJECT,
            token=settings.CRISIS_PUSH_TOKEN,
        )
    if name == "webhook":
        return WebhookProvider(url=settings.CRISIS_PUSH_URL, secret=settings.CRISIS_PUSH_TOKEN)
    raise ImproperlyConfigured(f"Unknown CRISIS_PUSH_PROVIDER {name!r} (fcm, webhook or empty).")


def topic(region_slug: str, language_code: str) -> str:
    return f"{region_slug}-{language_code}-news"
