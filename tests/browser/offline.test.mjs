// The site works from a sub-path of a static host, and after one visit it works offline
// (service worker): the server is stopped and a notebook still opens, trains and draws.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSite } from './browser.mjs';

const prefix = '/courses/neuro-101/rnnbook/';
let site;
before(async () => { site = await openSite({ prefix }); });
after(async () => { await site?.close(); });

const prose = (page) => page.evaluate(() => document.getElementById('notebook').innerText.replace(/\s+/g, ' '));

test('served from a sub-path, then offline after one visit', async () => {
  const page = await site.page('index.html');
  await page.waitForSelector('body[data-ready=true]');
  await page.click('#notebooks a[href$="nb=train"]');
  await page.waitForSelector('[data-cell="outputs"][data-status="ok"]', { timeout: 60000, state: 'attached' });
  await page.waitForSelector('body[data-offline=ready]', { timeout: 60000, state: 'attached' });
  assert.ok(site.requests.every((u) => u.startsWith(site.url) || /^(data|blob):/.test(u)),
    'every request stays under the sub-path');

  site.stopServer();
  await page.goto(`${site.url}index.html`);
  await page.waitForSelector('body[data-ready=true]');
  assert.match(await page.textContent('#notebooks'), /Train a recurrent network/);
  await page.goto(`${site.url}notebook.html?nb=train#training-steps=50&seed=5`);
  await page.waitForSelector('[data-cell="outputs"][data-status="ok"]', { timeout: 60000, state: 'attached' });
  assert.match(await prose(page), /After 50 steps the loss went from/);
  await page.close();
});
