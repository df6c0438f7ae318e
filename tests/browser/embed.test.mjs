// Embedding in a course page on another origin: the resizing iframe snippet, the fixed-height
// iframe and the <rnn-notebook> element, all from a host page served by a second server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSite } from './browser.mjs';
import { serveStatic } from '../../scripts/serve.mjs';
import { codeBlocks } from '../docs_blocks.mjs';

let site;
let host;
before(async () => {
  site = await openSite();
  // docs/deploy.md's ```html element, pointed at this site (50 training steps, to be quick).
  const deploy = codeBlocks(await readFile(new URL('../../docs/deploy.md', import.meta.url), 'utf8'), 'html');
  assert.equal(deploy.length, 1);
  const documented = deploy[0].code.replace('https://example.edu/rnnbook/', site.url).replace('nb=train"', 'nb=train#training-steps=50"');
  assert.ok(documented.includes(`${site.url}embed.html?nb=train#training-steps=50"`), documented);
  const dir = await mkdtemp(path.join(tmpdir(), 'rnnbook-host-'));
  const embed = `${site.url}embed.html?nb=train&cells=loss&id=a#training-steps=50`;
  await writeFile(path.join(dir, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8">
    <link rel="icon" href="data:,"><title>course page</title></head><body>
    <h1>Week 3</h1>
    <iframe id="resizing" src="${embed}" title="loss" style="width:100%;border:0" height="420"></iframe>
    <script>
    addEventListener("message", (e) => { if (e.data?.type !== "rnnbook:height") return;
      for (const f of document.querySelectorAll("iframe")) if (f.contentWindow === e.source) f.style.height = e.data.height + "px"; });
    </script>
    <iframe id="fixed" src="${site.url}embed.html?nb=train&cell=outputs#training-steps=50" title="outputs" height="300"></iframe>
    <script src="${site.url}rnn-notebook.js"></script>
    <rnn-notebook id="element" src="${site.url}embed.html?nb=train#training-steps=50" cells="loss,result"></rnn-notebook>
    ${documented}
    <iframe id="missing" src="${site.url}embed.html?nb=train&cell=nope" title="missing" height="200"></iframe>
    </body></html>`);
  host = await serveStatic(dir, 0);
});
after(async () => { host?.server.close(); await site?.close(); });

test('embedded cells run on a page of another origin; the iframe follows their height', async () => {
  assert.notEqual(new URL(host.url).origin, new URL(site.url).origin);
  const page = await site.page('index.html');
  await page.goto(host.url);
  const frame = page.frameLocator('#resizing');
  await frame.locator('[data-cell="loss"] canvas').waitFor({ timeout: 60000 });
  // Only the chosen cell shows: the controls and the prose are hidden.
  assert.equal(await frame.locator('[data-cell="hidden"]').isHidden(), true);
  assert.equal(await frame.locator('[data-cell="loss"]').isVisible(), true);
  // So is a sentence whose inline values belong to cells not asked for (it would read with holes).
  assert.equal(await frame.getByText(/the loss went from/).isHidden(), true);
  await page.waitForFunction(() => document.getElementById('resizing').style.height !== '', null, { timeout: 30000 });
  const reported = await page.$eval('#resizing', (f) => parseFloat(f.style.height));
  const content = await frame.locator('html').evaluate((el) => el.getBoundingClientRect().height);
  assert.ok(Math.abs(reported - content) <= 2, `iframe ${reported}px, content ${content}px`);
  assert.ok(reported > 200 && reported < 600, `height ${reported}`);

  const fixed = page.frameLocator('#fixed');
  await fixed.locator('[data-cell="outputs"] svg').first().waitFor({ timeout: 60000 });
  assert.equal(await page.$eval('#fixed', (f) => f.getAttribute('height')), '300');

  await page.locator('#element').scrollIntoViewIfNeeded();  // the element's iframe loads lazily
  const element = page.frameLocator('#element iframe');
  await element.locator('[data-cell="loss"] canvas').waitFor({ timeout: 60000 });
  await page.waitForFunction(() => document.querySelector('#element iframe').style.height !== '400px', null, { timeout: 30000 });

  // The documented element: its two cells, at the height it asks for until the notebook reports its own.
  const documented = page.locator('rnn-notebook[cells="loss,outputs"]');
  await documented.scrollIntoViewIfNeeded();
  const docFrame = page.frameLocator('rnn-notebook[cells="loss,outputs"] iframe');
  await docFrame.locator('[data-cell="loss"] canvas').waitFor({ timeout: 60000 });
  await docFrame.locator('[data-cell="outputs"] svg').first().waitFor({ timeout: 60000 });
  assert.equal(await docFrame.locator('[data-cell="result"]').isHidden(), true);
  await page.waitForFunction(() => document.querySelector('rnn-notebook[cells="loss,outputs"] iframe').style.height !== '480px', null, { timeout: 30000 });

  const missing = page.frameLocator('#missing');
  await missing.locator('.nb-notice').waitFor();
  assert.match(await missing.locator('.nb-notice').textContent(), /no cell "nope" in notebook "train"; its cells are: hidden, lr, steps, seed, precision, run, loss, result, outputs/);
  await page.close();
});

test('the instructors page shows each way with a working example', async () => {
  const page = await site.page('instructors.html');
  await page.waitForSelector('body[data-ready=true]');
  const snippets = await page.$$eval('[data-snippet]', (els) => els.map((e) => e.textContent));
  assert.equal(snippets.length, 3);
  for (const s of snippets) assert.ok(s.includes(site.url), s);
  await page.frameLocator('#demo-resize iframe').locator('[data-cell="loss"] canvas').waitFor({ timeout: 60000 });
  await page.frameLocator('#demo-fixed iframe').locator('[data-cell="loss"] canvas').waitFor({ timeout: 60000 });
  await page.frameLocator('#demo-element iframe').locator('[data-cell="loss"] canvas').waitFor({ timeout: 60000 });
  await page.waitForFunction(() => document.querySelector('#demo-resize iframe').style.height !== '', null, { timeout: 30000 });
  assert.deepEqual(site.errors, []);
  await page.close();
});

test('an embed link whose setting does not fit its control says so above the cell, which runs with the default', async () => {
  const page = await site.page('embed.html?nb=train&cells=loss#training-steps=50&seed=abc&hidden-units=5000');
  await page.waitForSelector('[data-cell="loss"] canvas', { timeout: 60000 });
  assert.deepEqual(await page.$$eval('#notices .nb-notice', (ps) => ps.map((p) => p.textContent).sort()), [
    'link setting hidden-units=5000 ignored: outside [4, 128]; using the default',
    'link setting seed=abc ignored: not a number; using the default',
  ]);
  assert.deepEqual(site.errors, []);
  await page.close();
});

test('leaving an embed asks while a run goes on and after a long run not saved, as the notebook page does', async () => {
  const page = await site.page('embed.html?nb=train&cells=loss&ask-after=0.3#training-steps=1000&hidden-units=48');
  const asked = [];
  page.on('dialog', (d) => { asked.push(d.type()); d.dismiss(); });
  const tryLeave = () => page.reload({ timeout: 3000 }).catch(() => {});  // stayed: the reload never happens
  // Computing (it had a worker: its bar moved), then past ?ask-after=0.3.
  await page.waitForFunction(() => document.querySelector('[data-cell="run"][data-run="running"] progress')?.value > 0, null, { timeout: 60000 });
  await page.waitForTimeout(600);
  await tryLeave();
  assert.deepEqual(asked, ['beforeunload'], 'a run goes on');
  await page.waitForSelector('[data-cell="run"][data-run="done"]', { timeout: 60000, state: 'attached' });
  await tryLeave();
  assert.deepEqual(asked, ['beforeunload', 'beforeunload'], 'its results are not saved');
  await page.close();
  // The default threshold (30 s): the default run of this notebook leaves without a question; a bad value says so.
  const quick = await site.page('embed.html?nb=train&cells=loss&ask-after=-1#training-steps=50');
  const none = [];
  quick.on('dialog', (d) => { none.push(d.type()); d.dismiss(); });
  await quick.waitForSelector('[data-cell="loss"] canvas', { timeout: 60000 });
  assert.match(await quick.textContent('#notices'), /ask-after=-1 in the address was ignored/);
  await quick.reload({ timeout: 10000 });
  assert.deepEqual(none, []);
  assert.deepEqual(site.errors, []);
  await quick.close();
});
