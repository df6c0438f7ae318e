// The two training notebooks of issue 3 run with their defaults in Chromium and draw their figures.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSite } from './browser.mjs';

let site;
before(async () => { site = await openSite(); });
after(async () => { await site?.close(); });

const done = (page, id) => page.waitForSelector(`[data-cell="${id}"][data-status="ok"]`, { timeout: 600000, state: 'attached' });
const prose = (page) => page.evaluate(() => document.getElementById('notebook').innerText.replace(/\s+/g, ' '));

test('Rich and lazy learning: four ranks train live, bars and table of the three measures', async () => {
  const page = await site.page('notebook.html?nb=rich-lazy');
  await page.waitForSelector('[data-cell="loss"] canvas', { timeout: 60000 });
  await done(page, 'summary');
  await done(page, 'bars');
  assert.ok(await page.$('[data-cell="bars"] svg'), 'bar chart drawn');
  assert.equal(await page.$$eval('[data-cell="summary"] tbody tr', (rows) => rows.length), 4, 'ranks 1, 8, 16, 64');
  assert.match(await prose(page), /With seed 1, rank 1 moved its weights by \d\.\d{3} and rank 64 by \d\.\d{3}/);
  assert.deepEqual(site.errors, []);
  await page.close();
});

test('Credit assignment and curvature: BPTT and truncated runs, lambda_max over training', async () => {
  const page = await site.page('notebook.html?nb=credit-assignment');
  await done(page, 'table');
  await done(page, 'hessian');
  assert.ok(await page.$('[data-cell="hessian"] svg'), 'curvature figure drawn');
  assert.equal(await page.$$eval('[data-cell="table"] tbody tr', (rows) => rows.length), 2);
  assert.match(await prose(page), /At the end the truncated rule sits at .* = \d+\.\d\d, BPTT at \d+\.\d\d: a ratio of \d+\.\d\d/);
  assert.deepEqual(site.errors, []);
  await page.close();
});
