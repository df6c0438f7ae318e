// The JS API across a MessagePort: a page that may not start workers of its own (the sandboxed
// notebook iframe, web/notebook/sandbox/) gets a Client whose requests go through a port to a page
// that serves them with its own Client and worker pool. The messages are worker.js's protocol.
//   iframe:  new Client({transport: new PortTransport(port)})
//   host:    servePort(port, new Client())
import { functionNames } from './functions.js';

/** The client side: sends each request through the port; the serving page schedules them. */
export class PortTransport {
  constructor(port) {
    this._port = port;
    this._pending = new Map();
    this._nextId = 1;
    this.size = null;           // the serving pool's size, once configure() has answered
    this.stopTimeoutMs = null;
    port.onmessage = ({ data }) => this._receive(data);
  }

  request(message, { onProgress, signal, killSignal } = {}) {
    const id = this._nextId++;
    return new Promise((resolve, reject) => {
      const abort = () => this._port.postMessage({ type: 'cancel', id });
      const kill = () => this._port.postMessage({ type: 'kill', id });
      signal?.addEventListener('abort', abort, { once: true });
      killSignal?.addEventListener('abort', kill, { once: true });
      this._pending.set(id, { resolve, reject, onProgress, cleanup: () => {
        signal?.removeEventListener('abort', abort);
        killSignal?.removeEventListener('abort', kill);
      } });
      try {
        this._port.postMessage({ ...message, id, ...(signal?.aborted ? { stopped: true } : {}),
          ...(killSignal?.aborted ? { killed: true } : {}) });
      } catch (e) {
        this._pending.get(id).cleanup();
        this._pending.delete(id);
        reject(new Error(`config: cannot be sent to the worker (${e.message})`));
      }
    });
  }

  stats() { return this.request({ type: 'stats' }); }

  resize(workers) { this.request({ type: 'configure', options: { workers } }).catch(() => {}); this.size = workers; }

  prewarm() { this.request({ type: 'configure', options: { prewarm: true } }).catch(() => {}); }

  restart() { this.request({ type: 'restart' }).catch(() => {}); }

  _receive({ type, id, progress, result, message, code }) {
    const entry = this._pending.get(id);
    if (!entry) return;
    if (type === 'progress') { entry.onProgress?.(progress); return; }
    this._pending.delete(id);
    entry.cleanup();
    if (type === 'result') {
      entry.resolve(result);
    } else {
      const error = new Error(message);
      if (code) error.code = code;
      if (result && typeof result === 'object') error.result = result;
      if (code === 'not-started') error.name = 'AbortError';
      entry.reject(error);
    }
  }
}

// Float64Array buffers of a result or snapshot, moved rather than copied through the port.
const buffersOf = (value) => (value && typeof value === 'object' && value.arrays
  ? Object.values(value.arrays).map((a) => a?.data?.buffer).filter((b) => b instanceof ArrayBuffer) : []);

/** The serving side: answers the requests arriving on `port` with `client` (a Client). */
export function servePort(port, client) {
  const handles = new Map();
  const aborts = new Map();
  const kills = new Map();
  let nextHandle = 1;
  const held = (n) => {
    const h = handles.get(n);
    if (!h) throw new Error('experiment: closed');
    return h;
  };
  port.onmessage = async ({ data }) => {
    const { type, id } = data ?? {};
    if (type === 'cancel') { aborts.get(id)?.abort(); return; }
    if (type === 'kill') { kills.get(id)?.abort(); return; }
    const controller = new AbortController();
    const killer = new AbortController();
    if (data.stopped) controller.abort();
    if (data.killed) killer.abort();
    aborts.set(id, controller);
    kills.set(id, killer);
    const signal = controller.signal, killSignal = killer.signal;
    const onProgress = (progress) => port.postMessage({ type: 'progress', id, progress });
    const { series, chunkMs } = data;
    try {
      let result = null;
      // Partial progress (inside chunks of long steps) goes the same way; the far Client splits it again.
      if (type === 'run') result = await client.run(data.config, { onProgress, onPartial: onProgress, signal, killSignal, series, chunkMs });
      else if (type === 'open') { handles.set(nextHandle, await client.open(data.config)); result = nextHandle++; }
      else if (type === 'step') result = await held(data.handle).step(data.n, { onProgress, onPartial: onProgress, signal, killSignal, series });
      else if (type === 'snapshot') result = await held(data.handle).snapshot();
      else if (type === 'restore') await held(data.handle).restore(data.checkpoint);
      else if (type === 'getResult') result = await held(data.handle).result();
      else if (type === 'close') { await handles.get(data.handle)?.close(); handles.delete(data.handle); }
      else if (type === 'call' && functionNames.includes(data.name)) result = await client[data.name](...(data.args ?? []));
      else if (type === 'sweepPoints') result = await client.sweepPoints(data.spec);
      else if (type === 'version') result = await client.version();
      else if (type === 'stats') result = await client.stats();
      else if (type === 'configure') result = client.configure(data.options);
      else if (type === 'restart') client.restart();
      else throw new Error(`worker: unknown request type "${type}"`);
      port.postMessage({ type: 'result', id, result }, buffersOf(result));
    } catch (e) {
      const partial = e?.result && typeof e.result === 'object' ? e.result : undefined;
      port.postMessage({ type: 'error', id, message: e?.message ?? String(e), ...(e?.code ? { code: e.code } : {}),
        ...(partial ? { result: partial } : {}) }, buffersOf(partial));
    } finally {
      aborts.delete(id);
      kills.delete(id);
    }
  };
}
