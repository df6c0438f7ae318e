// Builds the static site into web/dist with relative paths (works from any sub-path, no CDN).
// The wasm module comes from the Emscripten build: RNNBOOK_WASM_DIR, default build-wasm/wasm.
// Notebooks (web/notebooks/*.md) are compiled by notebook/vite-plugin.js. notebook-kit's runtime
// pieces are reached by file path (its exports map does not list them); the version is pinned and
// the build fails if a path moves.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import path from 'node:path';
import { notebooks } from './notebook/vite-plugin.js';

const root = path.dirname(fileURLToPath(import.meta.url));
const wasmDir = path.resolve(process.env.RNNBOOK_WASM_DIR ?? path.join(root, '../build-wasm/wasm'));
const kit = path.join(root, '../node_modules/@observablehq/notebook-kit/dist/src');
const kitFile = (p) => {
  const file = path.join(kit, p);
  if (!fs.existsSync(file)) throw new Error(`notebook-kit file moved: ${file} (is the pinned version installed?)`);
  return file;
};
const page = (name) => path.join(root, `${name}.html`);

/** Writes dist/precache.json: every file of the build, for the service worker (public/sw.js). */
function precacheList() {
  return {
    name: 'rnnbook-precache',
    apply: 'build',
    closeBundle() {
      const dist = path.join(root, 'dist');
      const files = fs.readdirSync(dist, { recursive: true })
        .filter((f) => fs.statSync(path.join(dist, f)).isFile() && !/(^|\/)(sw\.js|precache\.json)$|\.(map|woff|ttf)$/.test(f))  // browsers take the woff2 fonts
        .map((f) => `./${f.split(path.sep).join('/')}`)
        .concat(['./']);
      fs.writeFileSync(path.join(dist, 'precache.json'), JSON.stringify({ files }));
    },
  };
}

export default defineConfig({
  root,
  base: './',
  plugins: [notebooks(), precacheList()],
  resolve: {
    alias: [
      { find: '@rnnbook/wasm', replacement: path.join(wasmDir, 'rnnbook.mjs') },
      { find: 'nbkit:define', replacement: kitFile('runtime/define.js') },
      { find: 'nbkit:display', replacement: kitFile('runtime/display.js') },
      { find: 'nbkit:generators', replacement: kitFile('runtime/stdlib/generators/index.js') },
      { find: 'nbkit:transpile', replacement: kitFile('javascript/transpile.js') },
      { find: /^nbkit:styles\/(.*)$/, replacement: `${kitFile('styles')}/$1` },
      { find: /^typescript$/, replacement: path.join(root, 'notebook/typescript-stub.js') },
    ],
  },
  worker: { format: 'es' },
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      input: {
        index: page('index'), notebook: page('notebook'), embed: page('embed'),
        trainer: page('trainer'), api: page('api'), instructors: page('instructors'),
      },
    },
  },
  server: { fs: { allow: [root, wasmDir, path.join(root, '../node_modules')] } },
});
