// The Embind layer on its own: C++ errors reach JS as Error with the C++ message, and the module
// keeps working afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModule } from './module.mjs';

const M = await loadModule();

test('version is the core version', () => {
  assert.equal(M.version(), '0.1.0');
});

test('a bad config throws an Error whose message is the C++ message', () => {
  const cases = [
    ['{"kind": "trian"}', 'kind: must be one of "train", "sntk", "pitchfork", "measure", "sample", "flatness", got "trian"'],
    ['{"kind": "train", "model": {"hidden": 0}}', 'model.hidden: must be an integer in [1, 1024], got 0'],
    ['{"kind": "train", "optimizer": {"lr": "fast"}}', 'optimizer.lr: must be a number in (0, 10], got "fast"'],
    ['{"kind": "train", "task": {"bitz": 2}}', 'task.bitz: unknown field; allowed here: name, bits, steps, pulse_prob'],
    ['not json', 'config: not valid JSON (at byte 2)'],
  ];
  for (const [config, message] of cases) {
    assert.throws(() => new M.Experiment(config), (e) => e instanceof Error && e.message === message,
      `config ${config}`);
  }
});

test('errors from methods of a live object are Errors too, and the object stays usable', () => {
  const e = new M.Experiment('{"kind": "train", "steps": 3, "model": {"hidden": 4}}');
  try {
    assert.throws(() => e.series('nope', 0), { message: 'series: unknown name "nope"; allowed: loss, hessian_max' });
    assert.throws(() => e.array('loss'), { message: 'array: call finish() first' });
    assert.equal(e.step(10), 3);
    assert.equal(e.done(), true);
    const summary = JSON.parse(e.finish());
    assert.deepEqual(summary.arrays.loss, { shape: [3] });
    assert.equal(e.array('loss').length, 3);
    assert.throws(() => e.array('nope'), { message: 'array: no array named "nope"' });
  } finally {
    e.delete();
  }
});

test('the module survives many failed and successful creations', () => {
  for (let i = 0; i < 200; i++) {
    assert.throws(() => new M.Experiment('{"kind": "train", "seed": -1}'), /seed: must be an integer/);
    const e = new M.Experiment('{"kind": "train", "steps": 1, "model": {"hidden": 2}, "task": {"steps": 3}}');
    e.step(1);
    e.delete();
  }
});
