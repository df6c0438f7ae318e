// Runs the dimension benchmark natively, as wasm under node and (when a python3 with NumPy is
// found) the NumPy reference, one after the other; prints a side-by-side table and writes
// bench/results/dimension_bench.json. Usage: node bench/run_dimension_bench.mjs [--quick]
// Build dirs: RNNBOOK_NATIVE_DIR (default build-native), RNNBOOK_WASM_BUILD_DIR (default build-wasm).
// Python: RNNBOOK_PYTHON, else the first of /usr/bin/python3 and python3 that imports numpy.
import path from 'node:path';
import { buildBoth, findPython, printTable, repo, runProgram as run, writeResult } from './harness.mjs';

const args = process.argv.includes('--quick') ? ['--quick'] : [];

const { nativeBin, wasmJs } = buildBoth('dimension_bench');

// Sequential on purpose: running them at once would make them compete for the cores.
const native = run('native', nativeBin, args);
const wasm = run('wasm', process.execPath, [wasmJs, ...args]);
const python = findPython('numpy');
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
console.log(`D=${native.D}, a ${native.intrinsic}-D Gaussian rotated into R^${native.D}${args.length ? ' (--quick)' : ''}`);
printTable(header, rows);
writeResult('dimension_bench.json', { quick: args.length > 0, native, wasm, numpy });
