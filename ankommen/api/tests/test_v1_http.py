"""What every /api/v1/ answer shares: the error shape, conditional requests, CORS, the
rate limit, the interface language."""

import time

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from django.utils.http import http_date

from ankommen.api.models import ApiClient
from ankommen.api.tests.v1_world import build_world
from ankommen.api.v1 import conf

BASE = "/api/v1/regions/kreis-guetersloh"


@pytest.fixture
def world(cast):
    return build_world(cast)


@pytest.fixture(autouse=True)
def _fresh_counters():
    # Rate counters and Last-Modified times live in the cache; each test starts clean.
    conf.cache().clear()
    yield
    conf.cache().clear()


@pytest.fixture
def anonymous():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


# --- Errors ------------------------------------------------------------------------------


def test_unknown_region_is_404_in_the_error_shape(world, anonymous):
    body = anonymous.get("/api/v1/regions/kreis-nirgendwo/de/offers/").json()
    assert body["error"]["code"] == "not_found" and body["error"]["status"] == 404


def test_unknown_region_message_names_the_region(world, anonymous):
    body = anonymous.get("/api/v1/regions/kreis-nirgendwo/").json()
    assert body["error"]["message"] == "There is no region “kreis-nirgendwo”."


def test_language_the_region_does_not_offer_is_404(world, anonymous):
    response = anonymous.get(f"{BASE}/ar/offers/")
    assert response.json()["error"]["code"] == "not_found"


def test_unknown_path_under_v1_is_404_in_the_error_shape(world, anonymous):
    response = anonymous.get("/api/v1/gibt-es-nicht")
    assert (response.status_code, response.json()["error"]["code"]) == (404, "not_found")


def test_bad_parameter_is_400_naming_the_parameter(world, anonymous):
    body = anonymous.get(f"{BASE}/de/offers/?page=0").json()
    assert body["error"]["details"][0]["loc"][-1] == "page"


def test_unknown_vocabulary_slug_is_400(world, anonymous):
    response = anonymous.get(f"{BASE}/de/offers/?field=gibt-es-nicht")
    assert response.status_code == 400


def test_post_is_405_in_the_error_shape(world, anonymous):
    response = anonymous.post("/api/v1/regions/")
    assert (response.status_code, response.json()["error"]["code"]) == (405, "method_not_allowed")


def test_crash_is_500_in_the_error_shape(world, anonymous, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr("ankommen.api.v1.regions._regions", broken)
    response = anonymous.get("/api/v1/regions/")
    assert (response.status_code, response.json()["error"]["code"]) == (500, "server_error")


def test_error_message_is_german_by_default(world):
    body = Client().get("/api/v1/regions/kreis-nirgendwo/").json()
    assert body["error"]["message"] == "Es gibt keine Region „kreis-nirgendwo“."


# --- Conditional requests and caching ------------------------------------------------------


def test_same_etag_answers_304(world, anonymous):
    etag = anonymous.get(f"{BASE}/de/offers/")["ETag"]
    response = anonymous.get(f"{BASE}/de/offers/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


def test_changed_data_answers_200_to_an_old_etag(world, anonymous):
    etag = anonymous.get(f"{BASE}/de/offers/")["ETag"]
    world.counselling.is_published = False
    world.counselling.save()
    response = anonymous.get(f"{BASE}/de/offers/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200


def test_if_modified_since_the_last_modified_answers_304(world, anonymous):
    last_modified = anonymous.get(f"{BASE}/de/pages/")["Last-Modified"]
    response = anonymous.get(f"{BASE}/de/pages/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 304


def test_changed_data_is_modified_even_within_the_same_second(world, anonymous):
    last_modified = anonymous.get(f"{BASE}/de/pages/")["Last-Modified"]
    text = world.welcome.translations.get(language__code="de")
    text.title = "Herzlich willkommen"
    text.save()  # as every editor's change is saved: it raises the content version
    response = anonymous.get(f"{BASE}/de/pages/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 200


def test_if_modified_since_an_older_date_answers_200(world, anonymous):
    response = anonymous.get(f"{BASE}/de/pages/", HTTP_IF_MODIFIED_SINCE=http_date(0))
    assert response.status_code == 200


def test_answers_may_be_cached_for_a_minute(world, anonymous):
    response = anonymous.get("/api/v1/regions/")
    assert response["Cache-Control"] == "public, max-age=60"


def test_errors_are_not_cached(world, anonymous):
    response = anonymous.get("/api/v1/regions/kreis-nirgendwo/")
    assert response["Cache-Control"] == "no-store"


# --- CORS --------------------------------------------------------------------------------


def test_answers_allow_any_origin(world, anonymous):
    response = anonymous.get("/api/v1/regions/", HTTP_ORIGIN="https://app.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_preflight_allows_get_with_the_key_header(world, anonymous):
    response = anonymous.options(
        "/api/v1/regions/",
        HTTP_ORIGIN="https://app.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="x-api-key",
    )
    assert (response.status_code, "X-API-Key" in response["Access-Control-Allow-Headers"]) == (
        204,
        True,
    )


def test_errors_carry_cors_too(world, anonymous):
    response = anonymous.get("/api/v1/regions/kreis-nirgendwo/")
    assert response["Access-Control-Allow-Origin"] == "*"


# --- Rate limit ----------------------------------------------------------------------------


def test_anonymous_client_over_the_limit_gets_429_with_retry_after(world, anonymous, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    for _ in range(3):
        anonymous.get("/api/v1/languages/")
    response = anonymous.get("/api/v1/languages/")
    assert (response.status_code, 1 <= int(response["Retry-After"]) <= 60) == (429, True)


def test_rate_limited_answer_has_the_error_shape(world, anonymous, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 1
    anonymous.get("/api/v1/languages/")
    body = anonymous.get("/api/v1/languages/").json()
    assert body["error"]["code"] == "too_many_requests"


def test_remaining_requests_are_announced(world, anonymous, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 5
    anonymous.get("/api/v1/languages/")
    response = anonymous.get("/api/v1/languages/")
    assert (response["RateLimit-Limit"], response["RateLimit-Remaining"]) == ("5", "3")


def test_another_address_has_its_own_budget(world, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 1
    Client(REMOTE_ADDR="192.0.2.1").get("/api/v1/languages/")
    response = Client(REMOTE_ADDR="192.0.2.2").get("/api/v1/languages/")
    assert response.status_code == 200


def test_partner_key_with_a_higher_limit_passes(world, anonymous, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 2
    _client, key = ApiClient.issue(name="Integreat app", requests_per_minute=10)
    statuses = [
        anonymous.get("/api/v1/languages/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code
        for _ in range(5)
    ]
    assert statuses == [200] * 5


def test_partner_key_in_x_api_key_header_is_limited_by_its_own_limit(world, anonymous, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 100
    _client, key = ApiClient.issue(name="Kommune Verl", requests_per_minute=2)
    for _ in range(2):
        anonymous.get("/api/v1/languages/", HTTP_X_API_KEY=key)
    response = anonymous.get("/api/v1/languages/", HTTP_X_API_KEY=key)
    assert response.status_code == 429


def test_unknown_key_is_401(world, anonymous):
    response = anonymous.get("/api/v1/languages/", HTTP_X_API_KEY="ank_wrong")
    assert response.json()["error"]["code"] == "unauthorized"


def test_switched_off_key_is_refused(world, anonymous):
    client, key = ApiClient.issue(name="Alte App")
    ApiClient.objects.filter(pk=client.pk).update(is_active=False)
    response = anonymous.get("/api/v1/languages/", HTTP_X_API_KEY=key)
    assert response.status_code == 401


# --- The key command -----------------------------------------------------------------------


def test_issue_api_key_prints_a_key_that_works(world, anonymous, capsys):
    call_command("issue_api_key", "Integreat app", "--per-minute", "1000")
    key = capsys.readouterr().out.strip().splitlines()[-1]
    response = anonymous.get("/api/v1/languages/", HTTP_X_API_KEY=key)
    assert response["RateLimit-Limit"] == "1000"


def test_issue_api_key_stores_only_the_digest(world, capsys):
    call_command("issue_api_key", "Integreat app")
    key = capsys.readouterr().out.strip().splitlines()[-1]
    assert ApiClient.objects.get().key_digest == ApiClient.digest(key) != key


def test_head_answers_the_headers_of_get_without_a_body(world, anonymous):
    get = anonymous.get("/api/v1/regions/")
    head = anonymous.head("/api/v1/regions/")
    assert (head.status_code, head.content, head["ETag"]) == (200, b"", get["ETag"])


def test_address_without_its_trailing_slash_redirects(world, anonymous):
    response = anonymous.get(f"{BASE}/de/offers", {"q": "Beratung"})
    assert response["Location"] == f"{BASE}/de/offers/?q=Beratung"


def test_split_with_a_control_character_is_400_not_500(world, anonymous):
    response = anonymous.get(f"{BASE}/de/indicators/bevoelkerung/values/", {"split": "NAT\x00"})
    assert response.status_code == 400


def test_api_counters_stay_out_of_the_default_cache(world, anonymous):
    # The default cache holds the portal's rendered pages; API traffic must not evict them.
    before = int(time.time() // 60)
    anonymous.get("/api/v1/languages/")
    keys = [f"api:v1:rate:ip:127.0.0.1:{w}" for w in (before, int(time.time() // 60))]
    counted = [(conf.cache().get(k), caches["default"].get(k)) for k in keys]
    assert (1, None) in counted


def test_api_cache_setting_names_the_shared_cache(world, anonymous, settings):
    settings.API_CACHE = "default"
    settings.API_RATE_LIMIT_PER_MINUTE = 1
    anonymous.get("/api/v1/languages/")
    caches["default"].clear()  # as if another worker's counter were gone with it
    response = anonymous.get("/api/v1/languages/")
    assert response.status_code == 200
