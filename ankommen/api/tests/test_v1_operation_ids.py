"""Partners generate clients from the OpenAPI document, so its operation ids are a promise:
the live document names the same operations, at the same paths and methods, as the
committed list `v1_operation_ids.json`. A new operation is added to that list on purpose;
a renamed or moved one fails here."""

import json
from pathlib import Path

from django.test import Client

PROMISED = Path(__file__).with_name("v1_operation_ids.json")


def live_operations() -> list[dict]:
    document = Client().get("/api/v1/openapi.json").json()
    found = [
        {"operation_id": operation["operationId"], "method": method.upper(), "path": path}
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    ]
    return sorted(found, key=lambda o: o["operation_id"])


def test_the_operation_ids_are_the_ones_partners_were_promised(db):
    assert live_operations() == json.loads(PROMISED.read_text())
