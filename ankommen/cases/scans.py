"""Checks and storage of uploaded consent scans: PDF, JPEG or PNG, recognised by the first
bytes of the file (its signature), never by the name or the browser's content type."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ankommen.cases.models import Consent, ConsentScan
from ankommen.core.crypto import decrypt_bytes, encrypt_bytes

SIGNATURES = (
    (b"%PDF-", ConsentScan.Kind.PDF),
    (b"\xff\xd8\xff", ConsentScan.Kind.JPEG),
    (b"\x89PNG\r\n\x1a\n", ConsentScan.Kind.PNG),
)
MAX_BYTES_DEFAULT = 5 * 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "CASES_CONSENT_SCAN_MAX_BYTES", MAX_BYTES_DEFAULT))


def sniff(data: bytes) -> str | None:
    """The content type the file's signature names, or None for anything else."""
    for signature, kind in SIGNATURES:
        if data.startswith(signature):
            return kind
    return None


def read_scan(upload) -> tuple[bytes, str]:
    """The upload's bytes and its real type; a clear error for too large or wrong files."""
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("The scan is larger than %(megabytes)s MB."),
            code="too_large",
            params={"megabytes": limit // (1024 * 1024)},
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            _("The scan is larger than %(megabytes)s MB."),
            code="too_large",
            params={"megabytes": limit // (1024 * 1024)},
        )
    kind = sniff(data)
    if kind is None:
        raise ValidationError(_("The scan must be a PDF, JPEG or PNG file."), code="scan_type")
    return data, kind


def store_scan(consent: Consent, *, data: bytes, kind: str, filename: str, by) -> ConsentScan:
    return ConsentScan.objects.create(
        consent=consent,
        filename=filename[:200],
        content_type=kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        content=encrypt_bytes(data),
        uploaded_by_id=by.pk if by is not None else None,
    )


class ScanDamaged(Exception):
    """The decrypted scan no longer matches the checksum taken at upload."""


def open_scan(scan: ConsentScan) -> bytes:
    data = decrypt_bytes(scan.content)
    if hashlib.sha256(data).hexdigest() != scan.sha256:
        raise ScanDamaged(scan.pk)
    return data
