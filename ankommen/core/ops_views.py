"""The operator's endpoints: liveness, readiness and the Prometheus metrics
(docs/operations.md, "Monitoring"). None of them touches a session or a region."""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_prometheus.exports import ExportToDjangoView

from ankommen.core import health
from ankommen.core.net import client_address


@never_cache
@require_safe
def live(request: HttpRequest) -> JsonResponse:
    """The process answers; nothing else is asked (a database outage must not make a
    supervisor restart every healthy process)."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def ready(request: HttpRequest) -> JsonResponse:
    """200 when this instance can serve, 503 otherwise; each probe's verdict in `checks`."""
    results = health.readiness()
    ok = all(result.ok for result in results)
    return JsonResponse(
        {
            "status": "ok" if ok else "fail",
            "checks": {result.name: result.as_json() for result in results},
        },
        status=200 if ok else 503,
    )


def metrics_allowed(request: HttpRequest) -> bool:
    """The scraper shows the bearer token of METRICS_TOKEN, or comes from an address in
    METRICS_ALLOWED_IPS. Neither set: nobody (the metrics are not public by default)."""
    token = settings.METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "")
        if given.startswith("Bearer ") and hmac.compare_digest(
            given.removeprefix("Bearer ").encode(), token.encode()
        ):
            return True
    address = client_address(request)
    if address is None:
        return False
    ip = ipaddress.ip_address(address)
    return any(
        ip in ipaddress.ip_network(network, strict=False)
        for network in settings.METRICS_ALLOWED_IPS
    )


@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text format (django-prometheus: requests and latency by view, responses
    by status, exceptions). 404 to whoever may not read them, as if there were none."""
    if not metrics_allowed(request):
        raise Http404("No metrics here.")
    return ExportToDjangoView(request)
