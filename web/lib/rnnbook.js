// rnnbook's JS API: runs experiments in a Web Worker that owns the wasm module.
//   const result = await rnnbook.run({kind: 'train', seed: 1}, {onProgress, signal});
//   const t = await rnnbook.open(config); await t.step(100); const cp = await t.snapshot(); ...
//   const { mle } = await rnnbook.twoNN(points);     // low-level functions on typed arrays (functions.js)
// See web/lib/rnnbook.d.ts for the types and docs/js-api.md for examples.
import { functionNames } from './functions.js';

export class Client {
  constructor(workerUrl) {
    this._workerUrl = workerUrl;
    this._worker = null;  // started on first use, and again after a crash or restart()
    this._generation = 0;  // bumped on every restart: handles of older workers are lost
    this._pending = new Map();
    this._nextId = 1;
  }

  _ensureWorker() {
    if (this._worker) return this._worker;
    // Written out in full so that Vite finds and bundles the worker.
    const worker = this._workerUrl
      ? new Worker(this._workerUrl, { type: 'module' })
      : new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = ({ data }) => {
      if (data?.type === 'fatal') this._lose(worker, `worker: the wasm module failed (${data.message}); it was restarted`);
      else this._receive(data);
    };
    worker.onerror = (event) => {
      event.preventDefault?.();
      this._lose(worker, `worker: ${event.message || 'the worker failed to start or crashed'}; it was restarted`);
    };
    this._worker = worker;
    return worker;
  }

  // The worker died or its module is unusable: drop it (the next call starts a fresh one) and fail
  // what was waiting on it.
  _lose(worker, message) {
    if (worker !== this._worker) return;
    worker.terminate();
    this._worker = null;
    this._generation++;
    this._failAll(message);
  }

  /** Runs an experiment; resolves with its result (partial, with stopped: true, if aborted). */
  run(config, { onProgress, signal, series, chunkMs } = {}) {
    return this._request({ type: 'run', config, ...(series ? { series } : {}), ...(chunkMs !== undefined ? { chunkMs } : {}) },
      { onProgress, signal });
  }

  /** Opens an experiment held in the worker; resolves with a handle to step, snapshot and restore it. */
  async open(config) {
    const generation = this._generation;
    const handle = await this._request({ type: 'open', config }, {}, generation);
    return new ExperimentHandle(this, handle, generation);
  }

  /** The version of the wasm core. */
  version() {
    return this._request({ type: 'version' }, {});
  }

  /** The worker's memory: {heapBytes (wasm heap, grows only), usedBytes (allocated now), open (held experiments)}. */
  stats() {
    return this._request({ type: 'stats' }, {});
  }

  /** Stops the worker; pending calls reject. A later call starts a new worker. */
  terminate() {
    if (this._worker) this._lose(this._worker, 'worker: terminated');
  }

  /**
   * Ends the worker at once, even in the middle of a long step, and starts a new one on the next
   * call: the way out when a cancel cannot get through. Pending calls reject with "worker:
   * restarted"; experiments opened before are lost.
   */
  restart() {
    if (this._worker) this._lose(this._worker, 'worker: restarted');
  }

  _request(message, { onProgress, signal }, generation = this._generation) {
    const id = this._nextId++;
    return new Promise((resolve, reject) => {
      if (generation !== this._generation) {
        reject(new Error('experiment: lost when the worker restarted; open it again'));
        return;
      }
      const worker = this._ensureWorker();
      const entry = { resolve, reject, onProgress };
      if (signal) {
        const abort = () => { if (this._worker === worker) worker.postMessage({ type: 'cancel', id }); };
        if (signal.aborted) abort();
        else signal.addEventListener('abort', abort, { once: true });
        entry.cleanup = () => signal.removeEventListener('abort', abort);
      }
      this._pending.set(id, entry);
      try {
        worker.postMessage({ ...message, id });
      } catch (e) {  // e.g. a config that cannot be cloned
        this._settle(id);
        reject(new Error(`config: cannot be sent to the worker (${e.message})`));
      }
    });
  }

  _settle(id) {
    const entry = this._pending.get(id);
    this._pending.delete(id);
    entry?.cleanup?.();
    return entry;
  }

  _receive({ type, id, progress, result, message }) {
    if (type === 'progress') {
      this._pending.get(id)?.onProgress?.(progress);
      return;
    }
    const entry = this._settle(id);
    if (!entry) return;
    if (type === 'result') entry.resolve(result);
    else entry.reject(new Error(message));
  }

  _failAll(message) {
    for (const id of [...this._pending.keys()]) this._settle(id).reject(new Error(message));
  }
}

/**
 * An experiment living in a worker. Calls on one handle run one after another, in the order made;
 * close() frees it.
 */
export class ExperimentHandle {
  constructor(client, handle, generation) {
    this._client = client;
    this._handle = handle;
    this._generation = generation;  // the worker it lives in; a restart loses it
    this._queue = Promise.resolve();
  }

  _call(message, options = {}) {
    const run = () => this._client._request({ ...message, handle: this._handle }, options, this._generation);
    const p = this._queue.then(run, run);
    this._queue = p.catch(() => {});
    return p;
  }

  /** Advances up to n steps (to the end if omitted); resolves with {position, total, done, stopped,
   *  series: {loss, ...}} (the series option as for run). Aborting the signal pauses after the
   *  current chunk. */
  step(n, { onProgress, signal, series } = {}) {
    return this._call({ type: 'step', n, ...(series ? { series } : {}) }, { onProgress, signal });
  }

  /** The state: {format, version, kind, config, step, scalars, state, arrays: {name: {shape, data}}}. */
  snapshot() { return this._call({ type: 'snapshot' }); }

  /** Puts back a snapshot of an experiment with the same config (only steps may differ). */
  restore(checkpoint) { return this._call({ type: 'restore', checkpoint }); }

  /** The result of what has run so far; stopped is true until the last step is done. */
  result() { return this._call({ type: 'getResult' }); }

  /** Deletes the experiment in the worker. */
  close() { return this._call({ type: 'close' }); }
}

// The low-level functions (functions.js), each run in the worker: client.twoNN(points, options) and so on.
for (const name of functionNames) {
  Client.prototype[name] = function lowLevelFunction(...args) {
    return this._request({ type: 'call', name, args }, {});
  };
}

let defaultClient = null;
const client = () => (defaultClient ??= new Client());

/** The default API object: one shared worker, created on first use. */
export const rnnbook = {
  run: (config, options) => client().run(config, options),
  open: (config) => client().open(config),
  version: () => client().version(),
  stats: () => client().stats(),
  restart: () => client().restart(),
  ...Object.fromEntries(functionNames.map((name) => [name, (...args) => client()[name](...args)])),
};

export default rnnbook;
