"""Issue 13: the v3 API's work and memory are bounded — cache keys from the parameters an
answer depends on, a byte budget for the cache."""

import pytest
from django.core.cache import caches

from ankommen.api.memory_cache import BoundedMemoryCache

R = "/api/v3/kreis-guetersloh"


def _held():
    store = caches["api"]
    return len(store._cache), store.bytes_held


def test_a_thousand_unknown_parameters_leave_the_cache_flat(client, verl_region):
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
