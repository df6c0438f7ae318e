// The wasm heap has a maximum (2 GB, -sMAXIMUM_MEMORY in wasm/CMakeLists.txt). Filling it with held
// experiments, each within the documented limits, makes the next allocation fail with an Error that
// says so, not an abort of the module; closing them makes the module usable again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModule } from './module.mjs';
import { openExperiment, runExperiment } from '../../web/lib/engine.js';

test('an allocation beyond the 2 GB heap is an Error; the module recovers when experiments close', async () => {
  const M = await loadModule();
  // 20000 x 200 points (the measure limit of 4,000,000 values) held by each experiment.
  const big = { kind: 'measure', data: { manifold: 'gaussian', dimension: 3, samples: 20000, embedding: 200, rotate: false } };
  const held = [];
  let error;
  for (let i = 0; i < 200 && !error; i++) {
    try {
      held.push(openExperiment(M, { ...big, seed: i }));
    } catch (e) {
      error = e;
    }
  }
  assert.ok(error, `${held.length} experiments fitted in the heap`);
  assert.match(error.message, /^out of memory: the wasm heap is at its 2 GB maximum/);
  const { heapBytes } = M.memory();
  assert.ok(heapBytes > 2 ** 31 - 2 ** 27 && heapBytes <= 2 ** 31, `the heap stopped at ${heapBytes} bytes`);
  for (const s of held) s.close();
  const r = await runExperiment(M, { kind: 'train', steps: 3, model: { hidden: 4 } });
  assert.equal(r.arrays.loss.data.length, 3);
});
