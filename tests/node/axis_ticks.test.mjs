// The charts' tick labels: uPlot's default keeps 3 decimals, so a log axis down to 1e-5 read "0".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tickText, tickValues } from '../../web/notebook/stdlib/axis-ticks.js';

test('tick labels: plain from 1e-3 to 1e6, exponents outside, never a small value shown as 0', () => {
  assert.deepEqual([10, 1, 0.1, 0.01, 0.001, 1e-4, 1e-5, 2.5e-7].map(tickText),
    ['10', '1', '0.1', '0.01', '0.001', '1e-4', '1e-5', '2.5e-7']);
  assert.deepEqual([-100000, -50000, 0, 25000, 1234.5678].map(tickText), ['-100,000', '-50,000', '0', '25,000', '1,234.568']);
  assert.deepEqual([1e6, 2.5e9, -3e-5, 0.30000000000000004].map(tickText), ['1e6', '2.5e9', '-3e-5', '0.3']);
  assert.deepEqual([null, NaN, Infinity].map(tickText), ['', '', '']);
  assert.deepEqual(tickValues(null, [1e-6, 1e-3, 1]), ['1e-6', '0.001', '1']);
  for (let e = -12; e <= 12; e++) assert.notEqual(tickText(10 ** e), '0', `10^${e}`);
});
