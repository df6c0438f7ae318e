// Runs the training-step benchmark natively and as wasm under node, prints a side-by-side table and
// writes bench/results/train_bench.json. Usage: node bench/run_train_bench.mjs [--quick]
import { printTable, runBoth, writeResult } from './harness.mjs';

const args = process.argv.includes('--quick') ? ['--quick'] : [];
const { native, wasm } = runBoth('train_bench', args);

const rows = native.results.map((n) => {
  const w = wasm.results.find((r) => r.N === n.N);
  return [n.N, n.steps_per_s.toFixed(2), w ? w.steps_per_s.toFixed(2) : '-',
          w ? (n.steps_per_s / w.steps_per_s).toFixed(2) : '-'];
});
console.log(`T=${native.results[0].T} B=${native.results[0].B}${args.length ? ' (--quick)' : ''}`);
printTable(['N', 'native steps/s', 'wasm steps/s', 'native/wasm'], rows);
writeResult('train_bench.json', { quick: args.length > 0, native, wasm });
