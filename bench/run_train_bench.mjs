// Runs the training-step benchmark natively and as wasm under node (and, with --compare, the same
// workload in PyTorch: bench/train_bench.py), one after the other; prints a side-by-side table with
// the ratios and writes bench/results/train_bench.json.
// Usage: node bench/run_train_bench.mjs [--quick] [--compare]
// PyTorch: RNNBOOK_PYTHON, else the first of /usr/bin/python3 and python3 that imports torch.
import path from 'node:path';
import { findPython, printTable, repo, runBoth, runProgram, writeResult } from './harness.mjs';

const known = new Set(['--quick', '--compare']);
const bad = process.argv.slice(2).filter((a) => !known.has(a));
if (bad.length) {
  console.error(`unknown argument ${bad[0]}; usage: node bench/run_train_bench.mjs [--quick] [--compare]`);
  process.exit(2);
}
const quick = process.argv.includes('--quick');
const compare = process.argv.includes('--compare');
const args = quick ? ['--quick'] : [];

let python;
if (compare) {
  python = findPython('torch');
  if (!python) {
    console.error('--compare needs PyTorch: apt-get install python3-torch libopenblas0-pthread ' +
      '(Debian; OpenBLAS, since the default reference BLAS is about 6x slower), or set RNNBOOK_PYTHON');
    process.exit(1);
  }
}

const { native, wasm } = runBoth('train_bench', args);
// One CPU thread for PyTorch: torch.set_num_threads(1) inside, and OpenBLAS's own threads here.
const pytorch = compare
  ? runProgram(`pytorch (${python})`, python, [path.join(repo, 'bench', 'train_bench.py'), ...args],
    { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' })
  : null;

const torchRate = (N, dtype) => pytorch?.results.find((r) => r.N === N && r.dtype === dtype)?.steps_per_s;
const fixed = (v, digits = 2) => (v === undefined ? '-' : v.toFixed(digits));
const rows = native.results.map((n) => {
  const w = wasm.results.find((r) => r.N === n.N)?.steps_per_s;
  const row = [n.N, fixed(n.steps_per_s), fixed(w), fixed(w && n.steps_per_s / w)];
  if (!pytorch) return row;
  const t64 = torchRate(n.N, 'float64');
  return [...row, fixed(t64), fixed(torchRate(n.N, 'float32')), fixed(t64 && n.steps_per_s / t64),
    fixed(t64 && w && w / t64)];
});
const header = ['N', 'native steps/s', 'wasm steps/s', 'native/wasm'];
if (pytorch) header.push('torch f64', 'torch f32', 'native/torch f64', 'wasm/torch f64');
console.log(`T=${native.results[0].T} B=${native.results[0].B}, float64${quick ? ' (--quick)' : ''}`);
printTable(header, rows);
if (pytorch) {
  console.log(`PyTorch ${pytorch.version}, one thread, BLAS: ${pytorch.blas.find((l) => l.includes('libblas')) ?? pytorch.blas.join(', ')}`);
  console.log('Targets (issue 3, N = 128): native/torch f64 >= 2, wasm/torch f64 >= 1.');
  // A step multiplies by W, by W^T and accumulates dL/dW: 3 x 2 N^2 B T flops. At the BLAS's own peak
  // on this machine no float64 implementation can take more steps per second than this.
  const peak = pytorch.blas_peak_gflops.float64;
  const ceiling = (N) => (peak * 1e9) / (6 * N * N * native.results[0].B * native.results[0].T);
  console.log(`BLAS float64 peak here: ${peak.toFixed(1)} GFLOP/s, so at most ` +
    native.results.map((n) => `${ceiling(n.N).toFixed(1)} steps/s at N = ${n.N}`).join(', ') +
    ' for the products alone (the rest of a step is extra).');
}
writeResult('train_bench.json', { quick, native, wasm, pytorch });
