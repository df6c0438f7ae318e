// The notebooks' everyResult(runs, again): every run's result, or an error that names a failed run or
// counts the stopped ones (web/notebook/stdlib/every-result.js), with runs shaped as stdlib's Run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { everyResult } from '../../web/notebook/stdlib/every-result.js';

const done = (label, value) => ({ label, state: 'done', result: Promise.resolve({ value, stopped: false }) });
const stopped = (label) => ({ label, state: 'stopped', result: Promise.resolve({ stopped: true }) });
const neverStarted = (label) => ({ label, state: 'stopped', result: Promise.reject(new Error('run: stopped before it started')) });
const failed = (label) => {
  const error = new Error('model.hidden: must be an integer in [1, 1024], got 0');
  return { label, state: 'failed', error, result: Promise.reject(error) };
};

test('everyResult: the results in the runs\' order when every run finished', async () => {
  assert.deepEqual((await everyResult([done('a', 1), done('b', 2)])).map((r) => r.value), [1, 2]);
  assert.deepEqual(await everyResult([]), []);
});

test('everyResult: stopped runs, also those that never had a worker, are counted with the way to run them again', async () => {
  await assert.rejects(everyResult([done('a', 1), stopped('b'), neverStarted('c')], 'press Run to fit them again'),
    { message: '2 of 3 runs were stopped before the end; press Run to fit them again' });
  await assert.rejects(everyResult([stopped('a')]), { message: '1 of 1 runs were stopped before the end; press Run to run them again' });
});

test('everyResult: a failed run is named with its error, before any count of stopped ones', async () => {
  await assert.rejects(everyResult([stopped('seed 0'), failed('seed 1')]),
    { message: 'seed 1: model.hidden: must be an integer in [1, 1024], got 0' });
});
