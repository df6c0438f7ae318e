// Runs the RSN sampling benchmark natively and as wasm under node, prints a side-by-side table and
// writes bench/results/sample_bench.json. Usage: node bench/run_sample_bench.mjs [--quick] [--native-only]
// Build dirs: RNNBOOK_NATIVE_DIR (default build-native), RNNBOOK_WASM_BUILD_DIR (default build-wasm).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nativeDir = path.resolve(repo, process.env.RNNBOOK_NATIVE_DIR ?? 'build-native');
const wasmDir = path.resolve(repo, process.env.RNNBOOK_WASM_BUILD_DIR ?? 'build-wasm');
const args = process.argv.includes('--quick') ? ['--quick'] : [];
const nativeOnly = process.argv.includes('--native-only');

const nativeBin = path.join(nativeDir, 'bench', 'sample_bench');
const wasmJs = path.join(wasmDir, 'bench', 'sample_bench.js');
for (const [f, dir] of [[nativeBin, nativeDir], ...(nativeOnly ? [] : [[wasmJs, wasmDir]])]) {
  if (!existsSync(f)) {
    console.error(`missing ${f}\nbuild first: cmake --build ${path.relative(repo, dir) || dir} --target sample_bench`);
    process.exit(1);
  }
}

// Runs one benchmark, echoing its progress lines to stderr, and returns the JSON on its last line.
function run(label, file, argv) {
  console.error(`== ${label}: ${[file, ...argv].join(' ')}`);
  const out = execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = out.trim().split('\n');
  for (const l of lines.slice(0, -1)) console.error(`   ${l}`);
  return JSON.parse(lines.at(-1));
}

// Sequential on purpose: running both at once would make them compete for the cores.
const native = run('native', nativeBin, args);
const wasm = nativeOnly ? null : run('wasm', process.execPath, [wasmJs, ...args]);

const rate = (t) => (t ? t.steps_per_s.toFixed(2) : '-');
const rows = native.results.map((n) => {
  const w = wasm?.results.find((r) => r.N === n.N);
  return [n.N, rate(n.rsn), rate(w?.rsn), w ? (n.rsn.steps_per_s / w.rsn.steps_per_s).toFixed(2) : '-',
          rate(n.x_space), rate(w?.x_space), rate(n.dense), rate(w?.dense)];
});
const header = ['N', 'native RSN steps/s', 'wasm RSN steps/s', 'native/wasm', 'native x-space', 'wasm x-space',
                'native dense W_rec', 'wasm dense W_rec'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const fmt = (r) => r.map((c, i) => String(c).padStart(widths[i])).join('  ');
console.log(`${native.chains} chains, d = ${native.d}${args.length ? ' (--quick)' : ''}`);
console.log(fmt(header));
for (const r of rows) console.log(fmt(r));

const outDir = path.join(repo, 'bench', 'results');
mkdirSync(outDir, { recursive: true });
const outFile = path.join(outDir, 'sample_bench.json');
const arch = execFileSync('uname', ['-m'], { encoding: 'utf8' }).trim();
writeFileSync(outFile, JSON.stringify({
  date: new Date().toISOString(), node: process.version, arch, quick: args.length > 0, native, wasm,
}, null, 2) + '\n');
console.log(`wrote ${path.relative(process.cwd(), outFile)}`);
