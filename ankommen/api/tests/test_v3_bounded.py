"""Issue 13: the v3 API's work and memory are bounded — cache keys from the parameters an
answer depends on, a byte budget for the cache."""

import pytest
from django.core.cache import caches

from ankommen.api.memory_cache import BoundedMemoryCache

R = "/api/v3/kreis-guetersloh"


def _held():
    store = caches["api"]
    return len(store._cache), store.bytes_held


def test_a_thousand_unknown_parameters_leave_the_cache_flat(client, verl_region, settings):
    settings.API_V3_RATE_LIMIT_PER_MINUTE = 0  # the cache is under test, not the limit
    assert client.get(f"{R}/de/pages/").status_code == 200
    before = _held()
    for n in range(1000):
        assert client.get(f"{R}/de/pages/", {"x": n}).status_code == 200
    assert _held() == before


def test_an_unknown_parameter_gets_the_same_answer(client, verl_region):
    plain = client.get(f"{R}/de/pages/").content
    assert client.get(f"{R}/de/pages/", {"cachebuster": "7"}).content == plain


@pytest.mark.parametrize(
    "spelling",
    [
        "/kreis-guetersloh/de/wohnen/",
        "kreis-guetersloh/de/wohnen",
        "/kreis-guetersloh/de/anything/wohnen/",
        "/kreis-guetersloh/de/wohnen//",
    ],
)
def test_one_page_in_many_spellings_is_one_cache_entry(client, verl_region, spelling):
    assert client.get(f"{R}/de/page/", {"url": "/kreis-guetersloh/de/wohnen/"}).status_code == 200
    before = _held()
    response = client.get(f"{R}/de/page/", {"url": spelling})
    assert response.status_code == 200
    assert _held() == before


def test_any_depth_beyond_the_deepest_tree_is_one_cache_entry(client, verl_region):
    assert client.get(f"{R}/de/children/", {"depth": "50"}).status_code == 200
    before = _held()
    for depth in ("51", "0050", "9999999999999999999999"):
        assert client.get(f"{R}/de/children/", {"depth": depth}).status_code == 200
    assert _held() == before


def test_the_answer_cache_keeps_to_its_byte_budget():
    store = BoundedMemoryCache(
        "test-budget", {"OPTIONS": {"MAX_BYTES": 100_000, "MAX_ENTRY_BYTES": 30_000}}
    )
    for n in range(200):
        store.set(f"k{n}", b"x" * 20_000)
    assert store.bytes_held <= 100_000
    assert store.bytes_held == sum(len(v) for v in store._cache.values())
    assert store.get("k199") is not None


def test_an_answer_above_the_entry_limit_is_not_kept():
    store = BoundedMemoryCache(
        "test-entry", {"OPTIONS": {"MAX_BYTES": 100_000, "MAX_ENTRY_BYTES": 30_000}}
    )
    store.set("big", b"x" * 40_000)
    assert store.get("big") is None
    assert store.bytes_held == 0


# --- Rate limits ----------------------------------------------------------------------------


def test_v3_answers_429_with_retry_after_beyond_the_limit(client, verl_region, settings):
    settings.API_V3_RATE_LIMIT_PER_MINUTE = 3
    for _n in range(3):
        assert client.get(f"{R}/en/pages/").status_code == 200
    refused = client.get(f"{R}/en/pages/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert "Too many requests" in refused.json()["error"]


def test_the_v3_refusal_speaks_the_language_of_the_path(client, verl_region, settings):
    settings.API_V3_RATE_LIMIT_PER_MINUTE = 1
    client.get(f"{R}/de/pages/")
    assert "Zu viele" in client.get(f"{R}/de/pages/").json()["error"]


def test_the_v3_limit_is_per_client_address(client, verl_region, settings):
    settings.API_V3_RATE_LIMIT_PER_MINUTE = 1
    assert client.get(f"{R}/de/pages/", REMOTE_ADDR="10.0.0.1").status_code == 200
    assert client.get(f"{R}/de/pages/", REMOTE_ADDR="10.0.0.2").status_code == 200
    assert client.get(f"{R}/de/pages/", REMOTE_ADDR="10.0.0.1").status_code == 429


def test_the_v3_count_is_shared_by_every_worker(verl_region, settings):
    """Counted in the database, not in a process's memory: a second process's count
    (another worker) continues the first's."""
    from ankommen.core import ratelimit
    from ankommen.core.models import RateCount

    settings.API_CACHE = ""
    ratelimit.count("v3:ip:10.0.0.9", 2, now=60.0)
    assert RateCount.objects.get(bucket="v3:ip:10.0.0.9").hits == 1
    assert ratelimit.count("v3:ip:10.0.0.9", 2, now=61.0).allowed
    assert not ratelimit.count("v3:ip:10.0.0.9", 2, now=62.0).allowed


@pytest.mark.parametrize("path", ["/kreis-guetersloh/de/suche/", "/kreis-guetersloh/de/angebote/"])
def test_public_search_answers_429_beyond_the_limit(client, verl_region, settings, path):
    settings.SEARCH_RATE_LIMIT_PER_MINUTE = 2
    for word in ("kurs", "miete"):
        assert client.get(path, {"q": word}).status_code == 200
    refused = client.get(path, {"q": "arbeit"})
    assert refused.status_code == 429
    assert "Retry-After" in refused
    assert "Zu viele" in refused.content.decode()
