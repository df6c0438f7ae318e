// Time to the verdict of each notebook that compares several runs, with the page's worker pool set to
// 1 and then to 2 workers (?workers=N, docs/notebooks.md), in Debian's Chromium on the built site
// (web/dist: run `bash scripts/build.sh` or `npx vite build --config web/vite.config.js` first).
// Measured in the page: from navigation start to the moment the last of the notebook's verdict cells
// is done (data-status "ok"), and from the moment the cell that starts its runs ran to that moment
// (what the pool can speed up, without loading the page). The 1- and 2-worker loads alternate, so that
// a change in the machine's load hits both; the median of --repeat loads (default 1) is reported.
// Each load also prints its split (when each worker started and finished, the main thread's busy time)
// and, on Linux, the CPU that other programs took meanwhile: the table's last column, in cores of the
// machine's, says how quiet it was (the load average counts this benchmark's own threads too).
// Prints a table with the load average and writes bench/results/notebook_bench.json (not a test).
//   node bench/notebook_bench.mjs [--repeat N] [--only rich-lazy,flatness]
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { openSite } from '../tests/browser/browser.mjs';
import { printTable, writeResult } from './harness.mjs';

// name, the runs its defaults start at once, the cell that starts them, the cells that hold its
// verdict, the 2-worker goal (issue 20).
const NOTEBOOKS = [
  { name: 'rich-lazy', runs: 20, start: 'runs', cells: ['verdict'], goal: 1.7 },
  { name: 'credit-assignment', runs: 10, start: 'runs', cells: ['table', 'hessian'], goal: 1.7 },
  { name: 'flatness', runs: 15, start: 'runs', cells: ['verdict', 'within', 'bounds'], goal: 1.7 },
  { name: 'sampling', runs: 3, start: 'exact', cells: ['verdict'] },
  { name: 'pitchfork', runs: 3, start: 'run', cells: ['summary', 'compare_table'] },
  { name: 'sweeps', runs: 15, start: 'sweep', cells: ['pageSummary'] },
];

const { values: args } = parseArgs({ options: { repeat: { type: 'string', default: '1' }, only: { type: 'string' } } });
const repeat = Number(args.repeat);
if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`--repeat: expected a positive integer, got ${args.repeat}`);
const only = args.only?.split(',');
const chosen = NOTEBOOKS.filter((n) => !only || only.includes(n.name));
if (!chosen.length) throw new Error(`--only: none of ${only} is one of ${NOTEBOOKS.map((n) => n.name).join(', ')}`);

/**
 * CPU seconds so far (Linux /proc): of the whole machine (busy, all cores) and of this process and its
 * descendants (the browser: live processes, and through cutime those that ended), so that a load can
 * say how much CPU other programs took from it. null where /proc is missing.
 */
function cpuSeconds() {
  try {
    const hz = 100;
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const machine = (f[0] + f[1] + f[2] + f[5] + f[6] + f[7]) / hz;  // user nice system irq softirq steal
    const procs = new Map();
    for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const st = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const x = st.slice(st.lastIndexOf(')') + 2).split(' ');
        procs.set(Number(pid), { ppid: Number(x[1]), cpu: (Number(x[11]) + Number(x[12]) + Number(x[13]) + Number(x[14])) / hz });
      } catch { /* ended meanwhile */ }
    }
    const mine = (pid) => { for (let p = pid; p > 1; p = procs.get(p)?.ppid ?? 0) if (p === process.pid) return true; return false; };
    const ours = [...procs].filter(([pid]) => mine(pid)).reduce((n, [, p]) => n + p.cpu, 0);
    return { machine, ours };
  } catch {
    return null;
  }
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b), m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const site = await openSite();

/**
 * Loads the notebook with a pool of `workers`; resolves with {verdict, runs}: the ms from navigation to
 * its verdict, and from the moment its runs were started (the start cell ran) to its verdict.
 */
async function timeToVerdict({ name, start, cells }, workers) {
  const page = await site.page('index.html');
  await page.addInitScript(({ start, cells }) => {
    window.__done = {};
    // The pool's workers, seen from the page: when each was made, when it got each run, when that
    // run's first progress and its result came back (the split of the time to the verdict).
    window.__workers = [];
    const NativeWorker = window.Worker;
    window.Worker = class extends NativeWorker {
      constructor(...args) {
        super(...args);
        const w = { created: performance.now(), runs: new Map() };
        window.__workers.push(w);
        this.__trace = w;
        this.addEventListener('message', ({ data }) => {
          const run = w.runs.get(data?.id);
          if (!run) return;
          if (data.type === 'progress') run.firstProgress ??= performance.now();
          else if (data.type === 'result' || data.type === 'error') run.end = performance.now();
        });
      }
      postMessage(message, transfer) {
        if (message?.type === 'run') this.__trace.runs.set(message.id, { sent: performance.now() });
        return super.postMessage(message, transfer);
      }
    };
    new MutationObserver(() => {
      if (!window.__start && document.querySelector(`[data-cell="${start}"]`)?.dataset.status) window.__start = performance.now();
      for (const id of cells) {
        if (!window.__done[id] && document.querySelector(`[data-cell="${id}"]`)?.dataset.status === 'ok') window.__done[id] = performance.now();
      }
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-status'] });
  }, { start, cells });
  const errors = site.errors.length;
  const cpu0 = cpuSeconds();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(`${site.url}notebook.html?nb=${name}&workers=${workers}`);
  await page.waitForFunction((cells) => cells.every((id) => window.__done[id]), cells, { timeout: 1800000, polling: 250 });
  const ms = await page.evaluate((cells) => {
    const verdict = Math.max(...cells.map((id) => window.__done[id]));
    const workers = window.__workers.filter((w) => w.runs.size).map((w) => {
      const runs = [...w.runs.values()];
      const first = runs[0];
      return {
        created: w.created, startup: first.firstProgress - w.created, lastResult: Math.max(...runs.map((r) => r.end)),
        // Time on this worker from its first progress to its last result outside the runs' first progress to
        // result: each next run's message, set-up and first chunk.
        between: Math.max(...runs.map((r) => r.end)) - first.firstProgress - runs.reduce((n, r) => n + (r.end - r.firstProgress), 0),
      };
    });
    return { verdict, runs: verdict - window.__start, start: window.__start, workers,
      lastResult: Math.max(...workers.map((w) => w.lastResult)), firstResult: Math.min(...workers.map((w) => w.lastResult)) };
  }, cells);
  const cpu1 = cpuSeconds();
  // CPU seconds the benchmark's browser used, and those other programs on the machine took meanwhile.
  if (cpu0 && cpu1) {
    ms.cpu = cpu1.ours - cpu0.ours;
    ms.othersCpu = Math.max(0, cpu1.machine - cpu0.machine - ms.cpu);
  }
  // The page's main thread: its busy time (tasks) from navigation to the verdict, seen by DevTools.
  const { metrics } = await cdp.send('Performance.getMetrics');
  ms.mainThreadBusy = 1000 * (metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN);
  const failed = await page.$$eval('.nb-cell[data-status="error"]', (c) => c.map((e) => e.dataset.cell));
  await page.close();
  if (failed.length || site.errors.length > errors) {
    throw new Error(`${name} with ${workers} worker(s): cells failed (${failed.join(', ')}) ${site.errors.slice(errors).join('; ')}`);
  }
  return ms;
}

const load = { start: os.loadavg() };
const cores = await (async () => {
  const page = await site.page('index.html');
  const n = await page.evaluate(() => navigator.hardwareConcurrency);
  await page.close();
  return n;
})();
console.error(`== ${chosen.length} notebooks x 2 pool sizes x ${repeat}; Chromium reports ${cores} cores; ` +
  `load average ${load.start.map((x) => x.toFixed(2)).join(' ')}`);
const results = [];
for (const nb of chosen) {
  const times = { 1: [], 2: [] };
  for (let r = 0; r < repeat; r++) {
    for (const workers of [1, 2]) {
      const ms = await timeToVerdict(nb, workers);
      times[workers].push(ms);
      console.error(`   ${nb.name}, ${workers} worker${workers > 1 ? 's' : ''}: ${(ms.verdict / 1000).toFixed(1)} s to the verdict, ` +
        `${(ms.runs / 1000).toFixed(1)} s of it from the start of the runs (load ${os.loadavg()[0].toFixed(2)})`);
      const t = (x) => (x / 1000).toFixed(2);
      console.error(`     runs started at ${t(ms.start)} s; workers: ${ms.workers.map((w) => `made at ${t(w.created)}, ` +
        `first progress ${t(w.startup)} s later, ${t(w.between)} s between runs, last result at ${t(w.lastResult)}`).join('; ')}; ` +
        `verdict ${t(ms.verdict - ms.lastResult)} s after the last result; main thread busy ${t(ms.mainThreadBusy)} s` +
        (ms.cpu !== undefined ? `; CPU: the browser ${ms.cpu.toFixed(1)} s, other programs ${ms.othersCpu.toFixed(1)} s` : ''));
    }
  }
  const m = (w, key) => median(times[w].map((t) => t[key]));
  results.push({
    notebook: nb.name, runs: nb.runs, goal: nb.goal ?? null, times,
    one_worker_ms: m(1, 'verdict'), two_workers_ms: m(2, 'verdict'), ratio: m(1, 'verdict') / m(2, 'verdict'),
    one_worker_runs_ms: m(1, 'runs'), two_workers_runs_ms: m(2, 'runs'), runs_ratio: m(1, 'runs') / m(2, 'runs'),
    // Of the 2 cores, how many other programs took on average during this notebook's loads.
    others_cores: [...times[1], ...times[2]].reduce((n, t) => n + (t.othersCpu ?? NaN), 0)
      / ([...times[1], ...times[2]].reduce((n, t) => n + t.verdict, 0) / 1000),
  });
}
load.end = os.loadavg();
await site.close();

const s = (ms) => (ms / 1000).toFixed(1);
console.log('Seconds from navigation to the verdict, and (runs) from the start of the runs to the verdict:');
printTable(['notebook', 'runs', '1 worker', '2 workers', 'ratio', '1 worker (runs)', '2 workers (runs)', 'ratio (runs)', 'goal',
  'cores taken by others'],
  results.map((r) => [r.notebook, r.runs, s(r.one_worker_ms), s(r.two_workers_ms), r.ratio.toFixed(2),
    s(r.one_worker_runs_ms), s(r.two_workers_runs_ms), r.runs_ratio.toFixed(2), r.goal ? `>= ${r.goal}` : '',
    r.others_cores.toFixed(2)]));
console.log(`load average (1, 5, 15 min): before ${load.start.map((x) => x.toFixed(2)).join(' ')}, after ${load.end.map((x) => x.toFixed(2)).join(' ')}; ` +
  `${os.cpus().length} cores, Chromium reports ${cores}; median of ${repeat} load${repeat > 1 ? 's' : ''} each`);
writeResult('notebook_bench.json', { cores: os.cpus().length, browser_cores: cores, repeat, load_average: load, results });
