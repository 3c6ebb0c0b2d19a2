"""Response headers built from values a user or a record can choose."""

from __future__ import annotations

import re

from django.http import HttpResponse
from django.utils.http import content_disposition_header

# Control characters and path separators have no place in a file name offered for saving.
_UNSAFE_IN_FILENAME = re.compile(r"[\x00-\x1f\x7f/\\]")


def set_filename(response: HttpResponse, filename: str, *, inline: bool = False) -> HttpResponse:
    """Sets Content-Disposition for `filename`, which may hold a cost centre, a client's
    pseudonym or a slug: quotes are escaped and anything else that could end the value or
    the header (CR, LF) is replaced or percent-encoded (RFC 6266 via Django's helper)."""
    cleaned = _UNSAFE_IN_FILENAME.sub("_", filename)
    response["Content-Disposition"] = content_disposition_header(not inline, cleaned)
    return response
