// rnnbook's JS API in a page: runs experiments on a pool of module Web Workers, each owning a wasm module.
//   const result = await rnnbook.run({kind: 'train', seed: 1}, {onProgress, signal});
//   const t = await rnnbook.open(config); await t.step(100); const cp = await t.snapshot(); ...
//   const { table } = await rnnbook.sweep({base, grid: {seed: [0, 1, 2]}});   // many runs at once
//   const { mle } = await rnnbook.twoNN(points);     // low-level functions on typed arrays (functions.js)
// Every method of the default object is also a named export: import { run, twoNN } from 'rnnbook'.
// See web/lib/rnnbook.d.ts for the types and docs/js-api.md for examples; node's entry is node.js.
import { Client as TransportClient } from './client.js';
import { defaultApi } from './default_api.js';

export { ExperimentHandle, defaultWorkers } from './client.js';
export { VERSION } from './version.js';

/**
 * A module Web Worker running worker.js (written out in full so that bundlers find and bundle it).
 * Browsers start workers only from the page's origin: when this file comes from another one (a CDN,
 * say), the worker is a same-origin blob that imports worker.js from there (CORS permitting), and
 * worker.js then finds the module and the .wasm beside itself as usual.
 */
const moduleWorker = (workerUrl) => () => {
  if (workerUrl) return new Worker(workerUrl, { type: 'module' });
  const here = import.meta.url;
  const page = globalThis.location?.origin;
  if (page && page !== 'null' && /^https?:/.test(here) && new URL(here).origin !== page) {
    const script = `import ${JSON.stringify(here.slice(0, here.lastIndexOf('/') + 1) + 'worker.js')};`;
    return new Worker(URL.createObjectURL(new Blob([script], { type: 'text/javascript' })), { type: 'module' });
  }
  return new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
};

/** A client with a pool of its own: new Client(), new Client(workerUrl), new Client({workers, stopTimeoutMs, workerUrl}). */
export class Client extends TransportClient {
  constructor(options = {}) {
    const opts = typeof options === 'string' || options instanceof URL ? { workerUrl: options } : options;
    super({ createWorker: moduleWorker(opts.workerUrl), ...opts });
  }
}

/** The default API object: one pool of workers shared by every call in the page, created on first use. */
export const rnnbook = defaultApi(() => new Client());

export const {
  run, open, sweep, sweepPoints, configure, version, stats, restart,
  participationRatio, covarianceSpectrum, pcaComponents, effectiveRank, twoNN, levinaBickel, localPCA,
  nearestNeighbours, manifold, wasserstein1, slicedWasserstein1, mmd2, medianBandwidth, histogramKl,
  excessKurtosis, modeMasses,
} = rnnbook;

export default rnnbook;
