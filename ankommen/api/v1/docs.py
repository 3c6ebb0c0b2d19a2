"""The browsable documentation at /api/v1/docs/: the OpenAPI document rendered on the
server as one HTML page. No JavaScript and nothing from a CDN, so it works under the strict
Content-Security-Policy and offline."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from ankommen.api.v1.api import api


def _schema_name(schema: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " | ".join(_schema_name(part) for part in schema["anyOf"])
    if schema.get("type") == "array":
        return f"[{_schema_name(schema.get('items', {}))}]"
    return schema.get("format") or schema.get("type", "")


def operations(document: dict) -> list[dict]:
    found = []
    for path, methods in document.get("paths", {}).items():
        for method, operation in methods.items():
            parameters = [
                {
                    "name": p["name"],
                    "where": p["in"],
                    "required": p.get("required", False),
                    "type": _schema_name(p.get("schema", {})),
                    "description": p.get("description")
                    or p.get("schema", {}).get("description")
                    or "",
                }
                for p in operation.get("parameters", [])
            ]
            responses = [
                {
                    "status": status,
                    "schema": _schema_name(
                        answer.get("content", {}).get("application/json", {}).get("schema", {})
                    ),
                }
                for status, answer in operation.get("responses", {}).items()
            ]
            found.append(
                {
                    "anchor": operation.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "tag": (operation.get("tags") or [""])[0],
                    "parameters": parameters,
                    "responses": responses,
                }
            )
    return found


def schemas(document: dict) -> list[dict]:
    found = []
    for name, schema in sorted(document.get("components", {}).get("schemas", {}).items()):
        required = set(schema.get("required", []))
        found.append(
            {
                "name": name,
                "fields": [
                    {
                        "name": field,
                        "type": _schema_name(spec),
                        "required": field in required,
                        "description": spec.get("description", ""),
                    }
                    for field, spec in schema.get("properties", {}).items()
                ],
            }
        )
    return found


def docs(request: HttpRequest) -> HttpResponse:
    document = api.get_openapi_schema(path_prefix=reverse("api_v1:api-root"))
    return render(
        request,
        "api/v1/docs.html",
        {
            "document": document,
            "intro": document["info"].get("description", "").split("\n\n"),
            "operations": operations(document),
            "schemas": schemas(document),
            "openapi_url": reverse("api_v1:openapi-json"),
        },
    )
