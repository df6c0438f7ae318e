// Registers the service worker (public/sw.js) so that a visited notebook opens offline. Sets
// data-offline="ready" on <body> once everything is cached. Silent where it is not allowed
// (e.g. some embedding contexts): the site then simply needs the network.
// `after` (a promise) delays it, by at most 2 minutes: a notebook page caches the site once its runs
// are done, so that the download and the cache's writes do not take the cores its workers train on.
export async function enableOffline({ after } = {}) {
  if (!('serviceWorker' in navigator)) return;
  const atMost = new Promise((resolve) => { setTimeout(resolve, 120000); });
  try { await Promise.race([after, atMost]); } catch { /* cache it anyway */ }
  navigator.serviceWorker.addEventListener('message', (e) => {
    if (e.data?.type === 'rnnbook:offline-ready') document.body.dataset.offline = 'ready';
  });
  navigator.serviceWorker.register('./sw.js').then(async (registration) => {
    await navigator.serviceWorker.ready;
    if (registration.active && !registration.installing && !registration.waiting) document.body.dataset.offline = 'ready';
  }).catch(() => {});
}
