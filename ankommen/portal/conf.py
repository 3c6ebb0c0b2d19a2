"""The portal's settings, read from Django settings (ankommen/settings.py reads them from
the environment variables in brackets).

PORTAL_MACHINE_TRANSLATION:
  provider  "deepl", "libretranslate" or "" for none      (ANKOMMEN_MT_PROVIDER)
  url       the server, e.g. https://api-free.deepl.com   (ANKOMMEN_MT_URL)
  api_key   the key, if the server needs one             (ANKOMMEN_MT_API_KEY)
  timeout   seconds to wait for an answer, default 20    (ANKOMMEN_MT_TIMEOUT)
"""

from __future__ import annotations

from django.conf import settings


def machine_translation_settings() -> dict:
    # A deployment (or a test) may give only provider and url.
    return {"timeout": 20, "api_key": "", **settings.PORTAL_MACHINE_TRANSLATION}
