// Which runs the notebook and trainer pages ask before losing (web/notebook/kept-runs.js): the threshold
// of compute, the sentence of the question, the compute of a result or a sweep, and ?ask-after= read from
// the address with a notice for a bad value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ASK_AFTER_S, askAfterParam, lostRunsSentence, computeMs } from '../../web/notebook/kept-runs.js';

test('runs that computed less than the threshold in all are not worth a question; from it on they are', () => {
  assert.equal(ASK_AFTER_S, 30);
  assert.equal(lostRunsSentence({ running: 0, runningMs: 0, unsavedMs: 0 }), null);
  assert.equal(lostRunsSentence({ running: 1, runningMs: 29999, unsavedMs: 0 }), null);
  assert.equal(lostRunsSentence({ running: 1, runningMs: 20000, unsavedMs: 10000 }), 'A run is still going: it will be stopped.');
  assert.equal(lostRunsSentence({ running: 3, runningMs: 30000 }), '3 runs are still going: they will be stopped.');
  assert.equal(lostRunsSentence({ unsavedMs: 42400 }), 'Results of runs that took 42 s were not saved: they will be lost.');
  assert.equal(lostRunsSentence({ unsavedMs: 400 }, 0.3), 'Results of runs that took 0.4 s were not saved: they will be lost.');
  assert.equal(lostRunsSentence({ unsavedMs: 0 }, 0), null, 'ask-after=0: any finished run, but not none');
  assert.equal(lostRunsSentence(undefined), null, 'a sandbox that reported nothing yet');
});

test('the compute of a result is its timing_ms; of a sweep, the sum over its rows; unknown is 0', () => {
  assert.equal(computeMs({ timing_ms: 1234.5 }), 1234.5);
  assert.equal(computeMs({ table: { rows: [{ timing_ms: 1000 }, { timing_ms: null }, { timing_ms: 500 }] } }), 1500);
  assert.equal(computeMs(null), 0);
  assert.equal(computeMs({ timing_ms: NaN }), 0);
  assert.equal(computeMs({ timing_ms: -5 }), 0);
});

test('?ask-after= takes seconds from 0 to 3600; anything else is a notice naming the value and the range', () => {
  assert.deepEqual(askAfterParam(''), {});
  assert.deepEqual(askAfterParam('?ask-after=0.3'), { seconds: 0.3 });
  assert.deepEqual(askAfterParam('?nb=train&ask-after=0'), { seconds: 0 });
  assert.deepEqual(askAfterParam('?ask-after=3600'), { seconds: 3600 });
  for (const bad of ['abc', '', '-1', '3601', 'Infinity', 'NaN']) {
    const { problem, seconds } = askAfterParam(`?ask-after=${bad}`);
    assert.equal(seconds, undefined, bad);
    assert.match(problem, new RegExp(`^ask-after=${bad} in the address was ignored: it must be a number of seconds from 0 to 3600; the page asks after 30 s\\.$`));
  }
});
