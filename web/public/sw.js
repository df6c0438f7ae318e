// rnnbook's service worker: after one visit the whole site works offline. On install it caches
// every file of the build (listed in precache.json, written by the build); pages are fetched from
// the network first (so updates arrive) and from the cache when offline; other files cache first.
const CACHE = 'rnnbook-v1';

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const list = await (await fetch('./precache.json', { cache: 'no-store' })).json();
    await cache.addAll(list.files.map((f) => new URL(f, self.registration.scope).href));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
    await self.clients.claim();
    for (const client of await self.clients.matchAll()) client.postMessage({ type: 'rnnbook:offline-ready' });
  })());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith((async () => {
      try {
        const response = await fetch(request);
        const cache = await caches.open(CACHE);
        cache.put(request, response.clone());
        return response;
      } catch (e) {
        // Any notebook.html?nb=... is the same page: match without the query.
        return (await caches.match(request)) ?? (await caches.match(request, { ignoreSearch: true })) ?? Response.error();
      }
    })());
    return;
  }
  event.respondWith((async () => {
    const cached = await caches.match(request, { ignoreSearch: true });
    if (cached) return cached;
    const response = await fetch(request);
    if (response.ok) (await caches.open(CACHE)).put(request, response.clone());
    return response;
  })());
});
