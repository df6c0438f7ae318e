// A long session does not leak: 200 runs and 50 opened-and-closed experiments on one module leave
// malloc's allocated bytes where they were after the first run (the wasm heap may have grown once).
// Refused configs and calls leave nothing behind either (the module returns errors instead of
// throwing through the Embind frames, which skipped the destructors of their strings).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModule } from './module.mjs';
import { runExperiment, openExperiment } from '../../web/lib/engine.js';
import { callFunction } from '../../web/lib/functions.js';

const config = (seed) => ({ kind: 'train', seed, steps: 5, batch_size: 4, model: { hidden: 16 }, task: { steps: 20 } });

test('200 runs and 50 held experiments leave no memory behind', async () => {
  const M = await loadModule();
  await runExperiment(M, config(0));
  const first = M.memory();
  for (let i = 1; i <= 200; i++) await runExperiment(M, config(i), { chunkMs: 1000 });
  for (let i = 0; i < 50; i++) {
    const s = openExperiment(M, config(i));
    await s.step(3);
    s.snapshot();
    s.result();
    s.close();
  }
  const last = M.memory();
  assert.equal(last.usedBytes, first.usedBytes, `allocated bytes ${first.usedBytes} -> ${last.usedBytes}`);
  assert.equal(last.heapBytes, first.heapBytes, 'the heap did not grow');
});

test('1000 refused configs, calls and function arguments leave no memory behind', async () => {
  const M = await loadModule();
  const long = `{"kind": "train", "seed": -1, "note": "${'x'.repeat(400)}"}`;
  const refuse = () => {
    assert.throws(() => openExperiment(M, long), /seed: must be an integer/);
    const s = openExperiment(M, config(0));
    assert.throws(() => s.restore({ format: 'nope' }), Error);
    s.close();
    assert.throws(() => callFunction(M, 'twoNN', [{ shape: [3, 2], data: [1, NaN, 0, 0, 1, 1] }]), /points/);
  };
  refuse();
  const first = M.memory();
  for (let i = 0; i < 1000; i++) refuse();
  const last = M.memory();
  assert.equal(last.usedBytes, first.usedBytes, `allocated bytes ${first.usedBytes} -> ${last.usedBytes}`);
});
