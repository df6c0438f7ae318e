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

function rateOf(run, N, dtype) { return run?.results.find((r) => r.N === N && (r.dtype ?? 'float64') === dtype)?.steps_per_s; }
const torchRate = (N, dtype) => rateOf(pytorch, N, dtype);
const fixed = (v, digits = 2) => (v === undefined || v === null || Number.isNaN(v) ? '-' : v.toFixed(digits));
// A step multiplies by W, by W^T and accumulates dL/dW: 6 N^2 B T flops; its rate against the runtime's
// SIMD peak (measured in the same run by train_bench: independent multiply + add in registers).
const T = native.results[0].T, B = native.results[0].B;
const share = (rate, N, peak) => (rate && peak ? (6 * N * N * B * T * rate) / (peak * 1e9) : undefined);
const rows = native.results.map((n) => {
  const dtype = n.dtype ?? 'float64';
  const w = rateOf(wasm, n.N, dtype);
  const a = rateOf(nativeArch, n.N, dtype);
  const row = [n.N, dtype, fixed(n.steps_per_s), fixed(w), fixed(w && n.steps_per_s / w),
    fixed(share(w, n.N, wasm.simd_peak_gflops?.[dtype]) * 100, 0)];
  if (nativeArch) row.push(fixed(a));
  if (!pytorch) return row;
  const t = torchRate(n.N, dtype);
  row.push(fixed(t), fixed(t && n.steps_per_s / t), fixed(t && w && w / t));
  if (nativeArch) row.push(fixed(t && a && a / t));
  return row;
});
const header = ['N', 'dtype', 'native steps/s', 'wasm steps/s', 'native/wasm', 'wasm % of SIMD peak'];
if (nativeArch) header.push('native-arch steps/s');
if (pytorch) header.push('torch steps/s', 'native/torch', 'wasm/torch');
if (pytorch && nativeArch) header.push('native-arch/torch');
console.log(`T=${T} B=${B}, float64 and float32 (torch: the same dtype)${quick ? ' (--quick)' : ''}`);
printTable(header, rows);
console.log(`native: the default build (product kernel ${native.product_kernel}, same bits as wasm)` +
  (nativeArch ? `; native-arch: -DRNNBOOK_NATIVE_ARCH=ON (product kernel ${nativeArch.product_kernel})` : ''));
if (wasm.product_gflops) {
  console.log('The product kernel alone (GFLOP/s), native | wasm: does it slow down when W leaves the caches (N = 512)?');
  printTable(['N', 'product', 'native f64', 'wasm f64', 'native f32', 'wasm f32'], wasm.product_gflops.map((w, i) => {
    const n = native.product_gflops[i];
    return [w.N, w.shape, fixed(n.float64), fixed(w.float64), fixed(n.float32), fixed(w.float32)];
  }));
}
for (const run of [native, wasm]) {
  const p = run.simd_peak_gflops;
  if (p) console.log(`${run.runtime} SIMD peak (multiply + add, no FMA): ${fixed(p.float64, 1)} GFLOP/s float64, ${fixed(p.float32, 1)} GFLOP/s float32`);
}
console.log('Goals (issue 21): N = 128 wasm float32 >= 100 steps/s and >= 0.7x torch float32; N = 512 wasm float64 >= 0.8x torch float64.');
if (pytorch) {
  console.log(`PyTorch ${pytorch.version}, one thread, BLAS: ${pytorch.blas.find((l) => l.includes('libblas')) ?? pytorch.blas.join(', ')}`);
  for (const run of torchRuns) {
    console.log(`  OpenBLAS kernels ${run.blas_core}${run === forced ? ` (OPENBLAS_CORETYPE=${properCore})` : ' (as installed)'}: ` +
      `${fixed(rateOf(run, 128, 'float64'))} steps/s float64 at N = 128${run === pytorch ? ' <- the reference in the table' : ''}`);
  }
  // A step multiplies by W, by W^T and accumulates dL/dW: 3 x 2 N^2 B T flops; at the BLAS's own peak
  // these products alone take this long.
  const peak = pytorch.blas_peak_gflops.float64;
  const ceiling = (N) => (peak * 1e9) / (6 * N * N * B * T);
  console.log(`BLAS float64 peak here: ${peak.toFixed(1)} GFLOP/s, so at most ` +
    [...new Set(native.results.map((n) => n.N))].map((N) => `${ceiling(N).toFixed(1)} steps/s at N = ${N}`).join(', ') +
    ' for the products alone at that rate (the rest of a step is extra).');
}
writeResult('train_bench.json', { quick, native, native_arch: nativeArch, wasm, pytorch, pytorch_runs: torchRuns });
