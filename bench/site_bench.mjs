// Front-end measurements (not tests): on the built site served locally, in Debian's Chromium,
//   1. time from navigation to the first interactive notebook (controls drawn, cells running) and to
//      its first finished run, median of 5 cold loads;
//   2. bytes over the wire for that first load: each file gzip -9 compressed, split into JS/CSS/wasm/other;
//   3. frame rate of the page while a long training run draws its live curve.
// Prints a table and writes bench/results/site_bench.json.   Usage: node bench/site_bench.mjs
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSite, distDir } from '../tests/browser/browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const site = await openSite();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const loads = [];
let firstRequests = [];
for (let i = 0; i < 5; i++) {
  const before = site.requests.length;
  // The page records the times itself (a round trip to the test driver would add its own delay).
  const page = await site.page('index.html');
  await page.addInitScript(() => {
    window.__times = {};
    new MutationObserver(() => {
      const status = (id) => document.querySelector(`[data-cell="${id}"]`)?.dataset.status;
      if (!window.__times.interactive && ['hidden', 'lr', 'steps', 'seed'].every((id) => status(id) === 'ok')) {
        window.__times.interactive = performance.now();
      }
      if (!window.__times.done && status('outputs') === 'ok') window.__times.done = performance.now();
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-status'] });
  });
  await page.goto(`${site.url}notebook.html?nb=train#training-steps=50`);
  await page.waitForSelector('[data-cell="outputs"][data-status="ok"]', { state: 'attached', timeout: 60000 });
  const { interactive, done } = await page.evaluate(() => window.__times);
  loads.push({ interactive_ms: interactive, first_result_ms: done });
  if (i === 0) firstRequests = site.requests.slice(before).filter((u) => !u.endsWith('/index.html'));
  await page.close();
}

const bytes = { js: 0, css: 0, wasm: 0, html: 0, other: 0 };
const raw = { ...bytes };
for (const url of new Set(firstRequests)) {
  if (!url.startsWith(site.url)) continue;
  const file = path.join(distDir, decodeURIComponent(new URL(url).pathname));
  let data;
  try { data = await readFile(file); } catch { continue; }
  const kind = { '.js': 'js', '.css': 'css', '.wasm': 'wasm', '.html': 'html' }[path.extname(file)] ?? 'other';
  bytes[kind] += gzipSync(data, { level: 9 }).length;
  raw[kind] += data.length;
}
const totalGzip = Object.values(bytes).reduce((a, b) => a + b, 0);

const page = await site.page('notebook.html?nb=train#training-steps=2000&hidden-units=128');
await page.waitForSelector('[data-cell="run"] .nb-progress:not([hidden])', { timeout: 60000 });
// Frames per second, and how often the progress (and with it the live curve) changed per second.
const { fps, updatesPerSecond } = await page.evaluate(() => new Promise((resolve) => {
  let frames = 0;
  let updates = 0;
  let last = -1;
  const bar = document.querySelector('[data-cell="run"] progress');
  const start = performance.now();
  const tick = (t) => {
    frames++;
    if (bar.value !== last) { updates++; last = bar.value; }
    if (t - start < 3000) requestAnimationFrame(tick);
    else resolve({ fps: frames / ((t - start) / 1000), updatesPerSecond: updates / ((t - start) / 1000) });
  };
  requestAnimationFrame(tick);
}));
const updates = await page.evaluate(() => document.querySelector('[data-cell="run"] progress').value);
await page.close();
await site.close();

const result = {
  date: new Date().toISOString(), node: process.version,
  interactive_ms: median(loads.map((l) => l.interactive_ms)),
  first_result_ms: median(loads.map((l) => l.first_result_ms)),
  loads, gzip_bytes: bytes, raw_bytes: raw, total_gzip_bytes: totalGzip,
  live_training_fps: fps, live_curve_updates_per_s: updatesPerSecond, live_training_progress_after_3s: updates,
};
const kb = (b) => (b / 1024).toFixed(1);
console.log('| measure | value | target |');
console.log('|---|---:|---:|');
console.log(`| navigation to interactive notebook (median of 5) | ${result.interactive_ms.toFixed(0)} ms | < 1500 ms |`);
console.log(`| navigation to first finished run (50 steps) | ${result.first_result_ms.toFixed(0)} ms | |`);
console.log(`| first load, gzip: JS / CSS / wasm / HTML / other | ${kb(bytes.js)} / ${kb(bytes.css)} / ${kb(bytes.wasm)} / ${kb(bytes.html)} / ${kb(bytes.other)} KB | |`);
console.log(`| first load, gzip total | ${kb(totalGzip)} KB | < 1024 KB |`);
console.log(`| frame rate during live training (N = 128) | ${fps.toFixed(1)} fps | |`);
console.log(`| live curve updates during training | ${updatesPerSecond.toFixed(1)} per s | >= 10 per s |`);
await mkdir(path.join(here, 'results'), { recursive: true });
await writeFile(path.join(here, 'results/site_bench.json'), `${JSON.stringify(result, null, 2)}\n`);
