// node's counterpart of worker.js: a worker thread (node:worker_threads) that owns one wasm module and
// serves the same protocol (worker_protocol.js). The module is built for web and worker environments,
// so node hands it its bytes (node's fetch cannot read files; TOOLCHAIN.md section 4).
import { parentPort } from 'node:worker_threads';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import createRnnbook from '@rnnbook/wasm';
import { serveRequests } from './worker_protocol.js';

const wasmPath = fileURLToPath(new URL('./rnnbook.wasm', import.meta.url));

async function load() {
  let wasmBinary;
  try {
    wasmBinary = await readFile(wasmPath);
  } catch (e) {
    throw new Error(`wasm: could not read ${wasmPath} (${e.code ?? e.message}); it belongs next to rnnbook.mjs`);
  }
  return createRnnbook({ wasmBinary });
}

// worker_protocol.js speaks to a Web Worker's scope: {postMessage, onmessage({data})}.
const scope = {
  postMessage: (message, transfer) => parentPort.postMessage(message, transfer),
  set onmessage(handler) { parentPort.on('message', (data) => handler({ data })); },
};
serveRequests(scope, load());
