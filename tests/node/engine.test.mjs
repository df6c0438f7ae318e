// web/lib/engine.js (the loop the worker runs) against the real wasm module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModule, projectVersion } from './module.mjs';
import { runExperiment, configText } from '../../web/lib/engine.js';
import { serveRequests } from '../../web/lib/worker_protocol.js';

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

test('inside a long step, onPartial reports the fraction of the chunk done; onProgress keeps its contract', async () => {
  // Each step measures the sNTK (about a second here): the core reports how far a measurement got.
  const events = [];
  const config = { kind: 'sntk', steps: 2, sntk: { interval: 1, eval_trials: 4 } };
  const r = await runExperiment(M, config, {
    series: ['loss', 'pr'],
    onProgress: (p) => events.push({ ...p, at: performance.now() }),
    onPartial: (p) => events.push({ ...p, at: performance.now() }),
  });
  const partial = events.filter((p) => p.partial !== undefined);
  assert.ok(partial.length >= 2, `${partial.length} partial events in ${events.length}`);
  for (const p of partial) {
    assert.deepEqual(Object.keys(p).sort(), ['at', 'chunk', 'partial', 'position', 'total']);
    assert.ok(p.partial > 0 && p.partial <= 1, `partial ${p.partial}`);
    assert.equal(p.chunk, 1, 'long steps run one per chunk');
    assert.equal(p.total, 2);
  }
  for (const p of events.filter((e) => e.partial === undefined)) assert.deepEqual(Object.keys(p.series), ['loss', 'pr']);
  // The run's fraction done only grows; a chunk's partial events come at its start position, at most every 150 ms.
  const fraction = (p) => (p.partial === undefined ? p.position : p.position + p.partial * p.chunk) / p.total;
  let chunkStart = 0;
  for (let i = 0; i < events.length; i++) {
    if (i > 0) assert.ok(fraction(events[i]) >= fraction(events[i - 1]), `event ${i}: ${fraction(events[i - 1])} -> ${fraction(events[i])}`);
    if (events[i].partial === undefined) {
      chunkStart = events[i].position;
    } else {
      assert.equal(events[i].position, chunkStart);
      if (i > 0) assert.ok(events[i].at - events[i - 1].at >= 100, `${events[i].at - events[i - 1].at} ms after the event before`);
    }
  }
  // The same numbers as a run nobody watches.
  const quiet = await runExperiment(M, config);
  for (const name of ['pr', 'top_eigenvalues', 'top_K', 'top_P', 'loss']) {
    assert.deepEqual(Array.from(r.arrays[name].data), Array.from(quiet.arrays[name].data), name);
  }
});

test('the worker posts the core\'s reports inside a long step as progress messages with partial', async () => {
  const posted = [];
  const scope = {};
  const settled = new Promise((resolve) => {
    scope.postMessage = (m) => { posted.push(m); if (m.type === 'result' || m.type === 'error') resolve(m); };
  });
  serveRequests(scope, Promise.resolve(M));
  scope.onmessage({ data: { type: 'run', id: 7, config: { kind: 'sntk', steps: 1, sntk: { interval: 1, eval_trials: 4 } } } });
  assert.equal((await settled).type, 'result');
  const partial = posted.filter((m) => m.type === 'progress' && m.progress.partial !== undefined);
  assert.ok(partial.length >= 1, `${posted.length} messages, none with partial`);
  for (const m of partial) {
    assert.equal(m.id, 7);
    assert.equal(m.chunkMs, undefined, 'the pool times chunks by their own events only');
    assert.deepEqual({ ...m.progress, partial: 0 }, { position: 0, chunk: 1, total: 1, partial: 0 });
    assert.ok(m.progress.partial > 0 && m.progress.partial <= 1);
  }
});
