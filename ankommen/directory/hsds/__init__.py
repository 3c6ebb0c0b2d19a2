"""Open Referral HSDS 3.0: export of a region's directory and import of such an export.

Ids are stable UUIDs derived from the region and the record's key (uuid5), so an export
imported elsewhere and exported again keeps them. Our profile ("ankommen") adds what HSDS
lacks: `translations` (one row per language and field, with provenance) and taxonomy terms
for fields of action, target groups, audiences and kinds, attached through `attributes`.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

SCHEMA_DIR = Path(__file__).parent / "schema"
PROFILE_URI = "https://ankommen.example.org/hsds/profile/ankommen"
NAMESPACE = uuid.UUID("6f1c3a52-3c3e-4b8c-9a43-7a52e1f0c0de")


def stable_id(region, kind: str, key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{region.slug}/{kind}/{key}"))


def load_schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))
