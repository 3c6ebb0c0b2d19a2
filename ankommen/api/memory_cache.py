"""A per-process memory cache with a byte budget, for the v3 API's answers.

Django's LocMemCache bounds the number of entries only. The v3 answers range from a few
bytes to more than a megabyte (a region's events), so 5,000 entries of them could hold
gigabytes in every gunicorn worker. This backend counts the pickled bytes it keeps and
drops the least recently used entries when `MAX_BYTES` is passed; an answer larger than
`MAX_ENTRY_BYTES` is not kept at all (it is rebuilt on each request, and the publish-time
files serve the large answers without parameters anyway).

    CACHES["api"] = {
        "BACKEND": "ankommen.api.memory_cache.BoundedMemoryCache",
        "LOCATION": "ankommen-api",
        "OPTIONS": {"MAX_BYTES": 64 * 2**20, "MAX_ENTRY_BYTES": 4 * 2**20},
    }
"""

from __future__ import annotations

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache

# Bytes held per cache name, shared like LocMemCache's own stores.
_totals: dict[str, list[int]] = {}


class BoundedMemoryCache(LocMemCache):
    def __init__(self, name: str, params: dict) -> None:
        super().__init__(name, params)
        options = params.get("OPTIONS", {}) or {}
        self.max_bytes = int(options.get("MAX_BYTES", 64 * 2**20))
        self.max_entry_bytes = int(options.get("MAX_ENTRY_BYTES", self.max_bytes // 16))
        self._total = _totals.setdefault(name, [0])

    @property
    def bytes_held(self) -> int:
        return self._total[0]

    def _set(self, key, value, timeout=DEFAULT_TIMEOUT) -> None:
        self._delete(key)
        if len(value) > self.max_entry_bytes:
            return
        super()._set(key, value, timeout)
        self._total[0] += len(value)
        while self._total[0] > self.max_bytes and len(self._cache) > 1:
            old_key, _old = self._cache.popitem()  # the least recently used
            self._forget(old_key, _old)

    def incr(self, key, delta=1, version=None):
        # Counters are tiny, but keep the sum exact: count the new value's size.
        validated = self.make_and_validate_key(key, version=version)
        with self._lock:
            before = len(self._cache.get(validated, b""))
        value = super().incr(key, delta, version)
        with self._lock:
            self._total[0] += len(self._cache.get(validated, b"")) - before
        return value

    def _forget(self, key, value) -> None:
        self._expire_info.pop(key, None)
        self._total[0] -= len(value)

    def _cull(self) -> None:
        if self._cull_frequency == 0:
            self._cache.clear()
            self._expire_info.clear()
            self._total[0] = 0
            return
        for _i in range(len(self._cache) // self._cull_frequency):
            key, value = self._cache.popitem()
            self._forget(key, value)

    def _delete(self, key) -> bool:
        value = self._cache.pop(key, None)
        if value is None:
            return False
        self._forget(key, value)
        return True

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()
            self._expire_info.clear()
            self._total[0] = 0
