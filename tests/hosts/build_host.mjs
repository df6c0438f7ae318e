// Builds one host app of the package tests with the repository's own bundlers (no registry, no CDN):
//   node tests/hosts/build_host.mjs vite DIR        DIR/index.html + main.js -> DIR/dist
//   node tests/hosts/build_host.mjs webpack DIR     DIR/main.js -> DIR/dist (main.js + index.html)
//   node tests/hosts/build_host.mjs notebook DIR    DIR/index.html, a Notebook Kit notebook -> DIR/dist
// Bare imports (rnnbook, @observablehq/plot) resolve from the project's node_modules.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import webpack from 'webpack';
import { observable, config } from '@observablehq/notebook-kit/vite';

const [kind, dir] = process.argv.slice(2);
const common = { root: dir, configFile: false, logLevel: 'warn', build: { outDir: 'dist', emptyOutDir: true } };

/** webpack 5's defaults, production mode: it follows new URL(..., import.meta.url) for the worker and the .wasm. */
function webpackBuild() {
  const compiler = webpack({
    mode: 'production', context: dir, entry: './main.js',
    output: { path: path.join(dir, 'dist'), filename: 'main.js', clean: true },
    performance: { hints: false },  // the .wasm is big on purpose
  });
  return new Promise((resolve, reject) => compiler.run((error, stats) => {
    compiler.close(() => {});
    if (error || stats.hasErrors()) reject(error ?? new Error(stats.toString({ all: false, errors: true })));
    else resolve();
  }));
}

if (kind === 'vite') await build({ ...common, base: './' });
else if (kind === 'notebook') await build({ ...config(), ...common, plugins: [observable()] });
else if (kind === 'webpack') {
  await webpackBuild();
  writeFileSync(path.join(dir, 'dist/index.html'), '<!doctype html>\n<meta charset="utf-8">\n<link rel="icon" href="data:,">\n' +
    '<title>rnnbook in a webpack app</title>\n<script src="./main.js"></script>\n');
} else throw new Error(`build_host: unknown kind "${kind}" (vite, webpack, notebook)`);
