// Builds one host app of the package tests with the repository's own Vite (no registry, no CDN):
//   node tests/hosts/build_host.mjs vite DIR        DIR/index.html + main.js -> DIR/dist
//   node tests/hosts/build_host.mjs notebook DIR    DIR/index.html, a Notebook Kit notebook -> DIR/dist
// Bare imports (rnnbook, @observablehq/plot) resolve from the project's node_modules.
import { build } from 'vite';
import { observable, config } from '@observablehq/notebook-kit/vite';

const [kind, dir] = process.argv.slice(2);
const common = { root: dir, configFile: false, logLevel: 'warn', build: { outDir: 'dist', emptyOutDir: true } };
if (kind === 'vite') await build({ ...common, base: './' });
else if (kind === 'notebook') await build({ ...config(), ...common, plugins: [observable()] });
else throw new Error(`build_host: unknown kind "${kind}" (vite, notebook)`);
