"""The API's settings, read from Django settings or the environment.

API_PUBLIC_URL (ANKOMMEN_PUBLIC_URL): the address the public site is reached at, without a
  trailing slash; the v3 API's absolute `url` fields start with it. Default
  http://127.0.0.1:8000 (the local demo).
API_PUBLISH_DIR (ANKOMMEN_API_PUBLISH_DIR): a directory the web server serves read API
  answers from (see docs/architecture.md, "Public API"); empty: no files are written.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from ankommen.env import env_str


def public_url() -> str:
    value = getattr(settings, "API_PUBLIC_URL", None) or env_str(
        "ANKOMMEN_PUBLIC_URL", "http://127.0.0.1:8000"
    )
    return value.rstrip("/")


def publish_dir() -> Path | None:
    value = getattr(settings, "API_PUBLISH_DIR", None)
    if value is None:
        value = env_str("ANKOMMEN_API_PUBLISH_DIR", "")
    return Path(value) if value else None
