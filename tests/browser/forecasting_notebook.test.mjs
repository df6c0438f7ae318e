// The "Forecasting neural activity" notebook (issue 23, SCIENCE.md 13.6) runs with its defaults in
// Chromium: 5 seeds of the cortex4 benchmark with the GRU on the worker pool, to a verdict that matches
// what its "What to expect" promises; it prints its run time (the issue's budget: under 30 s on this
// 2-core machine). The planted calibration bug, a changed control, the user's recording (bad input named
// by line) and Stop are driven too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openSite, overlappingLabels } from './browser.mjs';

let site;
before(async () => { site = await openSite(); });
after(async () => { await site?.close(); });

const done = (page, id) => page.waitForSelector(`[data-cell="${id}"][data-status="ok"]`, { timeout: 600000, state: 'attached' });
const verdict = (page) => page.$eval('[data-cell="verdict"] [data-verdict]', (p) => p.textContent.replace(/\s+/g, ' '));
const evaluations = (page, id) => page.$eval(`[data-cell="${id}"]`, (c) => Number(c.dataset.evaluations ?? 0));

test('Forecasting: 5 seeds with the GRU reach the verdict; fan chart, scores by lead, the table and calibration', async () => {
  const started = Date.now();
  // Two workers: on a 2-core machine the default pool has one.
  const page = await site.page('notebook.html?nb=forecasting&workers=2');
  await page.waitForSelector('[data-cell="loss"] canvas', { timeout: 60000 });
  await done(page, 'verdict');
  const seconds = (Date.now() - started) / 1000;
  const text = await verdict(page);
  console.log(`forecasting notebook: ${seconds.toFixed(1)} s to its verdict (5 seeds, GRU on): ${text}`);
  const m = text.match(/the AR beat Naive \(MWQL \/ Naive below 0\.95\) in (\d), (\d), (\d) of 5 seeds up to 0\.5, 1 and 2 s \(medians (\d\.\d\d), (\d\.\d\d), (\d\.\d\d)\); the VAR beat the AR in (\d), (\d), (\d) of 5; the AR's informative horizon was (\d\.\d\d) s/);
  assert.ok(m, 'the verdict sentence');
  const [, a18, a35, a70, , , , v18, v35, v70, hAr] = m.map(Number);
  // S24-S25 (native trend test, same bits): AR below Naive in 5/5, VAR ahead of AR in >= 4/5, AR horizon in (1.0, 1.8) s.
  assert.deepEqual([a18, a35, a70], [5, 5, 5]);
  assert.ok(Math.min(v18, v35, v70) >= 4, `VAR ahead of AR in ${v18}, ${v35}, ${v70} of 5`);
  assert.ok(hAr > 1.0 && hAr < 1.8, `AR informative horizon ${hAr} s`);
  assert.match(text, /The classical baselines behave as in the benchmark/);
  assert.match(text, /The GRU beat the AR in \d and \d of 5 seeds/);

  for (const id of ['traces', 'acf', 'fan', 'byLead', 'mwqlPlot', 'table', 'coverage']) await done(page, id);
  // One panel per model but Average in the fan chart; three per-lead panels; a dot per seed, model and horizon.
  assert.equal(await page.$$eval('[data-cell="byLead"] figure', (f) => f.length), 3);
  assert.equal(await page.$$eval('[data-cell="mwqlPlot"] g[aria-label="dot"] circle', (c) => c.length), 5 * 4 * 3);
  assert.equal(await page.$$eval('[data-cell="table"] tbody tr', (rows) => rows.length), 5);
  const acf = (await page.textContent('[data-cell="acf"] p')).replace(/\s+/g, ' ');
  console.log(`forecasting, autocorrelation: ${acf}`);
  assert.match(acf, /Median over the regions: 0\.9\d at one frame/);

  // The planted bug: the AR's lead-1 sd at every lead covers the truth far less than 80 % at 1 s.
  const coverage = () => page.$eval('[data-cell="coverage"] [data-coverage]', (p) => p.textContent.replace(/\s+/g, ' '));
  const honest = Number((await coverage()).match(/and (\d\.\d\d) at 1 s/)[1]);
  assert.ok(honest > 0.7 && honest < 0.95, `AR coverage at 1 s ${honest}`);
  await page.locator('[data-cell="bug"] input[type=checkbox]').check();
  await page.waitForFunction(() => /with the bug/.test(document.querySelector('[data-cell="coverage"] [data-coverage]')?.textContent ?? ''));
  const buggy = Number((await coverage()).match(/with the bug \d\.\d\d and (\d\.\d\d)/)[1]);
  console.log(`forecasting, AR 80 % coverage at 1 s: ${honest}, with the planted bug ${buggy}`);
  assert.ok(buggy < 0.3, `with the bug, coverage at 1 s ${buggy}`);

  // The forecasts export: the first seed's result as JSON, the AR's means as .npy.
  await page.check('#nb-show-code');
  const download = async (label) => {
    await page.locator('[data-cell="forecast"]').hover();
    await page.click('[data-cell="forecast"] .nb-save summary');
    const [file] = await Promise.all([page.waitForEvent('download'),
      page.click(`[data-cell="forecast"] .nb-save-menu button:text-is("${label}")`)]);
    return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
  };
  const json = JSON.parse((await download('forecast (JSON)')).bytes.toString());
  assert.equal(json.kind, 'forecast');
  assert.deepEqual(json.arrays.gru_mean_z.shape.slice(1), [70, 4]);
  assert.deepEqual(json.arrays.ar_mean_z.shape, json.arrays.truth.shape);
  const npy = await download('forecast.var_sd_z (.npy)');
  assert.equal(npy.name, 'forecasting-forecast-forecast-var_sd_z.npy');
  assert.equal(npy.bytes.subarray(1, 6).toString(), 'NUMPY');
  assert.deepEqual(site.errors, []);
  // On a phone the models' names under the scores tilt: "Average" and "AR" touched.
  await page.setViewportSize({ width: 375, height: 740 });
  assert.deepEqual(await overlappingLabels(page, { redrawn: ['mwqlPlot'] }), []);
  await page.close();
});

test('Forecasting: another gain without the GRU runs again; a pasted recording is fitted, a bad one named by line; Stop', async () => {
  const page = await site.page('notebook.html?nb=forecasting&workers=2#train-the-gru=false&gain-g=1.4&tau-u=0.4');
  await done(page, 'verdict');
  assert.match(await verdict(page), /The GRU was not trained\./);
  assert.equal(await page.$$eval('[data-cell="table"] tbody tr', (rows) => rows.length), 4);
  const longer = Number((await verdict(page)).match(/the AR's informative horizon was (\d\.\d\d) s/)[1]);
  console.log(`forecasting at g = 1.4, tau_u = 0.4: AR informative horizon ${longer} s (median of 5 seeds)`);
  assert.ok(longer > 1.8, `a longer memory lengthens the AR's horizon (${longer} s)`);

  // A control changed and Run pressed: one new set of runs with the other seed.
  const before = await evaluations(page, 'runs');
  await page.locator('[data-cell="settings"] label', { hasText: 'first seed' }).locator('..').locator('input[type=number]').fill('10');
  await page.click('[data-cell="settings"] .rnnbook-submit-form > button');
  await page.waitForFunction((n) => Number(document.querySelector('[data-cell="runs"]').dataset.evaluations) > n, before);
  await page.waitForFunction(() => /Over seeds 10–14/.test(document.querySelector('[data-cell="verdict"] [data-verdict]')?.textContent ?? ''),
    null, { timeout: 120000, polling: 250 });

  // The user's recording: a bad line is named, a good recording gets its table.
  const own = page.locator('[data-cell="ownInput"]');
  await own.locator('textarea').fill('a, b\n1, 2\n3, x\n');
  await own.locator('.rnnbook-submit-form > button').click();
  await page.waitForSelector('[data-cell="own"][data-status="error"]', { state: 'attached' });
  assert.match(await page.textContent('[data-cell="own"]'), /line 3, column 2: "x" is not a number/);
  // Two AR(1) channels, the second driven by the first, from a fixed linear congruential stream.
  let state = 12345;
  const uniform = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const rows = [];
  let x = 0, y = 0;
  for (let t = 0; t < 3000; t++) {
    x = 0.95 * x + (uniform() - 0.5);
    y = 0.9 * y + 0.3 * x + (uniform() - 0.5);
    rows.push(`${x.toFixed(4)},${y.toFixed(4)}`);
  }
  // (Playwright's fill types a long multi-line text far too slowly: set it and send one input event.)
  await own.locator('textarea').evaluate((el, text) => {
    el.value = text;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, rows.join('\n'));
  await own.locator('.rnnbook-submit-form > button').click();
  await page.waitForSelector('[data-cell="own"] [data-own]', { timeout: 60000 });
  assert.match(await page.textContent('[data-cell="own"] [data-own]'), /3000 frames of 2 channels/);
  assert.equal(await page.$$eval('[data-cell="own"] tbody tr', (r) => r.length), 4);
  // The core's own check, named by its field: one row is no recording.
  await own.locator('textarea').fill('1, 2\n');
  await own.locator('.rnnbook-submit-form > button').click();
  await page.waitForSelector('[data-cell="own"][data-status="error"]', { state: 'attached' });
  assert.match(await page.textContent('[data-cell="own"]'), /data\.values: 1 time steps, too short/);

  // Stop: the GRU runs stop, the figures say why they are missing, and the page stays usable.
  await page.locator('[data-cell="settings"] input[type=checkbox]').check();
  await page.click('[data-cell="settings"] .rnnbook-submit-form > button');
  await page.waitForFunction(() => /running/.test(document.querySelector('[data-cell="runs"] .nb-progress-text')?.textContent ?? ''),
    null, { timeout: 60000, polling: 100 });
  await page.click('[data-cell="runs"] .nb-stop');
  await page.waitForSelector('[data-cell="runs"][data-run="stopped"]', { timeout: 10000, state: 'attached' });
  await page.waitForSelector('[data-cell="results"][data-status="error"]', { timeout: 10000, state: 'attached' });
  assert.match(await page.textContent('[data-cell="results"]'), /\d of 5 runs were stopped before the end; press Run to run them again/);
  const expected = (e) => /runs were stopped before the end|is not a number|too short/.test(e);
  assert.deepEqual(site.errors.filter((e) => !expected(e)), []);
  site.errors.length = 0;
  await page.close();
});
