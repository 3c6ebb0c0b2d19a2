// The portal's only script: registers the service worker of the language (offline
// reading), says when the visitor is offline, and in kiosk mode returns to the language
// choice after two minutes without a touch. No inline script: loaded from the page head.
(function () {
  "use strict";
  var me = document.currentScript;
  var swUrl = me && me.dataset.sw;
  var scope = me && me.dataset.scope;
  var kioskHome = me && me.dataset.kioskHome;
  var idleSeconds = me && Number(me.dataset.kioskIdle || 0);

  var cachePrefix = me && me.dataset.cache;
  var town = me && me.dataset.town;

  if (swUrl && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(swUrl, { scope: scope }).catch(function () {});
    // The visitor chose another town since the worker stored its pages: the worker's
    // script names the town, so an update installs one that stores the new town's. Asked
    // once the worker being installed (if any) is active.
    var checkTown = function (registration) {
      var next = registration.installing || registration.waiting;
      if (next) {
        next.addEventListener("statechange", function () {
          if (next.state === "activated" || next.state === "redundant") checkTown(registration);
        });
        return;
      }
      if (!cachePrefix || !window.caches || !registration.active) return;
      caches.keys().then(function (names) {
        var suffix = "-t" + town;
        var stored = names.some(function (name) {
          return name.indexOf(cachePrefix) === 0 && name.slice(-suffix.length) === suffix;
        });
        if (!stored) registration.update().catch(function () {});
      });
    };
    navigator.serviceWorker.ready.then(checkTown).catch(function () {});
  }

  function showOffline() {
    var notice = document.getElementById("offline-notice");
    if (notice) notice.hidden = navigator.onLine;
  }
  document.addEventListener("DOMContentLoaded", showOffline);
  window.addEventListener("online", showOffline);
  window.addEventListener("offline", showOffline);

  if (kioskHome && idleSeconds > 0) {
    // Nothing about the visitor is kept: no cookies, no storage; leaving the page
    // after the idle time also forgets the scroll position and history entries.
    try { window.sessionStorage.clear(); window.localStorage.clear(); } catch (e) {}
    var timer = null;
    var restart = function () {
      if (timer) window.clearTimeout(timer);
      timer = window.setTimeout(function () { window.location.replace(kioskHome); }, idleSeconds * 1000);
    };
    ["pointerdown", "keydown", "touchstart", "scroll", "wheel"].forEach(function (name) {
      window.addEventListener(name, restart, { passive: true });
    });
    restart();
  }
})();
