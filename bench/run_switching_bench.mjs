// Runs the switching benchmark natively and as wasm under node, prints a side-by-side table and
// writes bench/results/switching_bench.json. Usage: node bench/run_switching_bench.mjs [--quick]
import { printTable, runBoth, writeResult } from './harness.mjs';

const args = process.argv.includes('--quick') ? ['--quick'] : [];
const { native, wasm } = runBoth('switching_bench', args);

const rows = [
  ['exp, portable scalar', native.math.exp_scalar, wasm.math.exp_scalar, 'M values/s'],
  ['exp, portable exp_each', native.math.exp_each, wasm.math.exp_each, 'M values/s'],
  ['exp, C library', native.math.exp_libc, wasm.math.exp_libc, 'M values/s'],
  ['log, portable scalar', native.math.log_scalar, wasm.math.log_scalar, 'M values/s'],
  ['log, portable log_each', native.math.log_each, wasm.math.log_each, 'M values/s'],
  ['log, C library', native.math.log_libc, wasm.math.log_libc, 'M values/s'],
  ['GDM training iteration', native.gdm_iteration, wasm.gdm_iteration, 'it/s'],
  ['rAR-HMM EM iteration', native.em_iteration, wasm.em_iteration, 'it/s'],
  ['default switching run', native.default_run, wasm.default_run, 's/run'],
].map(([name, n, w, unit]) => {
  const value = (t) => (unit === 's/run' ? t.seconds / t.units : t.per_s);
  const digits = (v) => (v >= 100 ? v.toFixed(1) : v.toFixed(2));
  const ratio = unit === 's/run' ? value(w) / value(n) : value(n) / value(w);
  return [name, unit, digits(value(n)), digits(value(w)), ratio.toFixed(2)];
});
console.log(`switching kind's parts${args.length ? ' (--quick)' : ''}; native/wasm = how many times faster native is`);
printTable(['part', 'unit', 'native', 'wasm', 'native/wasm'], rows);
writeResult('switching_bench.json', { quick: args.length > 0, native, wasm });
