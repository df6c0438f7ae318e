// The module Web Worker that owns one wasm module and serves the pool's requests (the protocol:
// worker_protocol.js). The site imports the module through Vite's alias '@rnnbook/wasm'; the npm
// package's copy of this file imports './rnnbook.mjs' (scripts/package.mjs). Either way Emscripten's
// glue finds rnnbook.wasm relative to its own import.meta.url, as bundlers expect.
import createRnnbook from '@rnnbook/wasm';
import { serveRequests } from './worker_protocol.js';

/**
 * A .wasm that cannot be fetched (404, blocked, wrong file) makes Emscripten abort with a compile
 * error that does not say which URL failed. The worker's resource timing entries do: name the .wasm
 * URL and its HTTP status, so that whoever deploys the package sees what to fix.
 */
function loadFailure(error) {
  const detail = error?.message ?? String(error);
  const wasm = performance.getEntriesByType?.('resource').filter((e) => /\.wasm([?#]|$)/.test(e.name)).pop();
  if (!wasm) return new Error(`wasm: the engine's .wasm file could not be loaded (${detail})`);
  const status = wasm.responseStatus ? `HTTP ${wasm.responseStatus}` : 'no answer';
  return new Error(`wasm: could not load ${wasm.name} (${status}); serve rnnbook.wasm next to rnnbook.mjs ` +
    `with the type application/wasm (${detail})`);
}

// Start loading now; serveRequests sets the message handler synchronously (TOOLCHAIN.md section 4).
serveRequests(self, createRnnbook().catch((e) => { throw loadFailure(e); }));
