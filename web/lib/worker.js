// Module Web Worker that owns the wasm module. Protocol (main thread -> worker):
//   {type: 'run', id, config}   {type: 'cancel', id}   {type: 'version', id}
// worker -> main thread:
//   {type: 'progress', id, progress}   {type: 'result', id, result}   {type: 'error', id, message}
// A small protocol of our own rather than Comlink: cancel and worker death need explicit handling.
import createRnnbook from '@rnnbook/wasm';
import { runExperiment } from './engine.js';

const ready = createRnnbook();  // start loading now; the handler below is set synchronously
const cancelled = new Set();

self.onmessage = async ({ data }) => {
  const { type, id } = data;
  if (type === 'cancel') {
    cancelled.add(id);
    return;
  }
  try {
    const M = await ready;
    if (type === 'version') {
      self.postMessage({ type: 'result', id, result: M.version() });
    } else if (type === 'run') {
      const result = await runExperiment(M, data.config, {
        onProgress: (progress) => self.postMessage({ type: 'progress', id, progress }),
        isCancelled: () => cancelled.has(id),
      });
      const buffers = Object.values(result.arrays).map((a) => a.data.buffer);
      self.postMessage({ type: 'result', id, result }, buffers);
    } else {
      throw new Error(`worker: unknown request type "${type}"`);
    }
  } catch (e) {
    self.postMessage({ type: 'error', id, message: e instanceof Error ? e.message : String(e) });
  } finally {
    cancelled.delete(id);
  }
};
