// Determinism (README.md, "What is guaranteed"): every experiment kind, run twice with the same seed in
// one page, gives bit-identical scalars and arrays, and the native CLI gives the very same bits.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSite } from './browser.mjs';
import { nativeDir, parseNpy } from '../node/module.mjs';

const configs = {
  train: { kind: 'train', seed: 3, steps: 30, batch_size: 8, model: { hidden: 12 }, task: { bits: 2, steps: 30 } },
  sntk: { kind: 'sntk', seed: 2, steps: 20, model: { hidden: 6, cell: 'current' },
    task: { name: 'memory_pro', stim_steps: 3, memory_steps: 3, response_steps: 3 }, sntk: { interval: 10, top_k: 3 } },
  pitchfork: { kind: 'pitchfork', seed: 4, steps: 4, batch_size: 4, model: { hidden: 6 }, monitor_trials: 3,
    sntk: { interval: 2, eval_trials: 2, eval_steps: 10, landscape_points: 3 } },
  measure: { kind: 'measure', seed: 7, data: { manifold: 'gaussian', dimension: 3, samples: 200, embedding: 6 } },
  sample: { kind: 'sample', seed: 2, model: { hidden: 12 },
    training: { levels: 2, steps_per_level: 10, final_steps: 10, batch_size: 16, data_size: 200 },
    sampling: { chains: 100, steps: 20, record_every: 10, snapshot_chains: 10 },
    measures: { reference: 300, mmd_samples: 100, grid: { points: 11 } } },
  flatness: { kind: 'flatness', seed: 5, steps: 20, batch_size: 4, model: { hidden: [5] } },
  forecast: { kind: 'forecast', seed: 2, data: { frames: 1200 }, leads: 15,
    models: { ar: { max_order: 6 }, var: { max_order: 3 }, gru: { enabled: true, hidden: 3, context: 8, horizon: 4, steps: 4, batch: 4 } } },
  switching: { kind: 'switching', seed: 3, data: { steps: 100, test_steps: 60 }, training: { iterations: 8, samples: 2 },
    baseline: { iterations: 3, kmeans_restarts: 2 }, evaluation: { posterior_samples: 2, horizon: 3, paths: 2 } },
  causality: { kind: 'causality', seed: 4, data: { neurons: 5, samples: 400, burn_in: 20 },
    attention: { context: 3, width: 6, heads: 2, key_width: 3, hidden: 6, epochs: 1, batch: 64 } },
  lowrank: { kind: 'lowrank', seed: 6, teacher: { name: 'ring', neurons: 50, train_trials: 6, heldout_trials: 3, steps: 30 },
    students: { count: 2, steps: 10, windows: 8 }, flow: { steps: 20, hidden: 16, batch: 64 }, samples: { count: 2 } },
};

let site;
let page;
before(async () => {
  site = await openSite();
  page = await site.page('api.html');
  await page.waitForSelector('body[data-ready="1"]', { state: 'attached' });
});
after(async () => { await site?.close(); });

// Timings (scalars named *_ms) differ from run to run; every other number must not.
const isTiming = (name) => name.endsWith('_ms');

// A run in the page as plain JSON-able values: scalars (non-finite as strings) and arrays as lists.
const runInPage = (config) => page.evaluate(async (c) => {
  const r = await window.rnnbook.run(c);
  const scalars = Object.fromEntries(Object.entries(r.scalars).filter(([k]) => !k.endsWith('_ms'))
    .map(([k, v]) => [k, Number.isFinite(v) ? v : String(v)]));
  const arrays = Object.fromEntries(Object.entries(r.arrays).map(([k, a]) => [k, { shape: a.shape, data: Array.from(a.data) }]));
  return { scalars, arrays };
}, config);

function runNative(config) {
  const out = mkdtempSync(path.join(tmpdir(), 'rnnbook-determinism-'));
  const r = spawnSync(path.join(nativeDir, 'cli/rnnbook'), ['run', '-', '--out', out, '--quiet'],
    { encoding: 'utf8', input: JSON.stringify(config) });
  assert.equal(r.status, 0, r.stderr);
  const result = JSON.parse(readFileSync(path.join(out, 'result.json'), 'utf8'));
  const arrays = {};
  for (const [name, meta] of Object.entries(result.arrays)) {
    const { shape, data } = parseNpy(readFileSync(path.join(out, meta.file)));
    arrays[name] = { shape, data: Array.from(data) };
  }
  return { scalars: result.scalars, arrays };
}

// The first entry where two lists differ bit for bit (NaN equals NaN), or -1.
function firstDifference(a, b) {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

for (const [kind, config] of Object.entries(configs)) {
  test(`kind "${kind}": the same seed twice in one page and once natively gives the same bits`, async () => {
    const first = await runInPage(config);
    const second = await runInPage(config);
    assert.ok(Object.keys(first.arrays).length > 0, 'the run returned arrays');
    assert.deepEqual(second, first);

    const native = runNative(config);
    assert.deepEqual(Object.keys(native.arrays).sort(), Object.keys(first.arrays).sort());
    assert.deepEqual(Object.keys(native.scalars).filter((k) => !isTiming(k)).sort(), Object.keys(first.scalars).sort());
    for (const [name, a] of Object.entries(first.arrays)) {
      assert.deepEqual(native.arrays[name].shape, a.shape, `${kind}.${name} shape`);
      const at = firstDifference(native.arrays[name].data, a.data);
      assert.equal(at, -1, `${kind}.${name}[${at}]: native ${native.arrays[name].data[at]}, wasm ${a.data[at]}`);
    }
    for (const [name, v] of Object.entries(first.scalars)) {
      const w = native.scalars[name];
      if (typeof v === 'string') assert.equal(w, null, `${kind} scalar ${name}`);  // non-finite: null in JSON
      else assert.ok(Object.is(w, v), `${kind} scalar ${name}: native ${w}, wasm ${v}`);
    }
  });
}
