// Shared set-up for the browser tests: the built site (web/dist) served on a free loopback port
// and Debian's Chromium driven by playwright-core.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveStatic } from '../../scripts/serve.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const distDir = process.env.RNNBOOK_DIST_DIR ?? path.join(root, 'web/dist');

/** Serves web/dist, or another folder `dir`, (under the URL path `prefix`, default /) and launches Chromium. */
export async function openSite({ prefix = '/', dir = distDir } = {}) {
  const { server, url } = await serveStatic(dir, 0, '127.0.0.1', prefix);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const errors = [];
  const requests = [];
  async function page(file) {
    const p = await browser.newPage();
    p.on('request', (r) => requests.push(r.url()));
    p.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    p.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
    if (file !== null) await p.goto(url + file);  // null: a blank page, e.g. to set routes first
    return p;
  }
  async function close() {
    await browser.close();
    server.close();
  }
  /** Stops the web server (and its open connections): the site is now offline. */
  function stopServer() {
    server.close();
    server.closeAllConnections();
  }
  /** api.html (rnnbook and Client as globals) once its script has run. */
  async function apiPage() {
    const p = await page('api.html');
    await p.waitForSelector('body[data-ready="1"]', { state: 'attached' });
    return p;
  }
  return { url, page, apiPage, close, stopServer, errors, requests };
}

/**
 * Opens notebook `nb` on `workers` workers, presses the Stop of its `runs` cell while its `runs` runs train or wait
 * for a worker, and checks what a reader sees: the Stop message, and a results cell that says the runs were stopped
 * and how to start them again (`again`). With `runAgain`, the settings' Run then starts them again, and Stop stops them.
 */
export async function checkStopOfRuns(site, nb, { runs = 5, workers = 2, again = 'press Run to fit them again', runAgain = false } = {}) {
  const text = (page, selector) => page.$eval(selector, (el) => el.textContent.replace(/\s+/g, ' ').trim());
  const progress = (page, pattern) => page.waitForFunction((p) => new RegExp(p).test(document.querySelector('[data-cell="runs"] .nb-progress-text')?.textContent ?? '') &&
    document.querySelector('[data-cell="runs"]').dataset.run === 'running', pattern, { timeout: 60000, polling: 100 });
  const stop = async (page) => {
    await page.click('[data-cell="runs"] .nb-stop');
    await page.waitForSelector('[data-cell="runs"][data-run="stopped"]', { timeout: 10000, state: 'attached' });
  };
  const page = await site.page(`notebook.html?nb=${nb}&workers=${workers}`);
  await progress(page, `0 of ${runs} runs done, ${workers} running, ${runs - workers} waiting`);
  await stop(page);
  assert.match(await text(page, '[data-cell="runs"] .nb-message'), new RegExp(`^stopped: \\d+ of ${runs} runs had finished$`));
  assert.ok(await page.isHidden('[data-cell="runs"] .nb-progress'), 'no progress once stopped');
  await page.waitForSelector('[data-cell="results"][data-status="error"]', { timeout: 10000, state: 'attached' });
  assert.ok((await text(page, '[data-cell="results"]')).includes(`of ${runs} runs were stopped before the end; ${again}`),
    `results: ${await text(page, '[data-cell="results"]')}`);
  if (runAgain) {
    await page.click('[data-cell="settings"] .rnnbook-submit-form > button');
    await progress(page, ` of ${runs} runs done, ${workers} running`);
    await stop(page);
  }
  // The results cell's error is logged too (its dependants only wait on it): nothing else may be.
  assert.deepEqual(site.errors.filter((e) => !/runs were stopped before the end/.test(e)), []);
  site.errors.length = 0;
  await page.close();
}

/**
 * Pairs of axis or facet labels of the page's figures that overlap (by more than a pixel both ways), as
 * "cell: axis: "a" / "b"" strings. Tilted labels are left out: their boxes overlap where their glyphs do not.
 * `redrawn`: cells whose figures follow the column's width; after a resize, wait until they are drawn at it.
 */
export async function overlappingLabels(page, { redrawn = [] } = {}) {
  await page.waitForFunction((cells) => {
    const column = document.querySelector('.nb-notebook').clientWidth;
    return cells.every((cell) => {
      const figures = [...document.querySelectorAll(`[data-cell="${cell}"] svg[class^="plot-"]`)].filter((svg) => svg.querySelector('g[aria-label]'));
      return figures.length && figures.every((svg) => Number(svg.getAttribute('width')) <= column);
    });
  }, redrawn, { timeout: 10000, polling: 100 });
  return page.evaluate(() => {
    const out = [];
    for (const g of document.querySelectorAll('svg g[aria-label$="tick label"]')) {
      const labels = [...g.querySelectorAll('text')].filter((t) => !/rotate/.test(t.getAttribute('transform') ?? ''))
        .map((t) => ({ text: t.textContent, box: t.getBoundingClientRect() })).filter((l) => l.box.width > 0);
      labels.forEach((a, i) => labels.slice(i + 1).forEach((b) => {
        const x = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
        const y = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
        if (x > 1 && y > 1) out.push(`${g.closest('[data-cell]')?.dataset.cell}: ${g.getAttribute('aria-label')}: "${a.text}" / "${b.text}"`);
      }));
    }
    return [...new Set(out)];
  });
}
