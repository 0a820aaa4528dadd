/* The PROTECT training service worker (elearning/offline.py explains what is kept and why). */
"use strict";
const CACHE = "{{ cache_version }}";
const PRECACHE = {{ precache|safe }};
const OFFLINE_URL = "/offline/";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  // Drop what an earlier version kept.
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "clear") {
    event.waitUntil(caches.keys().then((keys) => Promise.all(keys.map((key) => caches.delete(key)))));
  }
});

function mayKeep(response) {
  return response.ok && response.type === "basic" && response.headers.get("{{ offline_header }}") === "{{ offline_value }}";
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) {
    return; // answers, sign-ins and other sites: never touched
  }
  if (url.pathname.startsWith("/static/")) {
    // Our stylesheet, scripts and images: from the network, kept for offline use.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(request, copy));
          }
          return response;
        })
        .catch(() => caches.match(request))
    );
    return;
  }
  if (request.mode !== "navigate") {
    return;
  }
  // Pages: always the network first; a page the server marked as safe to keep is stored.
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (mayKeep(response)) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
        }
        return response;
      })
      .catch(() =>
        caches.match(url.pathname).then((kept) => kept || caches.match(OFFLINE_URL))
      )
  );
});
