// Runs the dimension benchmark natively, as wasm under node and (when a python3 with NumPy is
// found) the NumPy reference, one after the other; prints a side-by-side table and writes
// bench/results/dimension_bench.json. Usage: node bench/run_dimension_bench.mjs [--quick]
// Build dirs: RNNBOOK_NATIVE_DIR (default build-native), RNNBOOK_WASM_BUILD_DIR (default build-wasm).
// Python: RNNBOOK_PYTHON, else the first of /usr/bin/python3 and python3 that imports numpy.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBoth } from './harness.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.includes('--quick') ? ['--quick'] : [];

const { nativeBin, wasmJs } = buildBoth('dimension_bench');

// Runs one benchmark, echoing its progress lines to stderr, and returns the JSON on its last line.
function run(label, file, argv) {
  console.error(`== ${label}: ${[file, ...argv].join(' ')}`);
  const out = execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  const lines = out.trim().split('\n');
  for (const l of lines.slice(0, -1)) console.error(`   ${l}`);
  return JSON.parse(lines.at(-1));
}

function findPython() {
  const candidates = process.env.RNNBOOK_PYTHON ? [process.env.RNNBOOK_PYTHON] : ['/usr/bin/python3', 'python3'];
  return candidates.find((p) => spawnSync(p, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0);
}

// Sequential on purpose: running them at once would make them compete for the cores.
const native = run('native', nativeBin, args);
const wasm = run('wasm', process.execPath, [wasmJs, ...args]);
const python = findPython();
const numpy = python ? run(`numpy (${python})`, python, [path.join(repo, 'bench', 'dimension_bench.py'), ...args]) : null;
if (!numpy) console.error('== numpy: no python3 with numpy found (Debian: apt-get install python3-numpy); column left out');

const find = (r, n, e) => r?.results.find((x) => x.n === n && x.estimator === e);
const rows = native.results.map(({ n, estimator, seconds, estimate }) => {
  const w = find(wasm, n, estimator);
  const p = find(numpy, n, estimator);
  return [n, estimator, seconds.toFixed(3), w ? w.seconds.toFixed(3) : '-', p ? p.seconds.toFixed(3) : '-',
    w && p ? (p.seconds / w.seconds).toFixed(2) : '-',
    [estimate, w?.estimate, p?.estimate].map((v) => (v === undefined ? '-' : v.toFixed(2))).join(' / ')];
});
const header = ['n', 'estimator', 'native s', 'wasm s', 'numpy s', 'numpy/wasm', 'estimate (native / wasm / numpy)'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const fmt = (r) => r.map((c, i) => String(c).padStart(widths[i])).join('  ');
console.log(`D=${native.D}, a ${native.intrinsic}-D Gaussian rotated into R^${native.D}${args.length ? ' (--quick)' : ''}`);
console.log(fmt(header));
for (const r of rows) console.log(fmt(r));

const outDir = path.join(repo, 'bench', 'results');
mkdirSync(outDir, { recursive: true });
const outFile = path.join(outDir, 'dimension_bench.json');
const arch = execFileSync('uname', ['-m'], { encoding: 'utf8' }).trim();
writeFileSync(outFile, JSON.stringify({
  date: new Date().toISOString(), node: process.version, arch, quick: args.length > 0, native, wasm, numpy,
}, null, 2) + '\n');
console.log(`wrote ${path.relative(process.cwd(), outFile)}`);
