// The example notebook of the author guide (docs/notebooks.md) runs: every cell finishes, no errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openSite } from './browser.mjs';

let site;
before(async () => { site = await openSite(); });
after(async () => { await site?.close(); });

test('the example notebook in docs/notebooks.md runs to completion', async () => {
  const guide = await readFile(new URL('../../docs/notebooks.md', import.meta.url), 'utf8');
  const match = /````md example-notebook\n([\s\S]*?)\n````/.exec(guide);
  assert.ok(match, 'the guide has an example notebook');
  const page = await site.page('notebook.html?file=open');
  await page.setInputFiles('#nb-open', { name: 'my-first.md', mimeType: 'text/markdown', buffer: Buffer.from(match[1]) });
  const frame = page.frameLocator('iframe.nb-sandbox');
  await frame.locator('[data-cell="figure"][data-status="ok"] svg').first().waitFor({ timeout: 120000 });
  const statuses = await frame.locator('.nb-cell').evaluateAll((cells) => cells.map((c) => `${c.dataset.cell}:${c.dataset.status}`));
  assert.deepEqual(statuses, ['steps:ok', 'run:ok', 'curve:ok', 'result:ok', 'figure:ok']);
  assert.match(await frame.locator('main').innerText(), /The loss fell from \d\.\d{3} to \d\.\d{3}\./);
  assert.equal(await page.title(), 'Sine waves from a recurrent network · rnnbook');
  assert.deepEqual(site.errors, []);
  await page.close();
});
