// Runs the training-step benchmark natively (the default build, same bits as wasm, and the tuned
// -march=native build with the fused product kernel), as wasm under node, and, with --compare, the
// same workload in PyTorch (bench/train_bench.py), one after the other; prints a side-by-side table
// with the ratios and writes bench/results/train_bench.json.
// Usage: node bench/run_train_bench.mjs [--quick] [--compare] [--no-native-arch]
// PyTorch: RNNBOOK_PYTHON, else the first of /usr/bin/python3 and python3 that imports torch.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildNativeArch, findPython, printTable, repo, runBoth, runProgram, writeResult } from './harness.mjs';

const known = new Set(['--quick', '--compare', '--no-native-arch']);
const bad = process.argv.slice(2).filter((a) => !known.has(a));
if (bad.length) {
  console.error(`unknown argument ${bad[0]}; usage: node bench/run_train_bench.mjs [--quick] [--compare] [--no-native-arch]`);
  process.exit(2);
}
const quick = process.argv.includes('--quick');
const compare = process.argv.includes('--compare');
const withNativeArch = !process.argv.includes('--no-native-arch');
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
const nativeArch = withNativeArch ? runProgram('native -march=native', buildNativeArch('train_bench'), args) : null;
// One CPU thread for PyTorch: torch.set_num_threads(1) inside, and OpenBLAS's own threads here.
const runTorch = (label, extraEnv = {}) =>
  runProgram(label, python, [path.join(repo, 'bench', 'train_bench.py'), ...args],
    { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', ...extraEnv });
const asInstalled = compare ? runTorch(`pytorch (${python})`) : null;
// OpenBLAS picks its kernels by CPU model; one too new for it gets a fallback (Debian's 0.3.21 runs
// SSE3 "Prescott" kernels on a 2023 Xeon, a quarter of the AVX-512 speed). PyTorch then runs again
// with the kernels this CPU supports, and the faster run is the reference: the comparison is fair.
const cpuFlags = readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:(.*)$/m)?.[1].split(/\s+/) ?? [];
const properCore = cpuFlags.includes('avx512f') ? 'SkylakeX' : cpuFlags.includes('avx2') ? 'Haswell' : null;
const forced = compare && properCore && asInstalled.blas_core !== properCore
  ? runTorch(`pytorch, OPENBLAS_CORETYPE=${properCore}`, { OPENBLAS_CORETYPE: properCore })
  : null;
const torchRuns = [asInstalled, forced].filter(Boolean);
const pytorch = compare
  ? torchRuns.reduce((best, run) => (rateOf(run, 128, 'float64') > rateOf(best, 128, 'float64') ? run : best))
  : null;

function rateOf(run, N, dtype) { return run?.results.find((r) => r.N === N && r.dtype === dtype)?.steps_per_s; }
const torchRate = (N, dtype) => rateOf(pytorch, N, dtype);
const fixed = (v, digits = 2) => (v === undefined ? '-' : v.toFixed(digits));
const rows = native.results.map((n) => {
  const w = wasm.results.find((r) => r.N === n.N)?.steps_per_s;
  const a = nativeArch?.results.find((r) => r.N === n.N)?.steps_per_s;
  const row = [n.N, fixed(n.steps_per_s), fixed(w), fixed(w && n.steps_per_s / w)];
  if (nativeArch) row.push(fixed(a));
  if (!pytorch) return row;
  const t64 = torchRate(n.N, 'float64');
  row.push(fixed(t64), fixed(torchRate(n.N, 'float32')), fixed(t64 && n.steps_per_s / t64),
    fixed(t64 && w && w / t64));
  if (nativeArch) row.push(fixed(t64 && a && a / t64));
  return row;
});
const header = ['N', 'native steps/s', 'wasm steps/s', 'native/wasm'];
if (nativeArch) header.push('native-arch steps/s');
if (pytorch) header.push('torch f64', 'torch f32', 'native/torch f64', 'wasm/torch f64');
if (pytorch && nativeArch) header.push('native-arch/torch f64');
console.log(`T=${native.results[0].T} B=${native.results[0].B}, float64${quick ? ' (--quick)' : ''}`);
printTable(header, rows);
console.log(`native: the default build (product kernel ${native.product_kernel}, same bits as wasm)` +
  (nativeArch ? `; native-arch: -DRNNBOOK_NATIVE_ARCH=ON (product kernel ${nativeArch.product_kernel})` : ''));
if (pytorch) {
  console.log(`PyTorch ${pytorch.version}, one thread, BLAS: ${pytorch.blas.find((l) => l.includes('libblas')) ?? pytorch.blas.join(', ')}`);
  for (const run of torchRuns) {
    console.log(`  OpenBLAS kernels ${run.blas_core}${run === forced ? ` (OPENBLAS_CORETYPE=${properCore})` : ' (as installed)'}: ` +
      `${fixed(rateOf(run, 128, 'float64'))} steps/s float64 at N = 128${run === pytorch ? ' <- the reference in the table' : ''}`);
  }
  console.log('Targets (issue 3, N = 128): native/torch f64 >= 2 (a native build, default or tuned), wasm/torch f64 >= 1.');
  // A step multiplies by W, by W^T and accumulates dL/dW: 3 x 2 N^2 B T flops; at the BLAS's own peak
  // these products alone take this long.
  const peak = pytorch.blas_peak_gflops.float64;
  const ceiling = (N) => (peak * 1e9) / (6 * N * N * native.results[0].B * native.results[0].T);
  console.log(`BLAS float64 peak here: ${peak.toFixed(1)} GFLOP/s, so at most ` +
    native.results.map((n) => `${ceiling(n.N).toFixed(1)} steps/s at N = ${n.N}`).join(', ') +
    ' for the products alone at that rate (the rest of a step is extra).');
}
writeResult('train_bench.json', { quick, native, native_arch: nativeArch, wasm, pytorch, pytorch_runs: torchRuns });
