// The portal's service worker; CONFIG (cache name, URLs to keep) is prepended by the view.
self.addEventListener("install", (event) => {
  // Each address on its own: one that fails (a style sheet, say) does not stop the pages.
  event.waitUntil(
    caches.open(CONFIG.cache)
      .then((cache) => Promise.allSettled(CONFIG.urls.map((url) => cache.add(url))))
      .then(() => self.skipWaiting())
  );
});
self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((names) => Promise.all(
      names.filter((name) => name.startsWith(CONFIG.cache.replace(/-\d+$/, "-")) && name !== CONFIG.cache)
        .map((name) => caches.delete(name))
    )).then(() => self.clients.claim())
  );
});
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  event.respondWith(
    fetch(request).then((response) => {
      if (response.ok && new URL(request.url).origin === self.location.origin) {
        const copy = response.clone();
        caches.open(CONFIG.cache).then((cache) => cache.put(request, copy));
      }
      return response;
    }).catch(() => caches.match(request, {ignoreSearch: true, ignoreVary: true}).then((hit) => hit || Response.error()))
  );
});
