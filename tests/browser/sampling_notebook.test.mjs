// The sampling notebook of issue 5 runs with its defaults in Chromium: it trains, draws the chains live
// (at least 10 redraws a second while sampling) and reports the sample quality, the RSN ahead of the
// sampler-only network. It prints its run time (the budget: under 30 s on this 2-core machine).
// Stop on the long "X" target ends the run and the page stays usable.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSite } from './browser.mjs';

let site;
before(async () => { site = await openSite(); });
after(async () => { await site?.close(); });

const done = (page, id) => page.waitForSelector(`[data-cell="${id}"][data-status="ok"]`, { timeout: 600000, state: 'attached' });
const verdict = (page) => page.$eval('[data-cell="verdict"] [data-verdict]', (p) => p.textContent.replace(/\s+/g, ' '));
// Picks a target: the runs start at once.
const choose = (page, target) =>
  page.locator('[data-cell="target"] label', { hasText: target }).locator('input[type=radio]').check();
const w1Of = (page, row) => page.$eval(`[data-cell="quality"] tr[data-row="${row}"] [data-measure="w1"]`, (td) => Number(td.textContent));

test('Sampling with recurrent networks: trains, draws the chains live, and the RSN beats the sampler-only network', async () => {
  const started = Date.now();
  const page = await site.page('notebook.html?nb=sampling');
  await page.waitForSelector('[data-cell="loss"] canvas', { timeout: 60000 });
  await done(page, 'verdict');
  const total = (Date.now() - started) / 1000;
  await done(page, 'convergence');
  await done(page, 'chains');
  assert.ok(await page.$('[data-cell="convergence"] canvas'), 'convergence curve drawn');
  assert.equal(await page.$$eval('[data-cell="chains"] [data-panel] svg', (s) => s.length), 2, 'two panels over the density');

  // The chains figure's own record of its live redraws, all while the RSN sampled.
  const times = await page.$eval('[data-cell="chains"] [data-panel="rsn"]', (f) => f.redrawTimes);
  assert.ok(times.length >= 10, `only ${times.length} redraws`);
  const rate = (times.length - 1) / ((times.at(-1) - times[0]) / 1000);

  const text = await verdict(page);
  const [, training, sampling] = text.match(/trained for (\d+\.\d) s and sampled for (\d+\.\d) s/).map(Number);
  console.log(`sampling notebook: ${total.toFixed(1)} s to the verdict (RSN training ${training} s, sampling ${sampling} s), ` +
    `chains redrawn ${times.length} times, ${rate.toFixed(1)} per second while sampling`);
  assert.ok(rate >= 10, `chains redrawn ${rate.toFixed(1)} times a second`);

  // Quality: the RSN matches, the sampler-only network cannot express the double peak.
  const rsn = await w1Of(page, 'rsn'), so = await w1Of(page, 'so'), floor = await w1Of(page, 'floor');
  console.log(`W1: RSN ${rsn}, sampler-only ${so}, ${floor} for fresh target samples`);
  assert.ok(rsn < so / 3, `RSN W1 ${rsn} against the sampler-only network's ${so}`);
  assert.match(text, /The RSN matches the target about as well as a sampler can here/);
  assert.match(text, /The sampler-only network cannot express the double peak/);
  assert.match(text, /its modes hold 0\.(4[5-9]|5[0-5]) \/ 0\.(4[5-9]|5[0-5]) of the chains/);

  // Another sampler-only network re-runs that network only, not the RSN.
  await page.locator('[data-cell="sampler"] label', { hasText: 'firing-rate, tanh' }).locator('input[type=radio]').check();
  await page.waitForFunction(() => /tanh/.test(document.querySelector('[data-cell="quality"] tr[data-row="so"]')?.textContent ?? ''),
    null, { timeout: 60000, polling: 250 });
  assert.equal(await page.$eval('[data-cell="rsn"]', (c) => c.dataset.evaluations), '1');
  assert.ok(await w1Of(page, 'so') > 3 * rsn, 'the tanh sampler-only network does not find the double peak either');
  assert.deepEqual(site.errors, []);
  await page.close();
});

test('Sampling: Stop on the long "X" target ends its run and the page stays usable', async () => {
  const page = await site.page('notebook.html?nb=sampling');
  await page.waitForSelector('[data-cell="target"] form');
  await choose(page, 'Laplace "X" (2-D, about a minute)');
  // The X's RSN (N = 500) shows its progress; stop it once it is under way.
  const rsn = page.locator('[data-cell="rsn"]');
  await page.waitForFunction(() => {
    const text = document.querySelector('[data-cell="rsn"] .nb-progress-text')?.textContent ?? '';
    const m = text.match(/^(\d+) \/ (\d+) steps/);
    return m && Number(m[1]) > 50 && Number(m[2]) === 4405;  // 3900 training + 500 sampling + 5 units of the MMD
  }, null, { timeout: 120000, polling: 100 });
  // Stop, timed in the page: from the click to the cell's run state "stopped".
  const ms = await page.evaluate(() => new Promise((resolve) => {
    const cell = document.querySelector('[data-cell="rsn"]');
    const t0 = performance.now();
    new MutationObserver(() => { if (cell.dataset.run === 'stopped') resolve(performance.now() - t0); })
      .observe(cell, { attributes: true, attributeFilter: ['data-run'] });
    cell.querySelector('.nb-stop').click();
  }));
  console.log(`X target: the RSN stopped ${ms.toFixed(0)} ms after Stop`);
  assert.match(await rsn.locator('.nb-message').textContent(), /^stopped at step \d+$/);
  await done(page, 'verdict');
  assert.match(await verdict(page), /The runs were stopped \(the RSN after \d+ of 4400 steps\)/);
  assert.equal(await page.$eval('[data-cell="quality"] tr[data-row="rsn"] [data-measure="w1"]', (td) => td.textContent), '—');

  // Usable: back to the double peak, which runs to its verdict.
  await choose(page, 'double peak (1-D)');
  await page.waitForFunction(() => /The RSN matches the target/.test(document.querySelector('[data-cell="verdict"] [data-verdict]')?.textContent ?? ''),
    null, { timeout: 120000, polling: 250 });
  assert.deepEqual(site.errors, []);
  await page.close();
});

test('run option chunkMs (the RSN run uses 25) reaches the worker; a bad value is refused', async () => {
  const page = await site.page('api.html');
  await page.waitForFunction(() => typeof rnnbook !== 'undefined');
  const [coarse, fine, refused] = await page.evaluate(async () => {
    const events = async (chunkMs) => {
      let n = 0;
      await rnnbook.run({ kind: 'train', seed: 1, steps: 150, model: { hidden: 32 } }, { chunkMs, onProgress: () => n++ });
      return n;
    };
    const message = await rnnbook.run({ kind: 'train' }, { chunkMs: 0 }).then(() => 'ran', (e) => e.message);
    return [await events(1000), await events(2), message];
  });
  console.log(`progress events of one 150-step run: ${coarse} with chunkMs 1000, ${fine} with chunkMs 2`);
  assert.ok(fine > 3 * coarse, `${fine} events with chunkMs 2 against ${coarse} with 1000`);
  assert.equal(refused, 'chunkMs: must be a number of milliseconds in [1, 1000], got 0');
  assert.deepEqual(site.errors, []);
  await page.close();
});
