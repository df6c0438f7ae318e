// rnnbook's JS API: runs experiments in a Web Worker that owns the wasm module.
//   const result = await rnnbook.run({kind: 'train', seed: 1}, {onProgress, signal});
// See web/lib/rnnbook.d.ts for the types and docs/js-api.md for examples.

export class Client {
  constructor(workerUrl) {
    // Written out in full so that Vite finds and bundles the worker.
    this._worker = workerUrl
      ? new Worker(workerUrl, { type: 'module' })
      : new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    this._pending = new Map();
    this._nextId = 1;
    this._worker.onmessage = ({ data }) => this._receive(data);
    this._worker.onerror = (event) => {
      event.preventDefault?.();
      this._failAll(`worker: ${event.message || 'the worker failed to start or crashed'}`);
    };
  }

  /** Runs an experiment; resolves with its result (partial, with stopped: true, if aborted). */
  run(config, { onProgress, signal } = {}) {
    return this._request({ type: 'run', config }, { onProgress, signal });
  }

  /** The version of the wasm core. */
  version() {
    return this._request({ type: 'version' }, {});
  }

  /** Stops the worker; pending calls reject. */
  terminate() {
    this._worker.terminate();
    this._failAll('worker: terminated');
  }

  _request(message, { onProgress, signal }) {
    const id = this._nextId++;
    return new Promise((resolve, reject) => {
      const entry = { resolve, reject, onProgress };
      if (signal) {
        const abort = () => this._worker.postMessage({ type: 'cancel', id });
        if (signal.aborted) abort();
        else signal.addEventListener('abort', abort, { once: true });
        entry.cleanup = () => signal.removeEventListener('abort', abort);
      }
      this._pending.set(id, entry);
      try {
        this._worker.postMessage({ ...message, id });
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

let defaultClient = null;
const client = () => (defaultClient ??= new Client());

/** The default API object: one shared worker, created on first use. */
export const rnnbook = {
  run: (config, options) => client().run(config, options),
  version: () => client().version(),
};

export default rnnbook;
