// rnnbook's JS API in node (the package's "node" entry): the same Client, pool and default object as
// in a page (rnnbook.js), on worker threads (node_worker.js) instead of Web Workers.
//   import { run } from 'rnnbook';
//   const r = await run({kind: 'train', seed: 1}, {onProgress, signal});
// The pool's threads do not keep node running while they are idle, so a script ends when its work does.
import { Worker } from 'node:worker_threads';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { Client as TransportClient } from './client.js';
import { defaultApi } from './default_api.js';

export { ExperimentHandle } from './client.js';
export { VERSION } from './version.js';

const MAX_WORKERS = 64;

/** The default pool size in node: every core (the main thread mostly waits), at most 64. */
export function defaultWorkers() {
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  return Math.max(1, Math.min(cores, MAX_WORKERS));
}

// A worker thread behind the Web Worker interface the pool expects (postMessage, onmessage({data}),
// onerror({message}), terminate). It holds node's event loop open only while a request it was sent
// has no answer yet: the protocol answers every request but 'cancel' with one 'result' or 'error'.
function threadWorker() {
  const thread = new Worker(new URL('./node_worker.js', import.meta.url));
  thread.unref();
  let pending = 0;
  let terminated = false;
  const worker = {
    onmessage: null,
    onerror: null,
    postMessage(message, transfer) {
      thread.postMessage(message, transfer);  // throws for a message that cannot be cloned: nothing sent
      if (message?.type !== 'cancel' && pending++ === 0) thread.ref();
    },
    terminate() {
      terminated = true;
      thread.terminate();
    },
  };
  thread.on('message', (data) => {
    if ((data?.type === 'result' || data?.type === 'error') && --pending === 0) thread.unref();
    worker.onmessage?.({ data });
  });
  thread.on('error', (e) => worker.onerror?.({ message: e?.message ?? String(e) }));
  thread.on('exit', (code) => {
    if (!terminated) worker.onerror?.({ message: `the worker thread exited with code ${code}` });
  });
  return worker;
}

/** A client with a pool of its own: new Client(), new Client({workers, stopTimeoutMs}). */
export class Client extends TransportClient {
  constructor(options = {}) {
    super({ createWorker: threadWorker, ...options, workers: options.workers ?? defaultWorkers() });
  }
}

/**
 * The wasm module in this thread, for the functions that take it first (rnnbook/engine,
 * rnnbook/functions): no worker, no pool, synchronous calls.
 */
export async function loadModule() {
  const { default: createRnnbook } = await import('@rnnbook/wasm');
  return createRnnbook({ wasmBinary: await readFile(new URL('./rnnbook.wasm', import.meta.url)) });
}

/** The default API object: one pool of worker threads shared by every call, created on first use. */
export const rnnbook = defaultApi(() => new Client());

export const {
  run, open, sweep, sweepPoints, configure, version, stats, restart,
  participationRatio, covarianceSpectrum, pcaComponents, effectiveRank, twoNN, levinaBickel, localPCA,
  nearestNeighbours, manifold, wasserstein1, slicedWasserstein1, mmd2, medianBandwidth, histogramKl,
  excessKurtosis, modeMasses,
} = rnnbook;

export default rnnbook;
