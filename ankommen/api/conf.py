"""The API's settings, read from Django settings (ankommen/settings.py reads them from the
environment variables in brackets).

API_PUBLIC_URL (ANKOMMEN_PUBLIC_URL): the address the public site is reached at, without a
  trailing slash; the v3 API's absolute `url` fields start with it. Default
  http://127.0.0.1:8000 (the local demo).
API_PUBLISH_DIR (ANKOMMEN_API_PUBLISH_DIR): a directory the web server serves read API
  answers from (see ankommen/api/README.md); empty: no files are written.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def public_url() -> str:
    return settings.API_PUBLIC_URL.rstrip("/")


def publish_dir() -> Path | None:
    value = settings.API_PUBLISH_DIR
    return Path(value) if value else None
