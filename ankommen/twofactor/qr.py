"""The authenticator's key as a QR code, drawn inline as SVG (segno; no image request, no
script, so the page's CSP stays as it is)."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


def qr_svg(uri: str) -> SafeString:
    """An <svg> of the otpauth:// URI, with a title for screen readers."""
    svg = segno.make(uri, error="m").svg_inline(
        scale=5,
        border=4,
        dark="#000",
        light="#fff",
        title=_("QR code of your authenticator key"),
        svgclass="totp-qr",
    )
    return mark_safe(svg)  # safe: segno's own SVG of a URI we built  # noqa: S308
