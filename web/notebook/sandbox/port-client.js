// The JS API inside the sandbox: the same requests as web/lib/rnnbook.js, sent over a MessagePort
// that the host page connects to its worker (sandbox/host.js). The sandbox itself has no worker.
import { functionNames } from '../../lib/functions.js';

export class PortClient {
  constructor(port) {
    this._port = port;
    this._pending = new Map();
    this._nextId = 1;
    port.onmessage = ({ data }) => this._receive(data);
  }

  run(config, { onProgress, signal, series, chunkMs } = {}) {
    return this._request({ type: 'run', config, ...(series ? { series } : {}), ...(chunkMs !== undefined ? { chunkMs } : {}) },
      { onProgress, signal });
  }

  version() {
    return this._request({ type: 'version' }, {});
  }

  _request(message, { onProgress, signal }) {
    const id = this._nextId++;
    return new Promise((resolve, reject) => {
      const abort = () => this._port.postMessage({ type: 'cancel', id });
      if (signal?.aborted) abort();
      signal?.addEventListener('abort', abort, { once: true });
      this._pending.set(id, { resolve, reject, onProgress, cleanup: () => signal?.removeEventListener('abort', abort) });
      try {
        this._port.postMessage({ ...message, id });
      } catch (e) {
        this._pending.delete(id);
        reject(new Error(`config: cannot be sent to the worker (${e.message})`));
      }
    });
  }

  _receive({ type, id, progress, result, message }) {
    const entry = this._pending.get(id);
    if (!entry) return;
    if (type === 'progress') { entry.onProgress?.(progress); return; }
    this._pending.delete(id);
    entry.cleanup();
    if (type === 'result') entry.resolve(result);
    else entry.reject(new Error(message));
  }
}

// The low-level functions (lib/functions.js), run in the host's worker like rnnbook.twoNN(...).
for (const name of functionNames) {
  PortClient.prototype[name] = function lowLevelFunction(...args) {
    return this._request({ type: 'call', name, args }, {});
  };
}
