// The request protocol of a worker that owns a wasm module: the browser's module Web Worker (worker.js)
// and node's worker thread (node_worker.js) both serve it. Protocol (main thread -> worker):
//   {type: 'run', id, config, series}   {type: 'cancel', id}   {type: 'version', id}   {type: 'stats', id}
//   held-open experiments: {type: 'open', id, config} -> a handle number;
//   {type: 'step', id, handle, n, series}  {type: 'snapshot', id, handle}  {type: 'restore', id, handle, checkpoint}
//   {type: 'getResult', id, handle}  {type: 'close', id, handle}
//   low-level functions (functions.js): {type: 'call', id, name, args}
//   the points of a sweep (core/experiments/sweep.hpp): {type: 'sweepPoints', id, spec (JSON text)}
//   any request may carry stopped: true (its Stop came before it was sent): it stops at once.
// worker -> main thread:
//   {type: 'progress', id, progress, chunkMs}   {type: 'result', id, result}   {type: 'error', id, message}
//   (chunkMs: how long the chunk before this progress took; the pool waits that long for a Stop)
//   inside a chunk of long steps, {type: 'progress', id, progress: {position, chunk, total, partial}}: the
//   fraction `partial` of the chunk is done (engine.js, onPartial); the client passes it to onPartial.
//   {type: 'fatal', message}: the wasm module aborted (out of memory, a trap) and cannot be used
//   again; the client then replaces this worker.
// A small protocol of our own rather than Comlink: cancel and worker death need explicit handling.
import { runExperiment, openExperiment } from './engine.js';
import { orThrow } from './module_errors.js';
import { callFunction } from './functions.js';

// Float64Array buffers of a result or snapshot, moved rather than copied to the main thread.
const buffersOf = (value) => Object.values(value.arrays).map((a) => a.data.buffer);
// The typed arrays among a function result's values (or the result itself).
const typedBuffers = (value) => (ArrayBuffer.isView(value) ? [value.buffer]
  : value && typeof value === 'object' ? Object.values(value).filter(ArrayBuffer.isView).map((a) => a.buffer) : []);

// The run option chunkMs: the milliseconds of work between progress events.
function chunkMsOf(value) {
  if (typeof value === 'number' && value >= 1 && value <= 1000) return value;
  throw new Error(`chunkMs: must be a number of milliseconds in [1, 1000], got ${value}`);
}

/**
 * Serves the protocol on `scope` (an object with postMessage(message, transfer) whose onmessage it
 * sets, synchronously, so that no request is lost while the module loads) with the module that
 * `ready` resolves with. If `ready` rejects (the .wasm could not be loaded), every request fails with
 * its message: the worker stays, so no request waits for ever and no new worker retries in a loop.
 */
export function serveRequests(scope, ready) {
  const cancelled = new Set();
  const sessions = new Map();
  let nextHandle = 1;
  ready.catch(() => {});  // reported to each request below

  function session(handle) {
    const s = sessions.get(handle);
    if (!s) throw new Error('experiment: closed');
    return s;
  }

  scope.onmessage = async ({ data }) => {
    const { type, id } = data;
    if (type === 'cancel') {
      cancelled.add(id);
      return;
    }
    if (data.stopped) cancelled.add(id);
    try {
      const M = await ready;
      const onProgress = (progress, chunkMs) => scope.postMessage({ type: 'progress', id, progress, chunkMs });
      const onPartial = (progress) => scope.postMessage({ type: 'progress', id, progress });
      const isCancelled = () => cancelled.has(id);
      let result;
      let transfer = [];
      if (type === 'version') {
        result = M.version();
      } else if (type === 'stats') {
        result = { ...M.memory(), open: sessions.size };
      } else if (type === 'run') {
        result = await runExperiment(M, data.config, { onProgress, onPartial, isCancelled,
          ...(data.series ? { series: data.series } : {}), ...(data.chunkMs !== undefined ? { chunkMs: chunkMsOf(data.chunkMs) } : {}) });
        transfer = buffersOf(result);
      } else if (type === 'open') {
        const handle = nextHandle++;
        sessions.set(handle, openExperiment(M, data.config));
        result = handle;
      } else if (type === 'step') {
        result = await session(data.handle).step(data.n ?? Infinity,
          { onProgress, onPartial, isCancelled, ...(data.series ? { series: data.series } : {}) });
      } else if (type === 'snapshot') {
        result = session(data.handle).snapshot();
        transfer = buffersOf(result);
      } else if (type === 'restore') {
        session(data.handle).restore(data.checkpoint);
        result = null;
      } else if (type === 'getResult') {
        result = session(data.handle).result();
        transfer = buffersOf(result);
      } else if (type === 'sweepPoints') {
        result = JSON.parse(orThrow(M, M.sweepPoints(data.spec)));
      } else if (type === 'call') {
        result = callFunction(M, data.name, data.args ?? []);
        transfer = typedBuffers(result);
      } else if (type === 'close') {
        sessions.get(data.handle)?.close();
        sessions.delete(data.handle);
        result = null;
      } else {
        throw new Error(`worker: unknown request type "${type}"`);
      }
      scope.postMessage({ type: 'result', id, result }, transfer);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      // A trap or an Emscripten abort leaves the module's memory in an unknown state.
      if (e instanceof WebAssembly.RuntimeError || /^Aborted\(/.test(message)) {
        scope.postMessage({ type: 'fatal', message });
        return;
      }
      // A failed run's partial result (engine.js: divergence) goes with its message.
      const partial = e?.result && typeof e.result === 'object' ? e.result : undefined;
      scope.postMessage({ type: 'error', id, message, ...(partial ? { result: partial } : {}) }, partial ? buffersOf(partial) : []);
    } finally {
      cancelled.delete(id);
    }
  };
}
