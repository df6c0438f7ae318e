// The npm package's size and speed (issue 19, item 7; a benchmark, not a test):
//   1. the packed tarball's size;
//   2. what a plain page (import map, no bundler) downloads to run its first experiment: every file
//      it requests (module graph, worker, glue, .wasm), each gzip -9 compressed;
//   3. time from navigation to the first `train` result (20 steps, N = 32) started at load, and from
//      the load event, on localhost in Debian's Chromium: median of 5 cold loads (a fresh context each);
//   4. what rnnbook.wasm is made of: its sections, and its code by origin (a relink with
//      --emit-symbol-map names every function; c++filt demangles);
//   5. size-tuned relinks of the same objects (-Os, -Oz at link: binaryen's wasm-opt optimises for size):
//      their size, gzip size, one training speed, and whether every kind gives the very same bits.
// Prints tables and writes bench/results/package_bench.json.
//   node bench/package_bench.mjs [--no-relink]      (after bash scripts/build.sh)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openSite } from '../tests/browser/browser.mjs';
import { packedProject } from '../tests/package_project.mjs';
import { configs } from '../tests/node/kind_configs.mjs';
import { runExperiment } from '../web/lib/engine.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const wasmBuild = path.join(repo, 'build-wasm/wasm');
const relink = !process.argv.includes('--no-relink');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;

// 1-3: the package in a fresh project, a plain page that trains at load.
const project = await packedProject('bench');
writeFileSync(path.join(project.dir, 'bench.html'), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="importmap">{ "imports": { "rnnbook": "./node_modules/rnnbook/rnnbook.js" } }</script>
<script type="module">
  import { run } from 'rnnbook';
  const loaded = new Promise((resolve) => (document.readyState === 'complete' ? resolve() : addEventListener('load', resolve)));
  const r = await run({ kind: 'train', seed: 1, steps: 20, model: { hidden: 32 } });
  await loaded;
  const load = performance.getEntriesByType('navigation')[0].loadEventStart;
  window.__times = { result: performance.now(), load, steps: r.scalars.steps_done };
</script>`);
const site = await openSite({ dir: project.dir });
const loads = [];
let files = [];
for (let i = 0; i < 5; i++) {
  const before = site.requests.length;
  const page = await site.page('bench.html');
  await page.waitForFunction(() => window.__times, null, { timeout: 60000 });
  loads.push(await page.evaluate(() => window.__times));
  if (i === 0) files = site.requests.slice(before).filter((u) => u.startsWith(site.url)).map((u) => u.slice(site.url.length));
  await page.close();
}
await site.close();
const download = files.filter((f) => f !== 'bench.html').map((f) => {
  const bytes = readFileSync(path.join(project.dir, f));
  return { file: f, bytes: bytes.length, gzip: gz(bytes) };
});
const sum = (rows, key) => rows.reduce((n, r) => n + r[key], 0);
const wasmRow = download.find((d) => d.file.endsWith('.wasm'));
const page = {
  files: download.length, bytes: sum(download, 'bytes'), gzip: sum(download, 'gzip'),
  js_gzip: sum(download.filter((d) => d.file.endsWith('.js') || d.file.endsWith('.mjs')), 'gzip'), wasm_gzip: wasmRow.gzip,
  first_result_ms: median(loads.map((t) => t.result)), after_load_ms: median(loads.map((t) => t.result - t.load)),
  runs: loads,
};
const tarball = { bytes: project.size, unpacked_bytes: project.unpackedSize, files: project.entryCount };
project.remove();

console.log('\n| measure | value | target |\n|---|---:|---:|');
console.log(`| package tarball | ${kb(tarball.bytes)} (${tarball.files} files, ${kb(tarball.unpacked_bytes)} unpacked) | <= 1.5 MB |`);
console.log(`| plain page download, gzip -9 | ${kb(page.gzip)} (${page.files} files: JS ${kb(page.js_gzip)}, wasm ${kb(page.wasm_gzip)}; ${kb(page.bytes)} raw) | <= 700 KB |`);
console.log(`| first train result (20 steps, N = 32) from navigation | ${page.first_result_ms.toFixed(0)} ms | |`);
console.log(`| ... from the load event | ${page.after_load_ms.toFixed(0)} ms | <= 1 s |`);

// 4: sections of a wasm binary, and the size of each function body.
function wasmLayout(bytes) {
  let p = 8;
  const leb = () => { let v = 0, shift = 0, b; do { b = bytes[p++]; v += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80); return v; };
  const names = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount', 'tag'];
  const sections = [];
  let imports = 0;
  let bodies = [];
  while (p < bytes.length) {
    const id = bytes[p++];
    const size = leb();
    const start = p;
    sections.push({ name: names[id] ?? `id ${id}`, bytes: size });
    if (id === 2) {  // imports: count the functions (kind 0) to offset the code section's indices
      const n = leb();
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < 2; k++) { const length = leb(); p += length; }  // module, field names
        const kind = bytes[p++];
        if (kind === 0) { imports++; leb(); } else if (kind === 1) { p++; const f = leb(); leb(); if (f & 1) leb(); } else if (kind === 2) { const f = leb(); leb(); if (f & 1) leb(); } else if (kind === 3) { p += 2; } else if (kind === 4) { p++; leb(); }
      }
    }
    if (id === 10) {
      const n = leb();
      bodies = [];
      for (let i = 0; i < n; i++) { const s = leb(); bodies.push(s); p += s; }
    }
    p = start + size;
  }
  return { sections, imports, bodies };
}

const origins = [['rnnbook core', 'rnnbook::'], ['Eigen', 'Eigen::'], ['nlohmann/json', 'nlohmann::'], ['xtensor', 'xt::'],
  ['Embind', 'emscripten::'], ['libc++ / libc++abi', 'std::'], ['libc++ / libc++abi', '__cxxabiv1'], ['libc++ / libc++abi', '__cxa']];
// libc++'s streams and locales (std::ostringstream and friends) are one lump worth naming on its own.
const streams = /std::__2::(basic_(o|i|io)?stream|basic_(string)?streambuf|basic_ios|ios_base|locale|num_(put|get)|money_(put|get)|__money|time_(put|get)|__time|ctype|codecvt|moneypunct|numpunct|collate|messages|__num_(put|get)|__stdinbuf|__stdoutbuf)/;
function origin(name) {
  const head = name.split('(')[0];
  if (streams.test(head.split('<')[0]) || /^std::__2::(__)?(basic_)?(o|i)?stringstream/.test(head)) return 'libc++ streams and locales';
  let best = null;
  for (const [label, key] of origins) {
    const at = head.indexOf(key);
    if (at >= 0 && (!best || at < best.at)) best = { label, at };
  }
  return best?.label ?? 'C runtime (musl, malloc, compiler-rt) and glue';
}

/** Relinks rnnbook_wasm's objects with extra flags into dir (the build's own link command). */
function link(dir, flags) {
  mkdirSync(dir, { recursive: true });
  const command = readFileSync(path.join(wasmBuild, 'CMakeFiles/rnnbook_wasm.dir/link.txt'), 'utf8').trim()
    .replace('-o rnnbook.mjs', `-o ${path.join(dir, 'rnnbook.mjs')} ${flags.join(' ')}`);
  execFileSync('sh', ['-c', command], { cwd: wasmBuild, stdio: ['ignore', 'ignore', 'inherit'] });
  return path.join(dir, 'rnnbook.wasm');
}

async function loadFrom(dir) {
  const { default: create } = await import(`${pathToFileURL(path.join(dir, 'rnnbook.mjs'))}?${dir}`);
  return create({ wasmBinary: await readFile(path.join(dir, 'rnnbook.wasm')) });
}

/** The bytes of every array of every kind's result, joined: equal bytes = the same bits. */
async function bitsOf(M) {
  const parts = [];
  for (const config of Object.values(configs)) {
    const r = await runExperiment(M, config);
    for (const name of Object.keys(r.arrays).sort()) parts.push(Buffer.from(r.arrays[name].data.buffer));
    for (const name of Object.keys(r.scalars).sort()) if (!name.endsWith('_ms')) parts.push(Buffer.from(new Float64Array([r.scalars[name]]).buffer));
  }
  return Buffer.concat(parts);
}

/** Training steps per second at N = 128, T = 50, B = 32 (median of 3 runs of 30 steps). */
async function speedOf(M) {
  const times = [];
  for (let i = 0; i < 3; i++) {
    const r = await runExperiment(M, { kind: 'train', seed: 1, steps: 30, batch_size: 32, model: { hidden: 128 }, task: { bits: 3, steps: 50 } });
    times.push(30 / (r.timing_ms / 1000));
  }
  return median(times);
}

const shipped = readFileSync(path.join(wasmBuild, 'rnnbook.wasm'));
const results = { date: new Date().toISOString(), node: process.version, tarball, page, wasm: { bytes: shipped.length, gzip: gz(shipped) } };
if (relink) {
  const work = mkdtempSync(path.join(tmpdir(), 'rnnbook-wasm-'));
  // Names: the same -O3 link, with a symbol map (index:mangled name) beside the module.
  const named = link(path.join(work, 'names'), ['--emit-symbol-map']);
  const layout = wasmLayout(readFileSync(named));
  const map = new Map(readFileSync(path.join(work, 'names/rnnbook.mjs.symbols'), 'utf8').trim().split('\n')
    .map((l) => [Number(l.slice(0, l.indexOf(':'))), l.slice(l.indexOf(':') + 1)]));
  // The map escapes characters outside [A-Za-z0-9_$.] as \xx (hex): \20 is a space, \28 '('.
  const unescape = (name) => name.replace(/\\([0-9a-f]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
  const mangled = layout.bodies.map((_, i) => unescape(map.get(i + layout.imports) ?? `function ${i + layout.imports}`));
  const demangled = spawnSync('c++filt', { input: mangled.join('\n'), encoding: 'utf8', maxBuffer: 1 << 28 }).stdout.split('\n');
  const byOrigin = new Map();
  layout.bodies.forEach((size, i) => {
    const o = origin(demangled[i] ?? mangled[i]);
    const e = byOrigin.get(o) ?? { bytes: 0, functions: 0 };
    e.bytes += size; e.functions++;
    byOrigin.set(o, e);
  });
  const top = layout.bodies.map((size, i) => ({ size, name: (demangled[i] ?? mangled[i]).slice(0, 110) }))
    .sort((a, b) => b.size - a.size).slice(0, 12);
  results.wasm.sections = layout.sections;
  results.wasm.code_by_origin = Object.fromEntries(byOrigin);
  results.wasm.largest_functions = top;
  console.log(`\nrnnbook.wasm: ${kb(shipped.length)}, ${kb(results.wasm.gzip)} gzip -9; ${layout.bodies.length} functions\n`);
  console.log('| section | bytes |\n|---|---:|');
  for (const s of layout.sections.filter((x) => x.bytes > 1024)) console.log(`| ${s.name} | ${s.bytes} |`);
  console.log('\n| code by origin | bytes | share of code | functions |\n|---|---:|---:|---:|');
  const code = layout.bodies.reduce((a, b) => a + b, 0);
  for (const [o, e] of [...byOrigin].sort((a, b) => b[1].bytes - a[1].bytes)) {
    console.log(`| ${o} | ${e.bytes} | ${(100 * e.bytes / code).toFixed(1)}% | ${e.functions} |`);
  }
  console.log('\nlargest functions:');
  for (const f of top) console.log(`  ${f.size}  ${f.name}`);

  // Size-tuned links of the same objects.
  const base = await loadFrom(wasmBuild);
  const reference = await bitsOf(base);
  results.variants = [{ link: '-O3 (shipped)', bytes: shipped.length, gzip: gz(shipped), same_bits: true, steps_per_s: await speedOf(base) }];
  for (const flag of ['-Os', '-Oz']) {
    const dir = path.join(work, flag.slice(1));
    const wasm = readFileSync(link(dir, [flag]));
    const M = await loadFrom(dir);
    results.variants.push({ link: flag, bytes: wasm.length, gzip: gz(wasm), same_bits: (await bitsOf(M)).equals(reference), steps_per_s: await speedOf(M) });
  }
  console.log('\n| link | wasm | gzip -9 | same bits, every kind | train steps/s, N = 128 |\n|---|---:|---:|---|---:|');
  for (const v of results.variants) {
    console.log(`| ${v.link} | ${kb(v.bytes)} | ${kb(v.gzip)} | ${v.same_bits ? 'yes' : 'NO'} | ${v.steps_per_s.toFixed(1)} |`);
  }
  rmSync(work, { recursive: true, force: true });
}
mkdirSync(path.join(repo, 'bench/results'), { recursive: true });
writeFileSync(path.join(repo, 'bench/results/package_bench.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('\nwrote bench/results/package_bench.json');
