// Registers the service worker (public/sw.js) so that a visited notebook opens offline. Sets
// data-offline="ready" on <body> once everything is cached. Silent where it is not allowed
// (e.g. some embedding contexts): the site then simply needs the network.
export function enableOffline() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener('message', (e) => {
    if (e.data?.type === 'rnnbook:offline-ready') document.body.dataset.offline = 'ready';
  });
  navigator.serviceWorker.register('./sw.js').then(async (registration) => {
    await navigator.serviceWorker.ready;
    if (registration.active && !registration.installing && !registration.waiting) document.body.dataset.offline = 'ready';
  }).catch(() => {});
}
