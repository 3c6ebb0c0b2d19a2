"""Prometheus metrics at /metrics (django-prometheus): requests and latency by view, for
the scraper that shows the token or comes from an allowed network, and for nobody else."""

import pytest

pytestmark = pytest.mark.django_db

TOKEN = "scraper-token-for-the-tests-0123456789"


@pytest.fixture
def metrics_token(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_IPS = []


def test_metrics_are_not_public_by_default(client):
    assert client.get("/metrics").status_code == 404


def test_metrics_are_refused_with_a_wrong_token(client, metrics_token):
    response = client.get("/metrics", headers={"Authorization": "Bearer not-the-token"})
    assert response.status_code == 404


def test_the_scraper_with_the_token_reads_the_metrics(client, metrics_token):
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200


def test_an_allowed_network_reads_the_metrics_without_a_token(client, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_IPS = ["10.20.0.0/16"]
    assert client.get("/metrics", REMOTE_ADDR="10.20.3.4").status_code == 200


def test_an_address_outside_the_allowed_networks_is_refused(client, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_IPS = ["10.20.0.0/16"]
    assert client.get("/metrics", REMOTE_ADDR="10.21.3.4").status_code == 404


def test_the_metrics_count_requests_by_view(client, metrics_token):
    client.get("/healthz/live")
    text = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).content.decode()
    series = "django_http_requests_latency_seconds_by_view_method_count"
    assert f'{series}{{method="GET",view="healthz_live"}}' in text
