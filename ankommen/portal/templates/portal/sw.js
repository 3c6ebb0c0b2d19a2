// The portal's service worker, one per region and language. CONFIG is prepended by the view
// (portal/public_views.py, portal/offline.py): the cache's name (region, language, content
// version, chosen town), the prefix every version of this region and language shares, the
// addresses to store, the offline page, and how many visited pages to keep besides.
self.addEventListener("install", (event) => {
  // Each address on its own: one that fails (a style sheet, say) does not stop the pages.
  // Stored anew into a cache of its own, so the previous set serves until this one is ready.
  event.waitUntil(
    caches.open(CONFIG.cache)
      .then((cache) => Promise.allSettled(CONFIG.urls.map((url) => cache.add(new Request(url, {credentials: "same-origin"})))))
      .then(() => self.skipWaiting())
  );
});
self.addEventListener("activate", (event) => {
  // One cache per region and language: the older versions (another content version,
  // another town) go; other regions' and languages' caches are not this worker's.
  event.waitUntil(
    caches.keys().then((names) => Promise.all(
      names.filter((name) => (name.startsWith(CONFIG.prefix) || name.startsWith(CONFIG.legacy)) && name !== CONFIG.cache)
        .map((name) => caches.delete(name))
    )).then(() => self.clients.claim())
  );
});

const STORED = new Set(CONFIG.urls.map((url) => new URL(url, self.location.origin).href));

// Visited pages are kept too, but only the newest CONFIG.visited of them: the cache stays
// bounded however long the visitor reads.
function keep(cache, request, response) {
  return cache.put(request, response).then(() => cache.keys()).then((keys) => {
    const visited = keys.filter((key) => !STORED.has(key.url));
    const surplus = visited.length - CONFIG.visited;
    return Promise.all(visited.slice(0, Math.max(surplus, 0)).map((key) => cache.delete(key)));
  });
}

function fromCache(request) {
  return caches.open(CONFIG.cache).then((cache) =>
    cache.match(request, {ignoreVary: true}).then((hit) => {
      if (hit) return hit;
      if (request.mode === "navigate") return cache.match(CONFIG.offline, {ignoreVary: true});
      return undefined;
    })
  ).then((hit) => hit || Response.error());
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith(
    fetch(request).then((response) => {
      if (response.ok && response.type === "basic") {
        const copy = response.clone();
        event.waitUntil(caches.open(CONFIG.cache).then((cache) => keep(cache, request, copy)));
      }
      return response;
    }).catch(() => fromCache(request))
  );
});
