// web/lib/engine.js (the loop the worker runs) against the real wasm module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModule, projectVersion } from './module.mjs';
import { runExperiment, configText } from '../../web/lib/engine.js';

const M = await loadModule();
const small = { kind: 'train', seed: 5, steps: 60, model: { hidden: 8 }, task: { bits: 2, steps: 20 } };

test('a run returns the experiment contract', async () => {
  const r = await runExperiment(M, small);
  assert.equal(r.kind, 'train');
  assert.equal(r.version, projectVersion);
  assert.equal(r.seed, 5);
  assert.equal(r.stopped, false);
  assert.equal(r.config.model.hidden, 8);
  assert.equal(r.config.optimizer.lr, 0.001, 'defaults are filled in');
  assert.equal(r.scalars.steps_done, 60);
  assert.ok(r.timing_ms > 0);
  assert.deepEqual(r.arrays.loss.shape, [60]);
  assert.ok(r.arrays.loss.data instanceof Float64Array);
  assert.deepEqual(r.arrays.eval_output.shape, [4, 20, 2]);
  assert.equal(r.arrays.eval_output.data.length, 4 * 20 * 2);
  assert.equal(r.scalars.initial_loss, r.arrays.loss.data[0]);
});

test('progress events carry every loss value once, in order', async () => {
  const seen = [];
  let last = null;
  const r = await runExperiment(M, JSON.stringify(small), {
    chunkMs: 1,
    onProgress: (p) => { seen.push(...p.series.loss); last = p; },
  });
  assert.deepEqual(seen, Array.from(r.arrays.loss.data));
  assert.equal(last.position, 60);
  assert.equal(last.total, 60);
});

test('cancelling stops within one chunk and returns what was done', async () => {
  let chunks = 0;
  const r = await runExperiment(M, { ...small, steps: 100000 }, {
    chunkMs: 5,
    onProgress: () => { chunks++; },
    isCancelled: () => chunks >= 3,
  });
  assert.equal(r.stopped, true);
  assert.equal(r.scalars.stopped_early, 1);
  assert.ok(r.scalars.steps_done > 0 && r.scalars.steps_done < 100000);
  assert.equal(r.arrays.loss.data.length, r.scalars.steps_done);
});

test('a stopped run before any step has NaN losses, not nulls', async () => {
  const r = await runExperiment(M, small, { isCancelled: () => true });
  assert.equal(r.scalars.steps_done, 0);
  assert.ok(Number.isNaN(r.scalars.initial_loss));
});

test('bad configs reject with the core message', async () => {
  await assert.rejects(runExperiment(M, { kind: 'train', batch_size: 0 }),
    { message: 'batch_size: must be an integer in [1, 1024], got 0' });
  assert.throws(() => configText(42), { message: 'config: must be an object or a JSON string' });
  assert.throws(() => configText([1]), { message: 'config: must be an object or a JSON string' });
});

test('kind "sntk" passes through, and progress streams the series asked for', async () => {
  const config = {
    kind: 'sntk', seed: 2, steps: 30, model: { hidden: 6, cell: 'current' },
    task: { name: 'memory_pro', stim_steps: 3, memory_steps: 3, response_steps: 3 },
    sntk: { interval: 10, top_k: 3 },
  };
  const pr = [], top = [], loss = [];
  const r = await runExperiment(M, config, {
    chunkMs: 1,
    series: ['loss', 'pr', 'top_eigenvalues'],
    onProgress: ({ series }) => { loss.push(...series.loss); pr.push(...series.pr); top.push(...series.top_eigenvalues); },
  });
  assert.equal(r.kind, 'sntk');
  assert.deepEqual(Array.from(r.arrays.measure_step.data), [0, 10, 20, 30]);
  assert.deepEqual(pr, Array.from(r.arrays.pr.data));
  assert.deepEqual(top, Array.from(r.arrays.top_eigenvalues.data));
  assert.deepEqual(loss, Array.from(r.arrays.loss.data));
  assert.deepEqual(r.arrays.top_eigenvalues.shape, [4, 3]);
  assert.ok(r.scalars.pr_final > 0);
  await assert.rejects(runExperiment(M, { ...config, sntk: { top_k: 0 } }),
    { message: 'sntk.top_k: must be an integer in [1, 50], got 0' });
});

test('a kind without a loss series runs without naming series, and streams its own on request', async () => {
  const spec = { kind: 'switching', seed: 2, data: { name: 'nascar', variant: 'soft_sticky', steps: 120, test_steps: 80 },
    training: { iterations: 6, samples: 2 }, baseline: { iterations: 3, kmeans_restarts: 2 },
    evaluation: { posterior_samples: 2, horizon: 3, paths: 2 } };
  const plain = await runExperiment(M, spec);
  assert.equal(plain.kind, 'switching');
  assert.equal(plain.stopped, false);
  const elbo = [];
  const streamed = await runExperiment(M, spec, { chunkMs: 1, series: ['elbo'], onProgress: (p) => elbo.push(...p.series.elbo) });
  assert.equal(elbo.length, 6);
  assert.deepEqual(streamed.scalars, plain.scalars);
});
