// Held-open experiments (web/lib/engine.js Session and the Embind snapshot/restore) against the
// real wasm module: stepping, snapshots, and restores that continue bit for bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModule } from './module.mjs';
import { openExperiment, runExperiment } from '../../web/lib/engine.js';
import { callChecked, createExperiment } from '../../web/lib/module_errors.js';

const M = await loadModule();
const base = { kind: 'train', seed: 21, steps: 30, batch_size: 5, model: { hidden: 7, leak: 0.7 },
  task: { bits: 2, steps: 10, pulse_prob: 0.2 } };
const optimizers = [{ name: 'adam', lr: 0.02 }, { name: 'amsgrad', lr: 0.02 }, { name: 'sgd', lr: 0.05, momentum: 0.9 }];

for (const optimizer of optimizers) {
  test(`${optimizer.name}: run(0..n) equals run(0..k) + snapshot + restore into a fresh experiment + run(k..n)`, async () => {
    const config = { ...base, optimizer };
    const whole = await runExperiment(M, config);
    const a = openExperiment(M, config);
    const first = await a.step(12);
    assert.equal(first.position, 12);
    assert.equal(first.series.loss.length, 12);
    // Through structured-clone-free JSON + copies, as a user would store it.
    const cp = a.snapshot();
    const stored = JSON.parse(JSON.stringify({ ...cp, arrays: {} }));
    stored.arrays = Object.fromEntries(Object.entries(cp.arrays).map(([k, v]) => [k, { shape: v.shape, data: Float64Array.from(v.data) }]));
    a.close();
    const b = openExperiment(M, config);
    b.restore(stored);
    assert.equal(b.position, 12);
    const rest = await b.step();
    assert.equal(rest.done, true);
    const r = b.result();
    assert.deepEqual(Array.from(r.arrays.loss.data), Array.from(whole.arrays.loss.data));
    assert.deepEqual(Array.from(r.arrays.eval_output.data), Array.from(whole.arrays.eval_output.data));
    assert.equal(r.stopped, false);
    b.close();
  });
}

test('a snapshot has the weights as named blocks, the optimiser state and the step', async () => {
  const s = openExperiment(M, { ...base, optimizer: { name: 'amsgrad' } });
  await s.step(3);
  const cp = s.snapshot();
  assert.equal(cp.format, 'rnnbook-checkpoint');
  assert.equal(cp.step, 3);
  assert.equal(cp.config.optimizer.lr, 0.001);
  assert.equal(cp.state.optimizer.steps, 3);
  assert.deepEqual(cp.arrays.W.shape, [7, 7]);
  assert.deepEqual(cp.arrays.U.shape, [7, 2]);
  assert.ok(cp.arrays.theta.data instanceof Float64Array);
  assert.equal(cp.arrays.theta.data.length, 7 * 7 + 7 * 2 + 7 + 2 * 7 + 2);
  assert.equal(cp.arrays.W.data[1 * 7 + 0], cp.arrays.theta.data[0 * 7 + 1], 'W is C order, theta column-major');
  for (const name of ['adam_m', 'adam_v', 'adam_vmax', 'loss']) assert.ok(cp.arrays[name], name);
  assert.equal(cp.scalars.last_loss, cp.arrays.loss.data[2]);
  const partial = s.result();
  assert.equal(partial.stopped, true);
  assert.equal(partial.scalars.steps_done, 3);
  s.close();
});

test('a bad restore rejects with the core message and leaves the experiment as it was', async () => {
  const s = openExperiment(M, base);
  await s.step(4);
  const cp = s.snapshot();
  const other = openExperiment(M, { ...base, model: { ...base.model, hidden: 8 } });
  assert.throws(() => other.restore(cp),
    { message: "snapshot.config: differs from this experiment's config at model.hidden; only steps may differ" });
  assert.equal(other.position, 0);
  assert.throws(() => s.restore({ ...cp, arrays: { ...cp.arrays, W: { shape: [7, 7], data: new Float64Array(3) } } }),
    { message: 'snapshot.arrays.W: shape [7, 7] needs 49 values, got 3' });
  assert.throws(() => s.restore(null), { message: 'snapshot: must be an object as snapshot() returns it' });
  assert.equal(s.position, 4);
  other.close();
  s.close();
});

test('the Embind object: snapshot() returns the header, snapshotArray() the arrays, restore() takes both', () => {
  const e = createExperiment(M, JSON.stringify(base));
  try {
    assert.throws(() => callChecked(M, e, 'snapshotArray', 'W'), { message: 'snapshotArray: call snapshot() first' });
    e.step(5);
    const header = JSON.parse(e.snapshot());
    assert.deepEqual(header.arrays.loss, { shape: [5] });
    assert.equal(e.snapshotArray('loss').length, 5);
    assert.throws(() => callChecked(M, e, 'snapshotArray', 'nope'), { message: 'snapshot.arrays.nope: missing' });
    const arrays = Object.fromEntries(Object.keys(header.arrays).map((k) => [k, e.snapshotArray(k)]));
    e.step(5);
    e.restore(JSON.stringify(header), arrays);
    assert.equal(e.position(), 5);
  } finally {
    e.delete();
  }
});
