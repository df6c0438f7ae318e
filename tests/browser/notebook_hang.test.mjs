// Edited code that hangs the page where no loop guard reaches (a regular expression that backtracks
// for ever): the reader closes the page, and the next visit holds that draft back instead of hanging
// again, keeps the other edits, and puts the held edit in its cell's editor. Chromium runs with a
// profile of its own, so that localStorage outlives the browser that had to be closed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serveStatic } from '../../scripts/serve.mjs';
import { distDir } from './browser.mjs';

const HANG = '/(a+)+$/.test("a".repeat(40) + "b")';  // about 2^40 steps of backtracking in one call

let server, url, profile, lastContext = null;  // the browser started last (closed after a failure too)
before(async () => {
  ({ server, url } = await serveStatic(distDir, 0, '127.0.0.1', '/'));
  profile = await mkdtemp(path.join(os.tmpdir(), 'rnnbook-hang-'));
});
after(async () => {
  await lastContext?.close().catch(() => {});
  server?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

async function openBrowser() {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  lastContext = context;
  const page = context.pages()[0] ?? await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (dialog) => dialog.accept());  // the leave-page question: leave
  return { context, page, errors };
}

const cellOk = (page, id) => page.waitForSelector(`[data-cell="${id}"][data-status="ok"]`, { timeout: 60000, state: 'attached' });

async function typeInCell(page, id, source) {
  const cell = page.locator(`.nb-cell[data-cell="${id}"]`);
  if (await cell.locator('.nb-editor').isHidden()) {
    await cell.hover();
    await cell.locator('.nb-edit').click();
  }
  await cell.locator('.cm-content').waitFor({ timeout: 10000 });
  await cell.locator('.cm-content').fill(source);
}

test('a draft that hung the page is held back on the next visit: the page works, the other edits run, the held one waits in its editor', async () => {
  let { context, page } = await openBrowser();
  await page.goto(`${url}notebook.html?nb=train#training-steps=50`);
  await cellOk(page, 'outputs');
  await typeInCell(page, 'outputs', 'html`<p id="kept">kept edit</p>`');
  await page.click('[data-cell="outputs"] .nb-run');
  await page.waitForSelector('#kept', { timeout: 10000 });
  await typeInCell(page, 'loss', HANG);
  // Run from a timer: the click returns before the page stops answering.
  await page.evaluate(() => setTimeout(() => document.querySelector('[data-cell="loss"] .nb-run').click(), 50));
  await page.waitForTimeout(1500);
  const answered = await Promise.race([page.evaluate(() => true), new Promise((r) => setTimeout(() => r(false), 3000))]);
  assert.equal(answered, false, 'the page hangs in the edited cell');
  await context.close();  // the reader closes the hung page

  let errors;
  ({ context, page, errors } = await openBrowser());
  for (let visit = 0; visit < 2; visit++) {  // held back again on a later visit, until the reader decides
    if (visit === 0) await page.goto(`${url}notebook.html?nb=train#training-steps=50`, { timeout: 20000 });
    else await page.reload({ timeout: 20000 });
    await page.waitForSelector('#kept', { timeout: 60000 });
    await cellOk(page, 'loss');
    assert.ok(await page.locator('[data-cell="loss"] canvas').count() > 0, 'the loss cell runs the author\'s code');
    assert.match(await page.textContent('#notices'), /Your edit of cell loss was not run: the page stopped responding while it ran on your last visit/);
    assert.equal(await page.locator('[data-cell="loss"] .cm-content').textContent(), HANG, 'the held edit is in the editor');
  }
  await page.click('[data-cell="loss"] .nb-revert');  // the reader drops it
  await cellOk(page, 'loss');
  await page.reload({ timeout: 20000 });
  await page.waitForSelector('#kept', { timeout: 60000 });
  await cellOk(page, 'loss');
  assert.doesNotMatch(await page.textContent('#notices'), /was not run/);
  assert.deepEqual(errors, []);
  await context.close();
});
