// Accessibility: axe-core (from npm) on the index, a notebook with its results and the embed page
// reports no serious or critical violations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { openSite } from './browser.mjs';

const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let site;
before(async () => { site = await openSite(); });
after(async () => { await site?.close(); });

async function seriousViolations(page) {
  await page.evaluate(axeSource);  // evaluated by the driver: the page's CSP allows no inline script
  const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

for (const [name, file, ready] of [
  ['index', 'index.html', 'body[data-ready=true]'],
  ['train notebook', 'notebook.html?nb=train#training-steps=50', '[data-cell="outputs"][data-status="ok"]'],
  ['embed page', 'embed.html?nb=train&cells=loss,hidden#training-steps=50', '[data-cell="loss"] canvas'],
  ['instructors page', 'instructors.html', 'body[data-ready=true]'],
]) {
  test(`${name}: no serious accessibility violations`, async () => {
    const page = await site.page(file);
    await page.waitForSelector(ready, { timeout: 60000, state: 'attached' });
    assert.deepEqual(await seriousViolations(page), []);
    await page.close();
  });
}
