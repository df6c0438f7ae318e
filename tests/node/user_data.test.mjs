// User data (the dataset task): typed arrays from JS, .npy files from the CLI (paths relative to
// the spec file), and both give the numbers of the same arrays written inline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadModule, nativeDir, npyBytes as npy, parseNpy } from './module.mjs';
import { openExperiment, runExperiment } from '../../web/lib/engine.js';

const cli = path.join(nativeDir, 'cli/rnnbook');
const M = await loadModule();

// A delayed copy: T = 6, B = 5 trials, I = 2, O = 1; the target is input 0 one step earlier.
const T = 6, B = 5;
const inputs = new Float64Array(T * B * 2).map((_, i) => Math.sin(1.7 * i));
const targets = new Float64Array(T * B).map((_, i) => (i >= B ? inputs[(i - B) * 2] : 0));
const mask = new Float64Array(T * B).fill(1).fill(0, 0, B);  // the first step does not count
const task = { name: 'dataset', inputs: { shape: [T, B, 2], data: inputs },
  targets: { shape: [T, B, 1], data: targets }, mask: { shape: [T, B], data: mask } };
const config = { kind: 'train', seed: 2, steps: 60, batch_size: 4, eval_trials: 5, model: { hidden: 10 },
  optimizer: { lr: 0.02 }, task };

test('typed arrays in the config train the network; the result echoes the shapes', async () => {
  const r = await runExperiment(M, config);
  assert.deepEqual(r.config.task.inputs, { shape: [T, B, 2] });
  assert.deepEqual(r.arrays.eval_input.shape, [5, T, 2]);
  const loss = r.arrays.loss.data;
  assert.ok(loss[59] < loss[0], `loss ${loss[0]} -> ${loss[59]}`);
  // Nested plain arrays are the same data.
  const nested = (flat, shape) => Array.from({ length: shape[0] }, (_, t) => Array.from({ length: shape[1] },
    (_, b) => (shape.length === 2 ? flat[t * shape[1] + b]
      : Array.from(flat.subarray((t * shape[1] + b) * shape[2], (t * shape[1] + b + 1) * shape[2])))));
  const again = await runExperiment(M, { ...config, task: { name: 'dataset', inputs: nested(inputs, [T, B, 2]),
    targets: nested(targets, [T, B, 1]), mask: nested(mask, [T, B]) } });
  assert.deepEqual(Array.from(again.arrays.loss.data), Array.from(loss));
});

test('the CLI reads .npy paths relative to the spec file and matches the inline run', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rnnbook-data-'));
  mkdirSync(path.join(dir, 'spec', 'data'), { recursive: true });
  writeFileSync(path.join(dir, 'spec/data/x.npy'), npy([T, B, 2], inputs));
  writeFileSync(path.join(dir, 'spec/data/y.npy'), npy([T, B, 1], targets));
  writeFileSync(path.join(dir, 'spec/data/m.npy'), npy([T, B], mask));
  const specFile = path.join(dir, 'spec/run.json');
  writeFileSync(specFile, JSON.stringify({ ...config, task: { name: 'dataset', inputs: 'data/x.npy',
    targets: 'data/y.npy', mask: 'data/m.npy' } }));
  const r = spawnSync(cli, ['run', specFile, '--out', path.join(dir, 'out'), '--quiet'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const fromFiles = parseNpy(readFileSync(path.join(dir, 'out/loss.npy'))).data;
  const inline = spawnSync(cli, ['run', '-', '--out', path.join(dir, 'inline'), '--quiet'], { encoding: 'utf8',
    input: JSON.stringify(config, (k, v) => (ArrayBuffer.isView(v) ? Array.from(v) : v)) });
  assert.equal(inline.status, 0, inline.stderr);
  assert.deepEqual(Array.from(fromFiles), Array.from(parseNpy(readFileSync(path.join(dir, 'inline/loss.npy'))).data));

  writeFileSync(specFile, JSON.stringify({ ...config, task: { name: 'dataset', inputs: 'data/nope.npy', targets: 'data/y.npy' } }));
  const missing = spawnSync(cli, ['run', specFile, '--out', path.join(dir, 'x'), '--quiet'], { encoding: 'utf8' });
  assert.equal(missing.status, 2);
  assert.equal(missing.stderr.trim(), `rnnbook: task.inputs: cannot read '${path.join(dir, 'spec/data/nope.npy')}'`);
});

// Given initial weights (model.weights): W as a typed array in JS, as a .npy file in the CLI; frozen,
// so the checkpoint's W after training is exactly the given one (C order).
const N = 10;
const givenW = new Float64Array(N * N).map((_, i) => 0.3 * Math.cos(0.7 * i));
const frozen = { ...config, steps: 5, trainable: { W: false } };

test('model.weights: a typed-array W is the network\'s W, in C order', async () => {
  const run = openExperiment(M, { ...frozen, model: { hidden: N, weights: { W: { shape: [N, N], data: givenW } } } });
  try {
    await run.step(5);
    const cp = run.snapshot();
    assert.deepEqual(cp.arrays.W.shape, [N, N]);
    assert.deepEqual(Array.from(cp.arrays.W.data), Array.from(givenW));
    assert.deepEqual(run.result().config.model.weights, { W: { shape: [N, N] } });
  } finally {
    run.close();
  }
  assert.throws(() => openExperiment(M, { ...frozen, model: { hidden: N, weights: { W: { shape: [N, 3], data: givenW.subarray(0, 3 * N) } } } }),
    { message: 'model.weights.W: must have shape [10, 10] (model.hidden x model.hidden), got [10, 3]' });
});

test('model.weights in the CLI: a .npy path relative to the spec file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rnnbook-weights-'));
  writeFileSync(path.join(dir, 'W.npy'), npy([N, N], givenW));
  const specFile = path.join(dir, 'run.json');
  writeFileSync(specFile, JSON.stringify({ ...frozen, model: { hidden: N, weights: { W: 'W.npy' } } },
    (k, v) => (ArrayBuffer.isView(v) ? Array.from(v) : v)));
  const r = spawnSync(cli, ['run', specFile, '--out', path.join(dir, 'out'), '--quiet'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(Array.from(parseNpy(readFileSync(path.join(dir, 'out/checkpoint/W.npy'))).data), Array.from(givenW));

  writeFileSync(path.join(dir, 'small.npy'), npy([3, 3], givenW.subarray(0, 9)));
  writeFileSync(specFile, JSON.stringify({ kind: 'train', model: { hidden: N, weights: { W: 'small.npy' } } }));
  const bad = spawnSync(cli, ['run', specFile, '--out', path.join(dir, 'bad'), '--quiet'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr.trim(), 'rnnbook: model.weights.W: must have shape [10, 10] (model.hidden x model.hidden), got [3, 3]');
});

// lowrank's activity (trials, T + 1, neurons): a rank-1 network's trials, as a typed array in JS and a .npy
// path in the CLI; both give the same bits, and the drawn networks' loadings come out as .npy files.
test('lowrank: teacher.activity from JS and from a .npy file; sampled_M.npy and sampled_N.npy', async () => {
  const Nn = 40, trials = 6, steps = 30, dt = 0.1;
  const m = Array.from({ length: Nn }, (_, i) => 1.4 * Math.sin(1.3 * i + 0.2));
  const n = m.map((v, i) => 3 * v + Math.cos(2.1 * i));
  const activity = new Float64Array(trials * (steps + 1) * Nn);
  for (let b = 0; b < trials; b++) {
    let x = m.map((v) => v * (-3 + 6 * b / (trials - 1)));
    for (let t = 0; t <= steps; t++) {
      activity.set(x, (b * (steps + 1) + t) * Nn);
      const k = n.reduce((s, v, i) => s + v * Math.tanh(x[i]), 0) / Nn;
      x = x.map((v, i) => v + dt * (-v + m[i] * k));
    }
  }
  const lowrank = { kind: 'lowrank', seed: 1, students: { count: 1, steps: 5, windows: 4 },
    flow: { steps: 10, hidden: 8, batch: 32 }, samples: { count: 2, neurons: 50 } };
  const shape = [trials, steps + 1, Nn];
  const js = await runExperiment(M, { ...lowrank, teacher: { name: 'data', activity: { shape, data: activity } } });
  assert.deepEqual(js.config.teacher, { name: 'data', activity: { shape }, heldout_trials: 2, dt: 0.1, summary: 'final' });
  assert.ok(js.scalars.maxent_input_error < 1e-3, `${js.scalars.maxent_input_error}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'rnnbook-lowrank-'));
  writeFileSync(path.join(dir, 'x.npy'), npy(shape, activity));
  const specFile = path.join(dir, 'run.json');
  writeFileSync(specFile, JSON.stringify({ ...lowrank, teacher: { name: 'data', activity: 'x.npy' } }));
  const r = spawnSync(cli, ['run', specFile, '--out', path.join(dir, 'out'), '--quiet'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  for (const name of ['sampled_M', 'sampled_N']) {
    const a = parseNpy(readFileSync(path.join(dir, `out/${name}.npy`)));
    assert.deepEqual(a.shape, [2, 50, 1], name);
    assert.deepEqual(Array.from(a.data), Array.from(js.arrays[name].data), name);
  }
});
