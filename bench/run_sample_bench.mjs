// Runs the RSN sampling benchmark natively and as wasm under node, prints a side-by-side table and
// writes bench/results/sample_bench.json. Usage: node bench/run_sample_bench.mjs [--quick]
import { printTable, runBoth, writeResult } from './harness.mjs';

const args = process.argv.includes('--quick') ? ['--quick'] : [];
const { native, wasm } = runBoth('sample_bench', args);

const rate = (t) => (t ? t.steps_per_s.toFixed(2) : '-');
const rows = native.results.map((n) => {
  const w = wasm.results.find((r) => r.N === n.N);
  return [n.N, rate(n.rsn), rate(w?.rsn), w ? (n.rsn.steps_per_s / w.rsn.steps_per_s).toFixed(2) : '-',
    rate(n.x_space), rate(w?.x_space), rate(n.dense), rate(w?.dense)];
});
console.log(`${native.chains} chains, d = ${native.d}${args.length ? ' (--quick)' : ''}`);
printTable(['N', 'native RSN steps/s', 'wasm RSN steps/s', 'native/wasm', 'native x-space', 'wasm x-space',
  'native dense W_rec', 'wasm dense W_rec'], rows);
writeResult('sample_bench.json', { quick: args.length > 0, native, wasm });
