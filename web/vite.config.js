// Builds the static site into web/dist with relative paths (works from any sub-path, no CDN).
// The wasm module comes from the Emscripten build: RNNBOOK_WASM_DIR, default build-wasm/wasm.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(fileURLToPath(import.meta.url));
const wasmDir = path.resolve(process.env.RNNBOOK_WASM_DIR ?? path.join(root, '../build-wasm/wasm'));

export default defineConfig({
  root,
  base: './',
  resolve: { alias: { '@rnnbook/wasm': path.join(wasmDir, 'rnnbook.mjs') } },
  worker: { format: 'es' },
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: { index: path.join(root, 'index.html'), api: path.join(root, 'api.html') },
    },
  },
  server: { fs: { allow: [root, wasmDir] } },
});
