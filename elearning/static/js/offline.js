// Offline use (elearning/offline.py). Signed in: register the service worker. Not signed in (after
// signing out, or a session that ended): empty the offline store and remove the worker, so a
// learner who signs out leaves nothing behind, even where Clear-Site-Data is not supported.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) {
    return;
  }
  if (document.documentElement.hasAttribute("data-signed-in")) {
    navigator.serviceWorker.register("/service-worker.js", { scope: "/" }).catch(function () {});
    return;
  }
  if (window.caches) {
    caches.keys().then(function (keys) {
      keys.forEach(function (key) { caches.delete(key); });
    });
  }
  navigator.serviceWorker.getRegistrations().then(function (registrations) {
    registrations.forEach(function (registration) { registration.unregister(); });
  });
})();
