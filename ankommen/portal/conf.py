"""The portal's settings, read from Django settings or the environment.

PORTAL_MACHINE_TRANSLATION (or the environment variables in brackets):
  provider  "deepl", "libretranslate" or "" for none      (ANKOMMEN_MT_PROVIDER)
  url       the server, e.g. https://api-free.deepl.com   (ANKOMMEN_MT_URL)
  api_key   the key, if the server needs one             (ANKOMMEN_MT_API_KEY)
  timeout   seconds to wait for an answer, default 20    (ANKOMMEN_MT_TIMEOUT)
"""

from __future__ import annotations

from django.conf import settings

from ankommen.env import env_int, env_str


def machine_translation_settings() -> dict:
    configured = getattr(settings, "PORTAL_MACHINE_TRANSLATION", None)
    if configured is not None:
        return {"timeout": 20, "api_key": "", **configured}
    return {
        "provider": env_str("ANKOMMEN_MT_PROVIDER", ""),
        "url": env_str("ANKOMMEN_MT_URL", ""),
        "api_key": env_str("ANKOMMEN_MT_API_KEY", ""),
        "timeout": env_int("ANKOMMEN_MT_TIMEOUT", 20),
    }
