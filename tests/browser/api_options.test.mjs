// The JS API's call options in Chromium: a wrong option of run, step or sweep rejects with an Error that
// names it and what it takes, before any work, instead of a TypeError later (in the worker, or uncaught
// in a progress callback); the API keeps working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSite } from './browser.mjs';

let site;
before(async () => { site = await openSite(); });
after(async () => { await site?.close(); });

test('run, step and sweep refuse a wrong option by name; nothing is thrown later on the page', async () => {
  const page = await site.apiPage();
  const messages = await page.evaluate(async () => {
    const config = { kind: 'train', steps: 5, model: { hidden: 8 } };
    const sweepSpec = { base: config, grid: { seed: [1, 2] } };
    const t = await window.rnnbook.open(config);
    const calls = [
      () => window.rnnbook.run(config, { onProgress: 5 }),
      () => window.rnnbook.run(config, { signal: 'x' }),
      () => window.rnnbook.run(config, { series: 'loss' }),
      () => window.rnnbook.run(config, { onprogress: () => {} }),
      () => window.rnnbook.run(config, { onPartial: true }),
      () => window.rnnbook.run(config, 'fast'),
      () => t.step(-1),
      () => t.step('a'),
      () => t.step(2.5),
      () => t.step(2, { signal: {} }),
      () => window.rnnbook.sweep(sweepSpec, { onProgress: 'log' }),
      () => window.rnnbook.sweep(sweepSpec, { keepResults: 'no' }),
      () => window.rnnbook.run(config, { killSignal: new AbortController() }),
      () => window.rnnbook.sweep(sweepSpec, { killSignal: true }),
    ];
    const out = [];
    for (const call of calls) out.push(await call().then(() => 'resolved', (e) => e.message));
    out.push(await t.step(2).then((r) => `still works: position ${r.position}`));
    await t.close();
    return out;
  });
  assert.deepEqual(messages, [
    'onProgress: must be a function, got 5',
    'signal: must be an AbortSignal (new AbortController().signal), got "x"',
    'series: must be an array of series names such as ["loss"], got "loss"',
    'run: unknown option "onprogress" (allowed: onProgress, onPartial, signal, killSignal, series, chunkMs)',
    'onPartial: must be a function, got true',
    'run: options must be an object such as {onProgress, signal}, got "fast"',
    'step: n must be a whole number of steps >= 0 (omit it to run to the end), got -1',
    'step: n must be a whole number of steps >= 0 (omit it to run to the end), got "a"',
    'step: n must be a whole number of steps >= 0 (omit it to run to the end), got 2.5',
    'signal: must be an AbortSignal (new AbortController().signal), got {}',
    'onProgress: must be a function, got "log"',
    'keepResults: must be true or false, got "no"',
    'killSignal: must be an AbortSignal (new AbortController().signal), got {}',
    'killSignal: must be an AbortSignal (new AbortController().signal), got true',
    'still works: position 2',
  ]);
  await page.waitForTimeout(300);  // an uncaught error from a progress callback would show by now
  assert.deepEqual(site.errors, []);
  await page.close();
});
