// Builds the sandbox runner (notebook/sandbox/runner.js) as one classic script, dist/sandbox/runner.js.
// It runs in an <iframe sandbox="allow-scripts">, whose origin is opaque: module scripts and module
// workers would need CORS headers that static hosts do not send, classic scripts do not; fonts are
// inlined for the same reason.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { aliases, katexWoff2Only } from './notebook/aliases.js';

const root = path.dirname(fileURLToPath(import.meta.url));
const wasmDir = path.resolve(process.env.RNNBOOK_WASM_DIR ?? path.join(root, '../build-wasm/wasm'));

export default defineConfig({
  root,
  base: './',
  configFile: false,
  publicDir: false,
  plugins: [katexWoff2Only()],
  resolve: { alias: aliases(wasmDir) },
  build: {
    outDir: path.join(root, 'dist/sandbox'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 3000,
    cssCodeSplit: false,
    assetsInlineLimit: () => true,  // fonts as data: URLs: an opaque origin cannot fetch them (CORS)
    modulePreload: false,
    rollupOptions: {
      input: path.join(root, 'notebook/sandbox/runner.js'),
      output: {
        format: 'iife', entryFileNames: 'runner.js', assetFileNames: (a) => (a.names?.[0]?.endsWith('.css') ? 'runner.css' : '[name]-[hash][extname]'),
        codeSplitting: false,
      },
    },
  },
});
