// The Embind layer on its own: a call the core refuses returns a placeholder and leaves the C++
// message for takeError(); web/lib/module_errors.js throws it as an Error; the module keeps working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModule, projectVersion } from './module.mjs';
import { callChecked, createExperiment } from '../../web/lib/module_errors.js';

const M = await loadModule();

test('version is the project version (CMakeLists.txt), compiled in', () => {
  assert.match(projectVersion, /^\d+\.\d+\.\d+$/);
  assert.equal(M.version(), projectVersion);
});

test('a refused config returns null and leaves its message for takeError(), read once', () => {
  assert.equal(M.createExperiment('{"kind": "train", "seed": -1}'), null);
  assert.match(M.takeError(), /^seed: must be an integer/);
  assert.equal(M.takeError(), '');
  const e = M.createExperiment('{"kind": "train", "steps": 1}');
  assert.equal(M.takeError(), '');
  assert.equal(e.series('nope', 0), undefined);  // a refused method call: the placeholder...
  assert.match(M.takeError(), /^series: unknown name "nope"/);  // ...and its message
  assert.equal(e.series('loss', 0).length, 0);
  assert.equal(M.takeError(), '');
  e.delete();
});

test('a bad config throws an Error whose message is the C++ message', () => {
  const cases = [
    ['{"kind": "trian"}', 'kind: must be one of "train", "sntk", "pitchfork", "measure", "sample", "flatness", "forecast", "switching", "causality", "lowrank", got "trian"'],
    ['{"kind": "train", "model": {"hidden": 0}}', 'model.hidden: must be an integer in [1, 1024], got 0'],
    ['{"kind": "train", "optimizer": {"lr": "fast"}}', 'optimizer.lr: must be a number in (0, 10], got "fast"'],
    ['{"kind": "train", "task": {"bitz": 2}}', 'task.bitz: unknown field; allowed here: name, bits, steps, pulse_prob'],
    ['not json', 'config: not valid JSON (at byte 2)'],
  ];
  for (const [config, message] of cases) {
    assert.throws(() => createExperiment(M, config), (e) => e instanceof Error && e.message === message,
      `config ${config}`);
  }
});

test('errors from methods of a live object are Errors too, and the object stays usable', () => {
  const e = createExperiment(M, '{"kind": "train", "steps": 3, "model": {"hidden": 4}}');
  try {
    assert.throws(() => callChecked(M, e, 'series', 'nope', 0),
      { message: 'series: unknown name "nope"; allowed: loss, hessian_max' });
    assert.throws(() => callChecked(M, e, 'array', 'loss'), { message: 'array: call finish() first' });
    assert.equal(e.step(10), 3);
    assert.equal(e.done(), true);
    const summary = JSON.parse(e.finish());
    assert.deepEqual(summary.arrays.loss, { shape: [3] });
    assert.equal(e.array('loss').length, 3);
    assert.throws(() => callChecked(M, e, 'array', 'nope'), { message: 'array: no array named "nope"' });
  } finally {
    e.delete();
  }
});

test('the module survives many failed and successful creations', () => {
  for (let i = 0; i < 200; i++) {
    assert.throws(() => createExperiment(M, '{"kind": "train", "seed": -1}'), /seed: must be an integer/);
    const e = createExperiment(M, '{"kind": "train", "steps": 1, "model": {"hidden": 2}, "task": {"steps": 3}}');
    e.step(1);
    e.delete();
  }
});
