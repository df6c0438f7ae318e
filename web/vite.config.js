// Builds the static site into web/dist with relative paths (works from any sub-path, no CDN).
// The wasm module comes from the Emscripten build: RNNBOOK_WASM_DIR, default build-wasm/wasm.
// Notebooks (web/notebooks/*.md) are compiled by notebook/vite-plugin.js. After the site, the
// sandbox runner is built (vite.sandbox.config.js) and dist/precache.json lists every file.
import { build, defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import path from 'node:path';
import { notebooks } from './notebook/vite-plugin.js';
import { aliases, katexWoff2Only } from './notebook/aliases.js';

const root = path.dirname(fileURLToPath(import.meta.url));
const wasmDir = path.resolve(process.env.RNNBOOK_WASM_DIR ?? path.join(root, '../build-wasm/wasm'));
const page = (name) => path.join(root, `${name}.html`);

/** Builds the sandbox runner into dist/sandbox, then writes dist/precache.json for public/sw.js. */
function sandboxAndPrecache() {
  return {
    name: 'rnnbook-sandbox-precache',
    apply: 'build',
    async closeBundle() {
      await build({ configFile: path.join(root, 'vite.sandbox.config.js'), logLevel: 'warn' });
      const dist = path.join(root, 'dist');
      const files = fs.readdirSync(dist, { recursive: true })
        .filter((f) => fs.statSync(path.join(dist, f)).isFile() && !/(^|\/)(sw\.js|precache\.json)$|\.map$/.test(f))
        .map((f) => `./${f.split(path.sep).join('/')}`)
        .concat(['./']);
      fs.writeFileSync(path.join(dist, 'precache.json'), JSON.stringify({ files }));
    },
  };
}

export default defineConfig({
  root,
  base: './',
  plugins: [notebooks(), katexWoff2Only(), sandboxAndPrecache()],
  resolve: { alias: aliases(wasmDir) },
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
