// The JS API survives its worker: a crash fails the calls that were waiting with a message and the
// next call gets a fresh worker; restart() ends a run stuck in a long step; experiments opened in a
// lost worker say so. In a notebook, Stop restarts a worker that does not answer within 3 s.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSite } from './browser.mjs';

let site;
before(async () => { site = await openSite(); });
after(async () => { await site?.close(); });

const apiPage = () => site.apiPage();

// The first worker of the page once it has loaded the module (a version call has answered).
const liveWorker = async (page) => {
  await page.evaluate(() => window.rnnbook.version());
  const [worker] = page.workers();
  assert.ok(worker, 'the API started a worker');
  return worker;
};

// A run whose first step never ends in practice: a power iteration of up to 10,000 Hessian-vector products
// at N = 256 over 256 trials (hours in wasm, whatever the kernels' speed), so a cancel would wait for it.
const stuckConfig = { kind: 'train', steps: 3, batch_size: 8, model: { hidden: 256 },
  task: { name: 'sine_wave', steps: 60 },
  measures: { hessian_every: 1, hessian_trials: 256, hessian_iterations: 10000, hessian_tol: 1e-300 } };

test('a crashed worker fails its pending calls with a message; the next call starts a new one', async () => {
  const page = await apiPage();
  const worker = await liveWorker(page);
  await page.evaluate(() => {
    window.pending = window.rnnbook.run({ kind: 'train', steps: 1000000, model: { hidden: 32 } })
      .then(() => 'resolved', (e) => e.message);
  });
  await worker.evaluate(() => setTimeout(() => { throw new Error('boom'); }, 0));
  assert.match(await page.evaluate(() => window.pending), /^worker: .*boom.*; it was restarted$/);
  const steps = await page.evaluate(() => window.rnnbook.run({ kind: 'train', steps: 5, model: { hidden: 8 } })
    .then((r) => r.scalars.steps_done));
  assert.equal(steps, 5);
  await page.close();
});

test('experiments opened in a lost worker reject with "lost"; new ones work', async () => {
  const page = await apiPage();
  const worker = await liveWorker(page);
  await page.evaluate(async () => {
    window.handle = await window.rnnbook.open({ kind: 'train', steps: 20, model: { hidden: 8 } });
    await window.handle.step(2);
  });
  await worker.evaluate(() => setTimeout(() => { throw new Error('boom'); }, 0));
  // A call that reaches the worker before its crash is noticed fails with the crash: poll until one passes.
  await page.waitForFunction(() => window.rnnbook.version().then(() => true, () => false));
  const message = await page.evaluate(() => window.handle.step(1).then(() => 'stepped', (e) => e.message));
  assert.equal(message, 'experiment: lost when the worker restarted; open it again');
  const position = await page.evaluate(async () => {
    const h = await window.rnnbook.open({ kind: 'train', steps: 20, model: { hidden: 8 } });
    return (await h.step(3)).position;
  });
  assert.equal(position, 3);
  await page.close();
});

test('restart() ends a run stuck in one long step', async () => {
  const page = await apiPage();
  await liveWorker(page);
  const big = stuckConfig;
  const message = await page.evaluate(async (config) => {
    const run = window.rnnbook.run(config).then(() => 'resolved', (e) => e.message);
    await new Promise((r) => setTimeout(r, 300));
    const t0 = performance.now();
    window.rnnbook.restart();
    const m = await run;
    return `${m} after ${Math.round(performance.now() - t0)} ms`;
  }, big);
  assert.match(message, /^worker: restarted after \d+ ms$/);
  assert.ok(Number(message.match(/after (\d+)/)[1]) < 500, message);
  assert.equal(await page.evaluate(() => window.rnnbook.run({ kind: 'train', steps: 2, model: { hidden: 8 } })
    .then((r) => r.scalars.steps_done)), 2);
  await page.close();
});

test('in a notebook, Stop restarts a worker stuck in a long step, says so, and the notebook runs again', async () => {
  const page = await site.page('notebook.html?nb=train#training-steps=50');
  await page.waitForSelector('[data-cell="outputs"][data-status="ok"]', { timeout: 60000, state: 'attached' });
  const cell = page.locator('.nb-cell[data-cell="loss"]');  // a cell with visible output, to edit
  await cell.hover();
  await cell.locator('.nb-edit').click();
  await cell.locator('.cm-content').fill(`const stuck = experiment(${JSON.stringify(stuckConfig)})`);
  await cell.locator('.nb-run').click();
  await page.waitForSelector('[data-cell="loss"] .nb-progress:not([hidden])', { timeout: 60000 });
  await page.waitForTimeout(500);
  const started = Date.now();
  await page.evaluate(() => document.querySelector('[data-cell="loss"] .nb-stop').click());
  await page.waitForSelector('[data-cell="loss"][data-run="stopped"]', { timeout: 10000, state: 'attached' });
  const waited = Date.now() - started;
  assert.ok(waited >= 2500 && waited < 6000, `stopped after ${waited} ms (3 s grace, then a restart)`);
  assert.match(await page.textContent('[data-cell="loss"] .nb-message'), /did not answer Stop within 3 s, so its worker was restarted/);
  await cell.locator('.nb-revert').click();  // the author's cell again, on a fresh worker
  await page.waitForSelector('[data-cell="loss"] canvas', { timeout: 60000 });
  await page.close();
});

test('in a notebook, a second press of Stop ("Stop now") ends a run at once, without waiting for its step', async () => {
  const page = await site.page('notebook.html?nb=train#training-steps=50');
  await page.waitForSelector('[data-cell="outputs"][data-status="ok"]', { timeout: 60000, state: 'attached' });
  const cell = page.locator('.nb-cell[data-cell="loss"]');
  await cell.hover();
  await cell.locator('.nb-edit').click();
  // A minute's grace: the first press alone would leave the reader waiting that long.
  await cell.locator('.cm-content').fill(`rnnbook.configure({stopTimeoutMs: 60000});\nconst stuck = experiment(${JSON.stringify(stuckConfig)})`);
  await cell.locator('.nb-run').click();
  await page.waitForSelector('[data-cell="loss"] .nb-progress:not([hidden])', { timeout: 60000 });
  await page.waitForTimeout(500);
  const stop = cell.locator('.nb-stop');
  assert.equal(await stop.textContent(), 'Stop');
  await stop.click();
  await page.waitForFunction(() => document.querySelector('[data-cell="loss"] .nb-stop').textContent === 'Stop now', null, { timeout: 5000 });
  await page.waitForTimeout(1000);
  assert.equal(await cell.getAttribute('data-run'), 'running', 'the first press waits for the step');
  const started = Date.now();
  await stop.click();
  await page.waitForSelector('[data-cell="loss"][data-run="stopped"]', { timeout: 10000, state: 'attached' });
  assert.ok(Date.now() - started < 5000, `stopped ${Date.now() - started} ms after the second press`);
  assert.match(await page.textContent('[data-cell="loss"] .nb-message'), /stopped at once: its worker was restarted; nothing of the run was kept/);
  await cell.locator('.nb-revert').click();  // the author's cell again, on a fresh worker
  await page.waitForSelector('[data-cell="loss"] canvas', { timeout: 60000 });
  await page.close();
});

test('in a notebook, a worker that dies mid-run: the cell says so, other cells and the edit survive, runs go on', async () => {
  const page = await site.page('notebook.html?nb=train#training-steps=50');
  await page.waitForSelector('[data-cell="outputs"][data-status="ok"]', { timeout: 60000, state: 'attached' });
  const outputsBefore = await page.innerHTML('[data-cell="outputs"] .nb-output');
  const cell = page.locator('.nb-cell[data-cell="loss"]');
  await cell.hover();
  await cell.locator('.nb-edit').click();
  const edited = 'const long = experiment({kind: "train", steps: 100000, model: {hidden: 32}})';
  await cell.locator('.cm-content').fill(edited);
  await cell.locator('.nb-run').click();
  await page.waitForSelector('[data-cell="loss"] .nb-progress:not([hidden])', { timeout: 60000 });
  for (const worker of page.workers()) {  // the site's experiment worker dies (as on an abort of the module)
    await worker.evaluate(() => setTimeout(() => { throw new Error('boom'); }, 0)).catch(() => {});
  }
  await page.waitForSelector('[data-cell="loss"][data-run="failed"]', { timeout: 10000, state: 'attached' });
  assert.match(await page.textContent('[data-cell="loss"] .nb-message'), /^worker: .*boom.*; it was restarted$/);
  assert.equal(await page.innerHTML('[data-cell="outputs"] .nb-output'), outputsBefore, 'another cell kept its output');
  assert.match(await cell.locator('.cm-content').textContent(), /steps: 100000/, 'the edit is still there');
  await cell.locator('.cm-content').fill('const short = experiment({kind: "train", steps: 20, model: {hidden: 8}})');
  await cell.locator('.nb-run').click();  // on a fresh worker
  await page.waitForSelector('[data-cell="loss"][data-run="done"]', { timeout: 60000, state: 'attached' });
  await page.close();
});

test('a long session in the page: 200 runs and 50 held experiments keep the wasm and JS heaps flat', async () => {
  const page = await apiPage();
  const cdp = await page.context().newCDPSession(page);
  const jsHeap = async () => {  // the page's JS heap after a full collection
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  const session = (runs) => page.evaluate(async (n) => {
    const config = (seed) => ({ kind: 'train', seed, steps: 5, batch_size: 4, model: { hidden: 16 }, task: { steps: 20 } });
    for (let i = 1; i <= n; i++) await window.rnnbook.run(config(i));
    for (let i = 0; i < n / 4; i++) {  // Embind objects created and deleted through the API
      const t = await window.rnnbook.open(config(i));
      await t.step(2);
      await t.snapshot();
      await t.close();
    }
    return window.rnnbook.stats();
  }, runs);
  await session(20);  // warm-up: code, caches and the worker's first heap growth
  const first = await session(20);
  const heapBefore = await jsHeap();
  const last = await session(200);
  const heapAfter = await jsHeap();
  assert.equal(last.open, 0);
  assert.equal(last.usedBytes, first.usedBytes, `allocated bytes ${first.usedBytes} -> ${last.usedBytes}`);
  assert.equal(last.heapBytes, first.heapBytes);
  assert.ok(heapAfter - heapBefore < 2e6, `the page's JS heap grew ${heapBefore} -> ${heapAfter} bytes`);
  await page.close();
});

test('in a sandboxed notebook (an opened file), Stop of a run stuck in a long step replaces the host\'s worker and says so', async () => {
  const page = await site.page('notebook.html?nb=train#training-steps=50');
  await page.waitForSelector('[data-cell="outputs"][data-status="ok"]', { timeout: 60000, state: 'attached' });
  const text = `---\ntitle: Stuck\n---\n# Stuck\n\n\`\`\`js id=stuck\nconst stuck = experiment(${JSON.stringify(stuckConfig)})\n\`\`\`\n`;
  await page.setInputFiles('#nb-open', { name: 'stuck.md', mimeType: 'text/markdown', buffer: Buffer.from(text) });
  const frame = page.frameLocator('iframe.nb-sandbox');
  await frame.locator('[data-cell="stuck"] .nb-progress:not([hidden])').waitFor({ timeout: 60000 });
  await page.waitForTimeout(500);
  const started = Date.now();
  await frame.locator('[data-cell="stuck"] .nb-stop').click();
  await frame.locator('[data-cell="stuck"][data-run="stopped"]').waitFor({ timeout: 10000, state: 'attached' });
  const waited = Date.now() - started;
  assert.ok(waited >= 2500 && waited < 6000, `stopped after ${waited} ms (3 s grace, then a new worker)`);
  assert.match(await frame.locator('[data-cell="stuck"] .nb-message').textContent(), /did not answer Stop within 3 s, so its worker was restarted/);
  // Again, with "Stop now" pressed at once: the kill crosses the port to the host's pool.
  await frame.locator('[data-cell="stuck"] .nb-edit').dispatchEvent('click');  // the cell shows no output to hover
  await frame.locator('[data-cell="stuck"] .cm-content').waitFor({ timeout: 10000 });
  await frame.locator('[data-cell="stuck"] .nb-run').click();
  await frame.locator('[data-cell="stuck"] .nb-progress:not([hidden])').waitFor({ timeout: 60000 });
  await page.waitForTimeout(500);
  await frame.locator('[data-cell="stuck"] .nb-stop').click();
  await frame.locator('[data-cell="stuck"] .nb-stop', { hasText: 'Stop now' }).waitFor({ timeout: 2000 });
  const again = Date.now();
  await frame.locator('[data-cell="stuck"] .nb-stop').click();
  await frame.locator('[data-cell="stuck"][data-run="stopped"]').waitFor({ timeout: 10000, state: 'attached' });
  assert.ok(Date.now() - again < 2500, `stopped ${Date.now() - again} ms after the second press`);
  assert.match(await frame.locator('[data-cell="stuck"] .nb-message').textContent(), /stopped at once: its worker was restarted/);
  await page.close();
});
