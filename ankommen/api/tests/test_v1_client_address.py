"""The v1 rate limit counts the same client address as every other throttle (issue 13):
behind the proxy the real client, never an address the client wrote itself."""

from django.test import RequestFactory

from ankommen.api.v1 import ratelimit


def bucket(**meta) -> str:
    return ratelimit.bucket_and_limit(RequestFactory().get("/api/v1/", **meta))[0]


def test_a_client_cannot_choose_its_bucket_with_a_forged_forwarded_header(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.API_CLIENT_IP_HEADER = None
    assert bucket(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.66") == (
        "ip:198.51.100.66"
    )


def test_the_configured_proxy_header_still_names_the_client(settings):
    settings.API_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    assert bucket(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="198.51.100.7") == "ip:198.51.100.7"
