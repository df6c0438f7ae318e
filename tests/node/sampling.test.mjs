// Kind "sample" and the sample-quality measures through web/lib/engine.js and the real wasm
// module; the CLI runs the same spec to the same numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadModule, nativeDir, parseNpy } from './module.mjs';
import { runExperiment } from '../../web/lib/engine.js';
import { sampleQualityFunctions as F } from '../../web/lib/sample_quality.js';
import { functionNames } from '../../web/lib/functions.js';

const M = await loadModule();
const cli = path.join(nativeDir, 'cli/rnnbook');

// A small RSN run on the double peak: 2 levels x 20 steps + 30, then 40 sampling steps.
const small = {
  kind: 'sample', seed: 2, model: { hidden: 16 },
  training: { levels: 2, steps_per_level: 20, final_steps: 30, batch_size: 32, data_size: 400 },
  sampling: { chains: 300, steps: 40, record_every: 10, snapshot_chains: 20 },
  measures: { reference: 1000, mmd_samples: 300, grid: { points: 11 } },
};

// Independent references in plain JS.
const w1Sorted = (a, b) => {  // equal sizes: the mean gap between sorted samples
  const sa = Float64Array.from(a).sort(), sb = Float64Array.from(b).sort();
  return sa.reduce((s, v, i) => s + Math.abs(v - sb[i]), 0) / sa.length;
};
const mmd2Brute = (x, y, d, h) => {
  const k = (p, i, q, j) => {
    let s = 0;
    for (let c = 0; c < d; c++) s += (p[i * d + c] - q[j * d + c]) ** 2;
    return Math.exp(-s / (2 * h * h));
  };
  const n = x.length / d, m = y.length / d;
  let xx = 0, yy = 0, xy = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) xx += k(x, i, x, j);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) if (i !== j) yy += k(y, i, y, j);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) xy += k(x, i, y, j);
  return xx / (n * (n - 1)) + yy / (m * (m - 1)) - 2 * xy / (n * m);
};
const noise = (n, seed) => {  // a small deterministic generator, enough for test data
  let s = seed;
  return Float64Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  });
};

test('kind "sample": the result holds the chains, the reference and the measures', async () => {
  const r = await runExperiment(M, small);
  assert.equal(r.kind, 'sample');
  assert.equal(r.scalars.training_steps, 50);
  assert.equal(r.scalars.sampling_steps_done, 40);
  assert.deepEqual(r.arrays.samples.shape, [300, 1]);
  assert.deepEqual(r.arrays.snapshots.shape, [5, 20, 1]);
  assert.deepEqual(r.arrays.loss.shape, [50]);
  assert.equal(r.config.sampling.dt, 0.01, 'defaults are filled in');
  // The result's W1 is the W1 of its own arrays.
  assert.ok(Math.abs(F.wasserstein1(M, r.arrays.samples.data, r.arrays.reference.data) -
    r.scalars.sliced_w1) < 1e-12);
  assert.ok(Math.abs(F.excessKurtosis(M, r.arrays.samples.data)[0] - r.scalars.kurtosis_min) < 1e-12);
});

test('kind "sample": the CLI gives the same numbers and writes the arrays', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'rnnbook-sample-'));
  const cliRun = spawnSync(cli, ['run', '-', '--out', out, '--quiet'], { encoding: 'utf8', input: JSON.stringify(small) });
  assert.equal(cliRun.status, 0, cliRun.stderr);
  const result = JSON.parse(readFileSync(path.join(out, 'result.json'), 'utf8'));
  assert.equal(result.kind, 'sample');
  const samples = parseNpy(readFileSync(path.join(out, 'samples.npy')));
  assert.deepEqual(samples.shape, [300, 1]);
  // The same bits natively and in wasm (README, "Determinism").
  return runExperiment(M, small).then((r) => {
    assert.deepEqual(Array.from(samples.data), Array.from(r.arrays.samples.data));
    const measured = (scalars) => Object.entries(scalars).filter(([name]) => !name.endsWith('_ms'));  // not timings
    assert.deepEqual(measured(result.scalars), measured(r.scalars));
  });
});

test('kind "sample": bad input names the field, as in the core', async () => {
  const cases = [
    [{ target: { name: 'gaussian_mixture', weights: [0.5, 0.6], means: [0, 1], covariances: [1, 1] } },
      'target.weights: must sum to 1, got a sum of 1.1'],
    [{ target: { name: 'gaussian_mixture', weights: [1], means: [[0, 0]], covariances: [[[1, 2], [2, 1]]] } },
      'target.covariances[0]: must be positive definite, got smallest eigenvalue -1'],
    [{ sampling: { dt: 0 } }, 'sampling.dt: must be a number in (0, 1], got 0'],
    [{ target: { name: 'samples', samples: new Float64Array([1, NaN, 2]) } },
      'target.samples[1]: must be a finite number, got null (NaN and infinity become null in JSON)'],
  ];
  for (const [extra, message] of cases) {
    await assert.rejects(runExperiment(M, { kind: 'sample', ...extra }), { message });
  }
});

test('sample-quality measures on typed arrays match plain-JS references', () => {
  const a = noise(200, 1), b = noise(200, 2).map((v) => 2 * v + 0.3);
  assert.ok(Math.abs(F.wasserstein1(M, a, b) - w1Sorted(a, b)) < 1e-12);
  assert.equal(F.slicedWasserstein1(M, a, b), F.wasserstein1(M, a, b));
  const x = noise(120, 3), y = noise(100, 4).map((v) => v + 0.2);  // 60 and 50 points in 2-D
  const { mmd2, bandwidth } = F.mmd2(M, { shape: [60, 2], data: x }, { shape: [50, 2], data: y });
  assert.ok(Math.abs(mmd2 - mmd2Brute(x, y, 2, bandwidth)) < 1e-12);
  const fixed = F.mmd2(M, { shape: [60, 2], data: x }, { shape: [50, 2], data: y }, { bandwidth: 0.7 });
  assert.equal(fixed.bandwidth, 0.7);
  assert.ok(Math.abs(fixed.mmd2 - mmd2Brute(x, y, 2, 0.7)) < 1e-12);
  assert.equal(F.medianBandwidth(M, { shape: [60, 2], data: x }, { shape: [50, 2], data: y }), bandwidth);
  assert.deepEqual(Array.from(F.modeMasses(M, [[0, 0], [2, 0.1], [-2, 0]], [[-1, 0], [1, 0]])), [2 / 3, 1 / 3]);
  assert.deepEqual(Array.from(F.excessKurtosis(M, [1, -1, 1, -1])), [-2]);
  assert.equal(F.histogramKl(M, a, a), 0);
  assert.throws(() => F.wasserstein1(M, a, Float64Array.of(1, NaN)), { message: 'y[1]: must be a finite number, got nan' });
  assert.throws(() => F.histogramKl(M, a, b, { bins: 0 }), { message: 'options.bins: must be an integer in [1, 100000], got 0' });
  for (const name of Object.keys(F)) assert.ok(functionNames.includes(name), `rnnbook.${name} is served by the worker`);
  assert.throws(() => F.modeMasses(M, [[0, 0], [1]], [[0, 0]]), { message: 'x[1]: every row must have 2 numbers like the first' });
});

test('kind "sample": progress streams the DSM loss, the distance and the chains once each, in order', async () => {
  const got = { loss: [], sigma: [], distance: [], time: [], snapshots: [] };
  const r = await runExperiment(M, small, {
    chunkMs: 1,
    series: Object.keys(got),
    onProgress: ({ series }) => { for (const k of Object.keys(got)) got[k].push(...series[k]); },
  });
  for (const k of Object.keys(got)) assert.deepEqual(got[k], Array.from(r.arrays[k].data), k);
  assert.deepEqual(got.time, [0, 10, 20, 30, 40].map((k) => k * 0.01));  // sampling steps x dt
});
