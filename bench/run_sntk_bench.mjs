// Runs the sNTK operator benchmark natively and as wasm under node, prints a side-by-side table and
// writes bench/results/sntk_bench.json. Usage: node bench/run_sntk_bench.mjs [--quick]
import { printTable, runBoth, writeResult } from './harness.mjs';

const args = process.argv.includes('--quick') ? ['--quick'] : [];
const { native, wasm } = runBoth('sntk_bench', args);

const rows = native.results.flatMap((n) => {
  const w = wasm.results.find((r) => r.N === n.N);
  const size = `N=${n.N} B=${n.B} T=${n.T}`;
  const line = (label, r) => [size, label, r.D, r.P, r.theta_ms.toFixed(2), r.lanczos_s.toFixed(2), r.lanczos_matvecs,
    `${r.dense_j_s.toFixed(1)}${r.dense_columns < r.P ? '*' : ''}`, (r.dense_j_s / r.lanczos_s).toFixed(0)];
  return [line('native', n), ...(w ? [line('wasm', w)] : [])];
});
printTable(['size', 'runtime', 'D', 'P', 'Theta q ms', 'Lanczos top-10 s', 'products', 'dense J s', 'dense J / Lanczos'], rows);
console.log('* extrapolated from the columns formed within the time budget');
writeResult('sntk_bench.json', { quick: args.length > 0, native, wasm });
