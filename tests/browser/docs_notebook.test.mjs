// The notebooks of the author guide (docs/notebooks.md) run: the example notebook, and the cells of
// "What cells can use" and "Many runs at once" as one notebook (with the seed, steps and hidden that
// those cells take from others); every cell finishes, no errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openSite } from './browser.mjs';
import { codeBlocks, sectionOf } from '../docs_blocks.mjs';

let site;
before(async () => { site = await openSite(); });
after(async () => { await site?.close(); });

test('the example notebook in docs/notebooks.md runs to completion', async () => {
  const guide = await readFile(new URL('../../docs/notebooks.md', import.meta.url), 'utf8');
  const examples = codeBlocks(guide, 'md example-notebook');
  assert.equal(examples.length, 1, 'the guide has an example notebook');
  const page = await site.page('notebook.html?file=open');
  await page.setInputFiles('#nb-open', { name: 'my-first.md', mimeType: 'text/markdown', buffer: Buffer.from(examples[0].code) });
  const frame = page.frameLocator('iframe.nb-sandbox');
  await frame.locator('[data-cell="figure"][data-status="ok"] svg').first().waitFor({ timeout: 120000 });
  const statuses = await frame.locator('.nb-cell').evaluateAll((cells) => cells.map((c) => `${c.dataset.cell}:${c.dataset.status}`));
  assert.deepEqual(statuses, ['steps:ok', 'run:ok', 'curve:ok', 'result:ok', 'figure:ok']);
  assert.match(await frame.locator('main').innerText(), /The loss fell from \d\.\d{3} to \d\.\d{3}\./);
  assert.equal(await page.title(), 'Sine waves from a recurrent network · rnnbook');
  assert.deepEqual(site.errors, []);
  await page.close();
});

test('the cells of "What cells can use" and "Many runs at once" run as a notebook', async () => {
  const guide = await readFile(new URL('../../docs/notebooks.md', import.meta.url), 'utf8');
  const cells = ['## What cells can use without imports', '## Many runs at once']
    .flatMap((heading) => codeBlocks(sectionOf(guide, heading), 'js').map((b) => b.code));
  assert.equal(cells.length, 5, 'a run, its curve and result; three runs and their results');
  const given = 'const seed = 1, steps = 30, hidden = 8';  // what the guide's cells take from other cells
  const notebook = ['---', 'title: Guide cells', '---', '', ...[given, ...cells].map((c) => `\`\`\`js\n${c}\n\`\`\`\n`)].join('\n');
  const page = await site.page('notebook.html?file=open');
  await page.setInputFiles('#nb-open', { name: 'guide.md', mimeType: 'text/markdown', buffer: Buffer.from(notebook) });
  const frame = page.frameLocator('iframe.nb-sandbox');
  // c6 awaits the three runs of ranks 1, 8 and 64 (default hidden 64, 300 steps each).
  const settled = (id) => frame.locator(`[data-cell="${id}"]:is([data-status="ok"], [data-status="error"])`)
    .waitFor({ state: 'attached', timeout: 240000 });
  await settled('c6');
  await settled('c4');
  const statuses = await frame.locator('.nb-cell').evaluateAll((all) => all.map((c) => `${c.dataset.cell}:${c.dataset.status}`));
  assert.deepEqual(statuses, ['c1:ok', 'c2:ok', 'c3:ok', 'c4:ok', 'c5:ok', 'c6:ok']);
  assert.equal(await frame.locator('[data-cell="c3"] canvas').count() > 0, true, 'liveCurve draws a chart');
  assert.deepEqual(site.errors, []);
  await page.close();
});
