// The worker pool of the JS API in Chromium, on the real wasm module: runs spread over workers give
// the same bits as on one; Stop reaches queued and running runs; a worker that dies fails only its own
// run and is replaced; a run that does not answer Stop has only its own worker replaced.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSite } from './browser.mjs';

let site;
before(async () => { site = await openSite(); });
after(async () => { await site?.close(); });

const apiPage = () => site.apiPage();

const small = (seed) => ({ kind: 'train', seed, steps: 40, model: { hidden: 12 }, task: { steps: 30 } });

test('4 runs on 2 workers give the same bits as 4 runs on 1 worker, and both workers ran', async () => {
  const page = await apiPage();
  const out = await page.evaluate(async (configs) => {
    const bits = (r) => [...r.arrays.loss.data, ...r.arrays.eval_output.data, r.scalars.final_loss];
    const one = new window.Client({ workers: 1 });
    const two = new window.Client({ workers: 2 });
    const a = await Promise.all(configs.map((c) => one.run(c)));
    let busyAtOnce = 0;
    const runs = configs.map((c) => two.run(c, { onProgress: () => {} }));
    const poll = setInterval(async () => { busyAtOnce = Math.max(busyAtOnce, (await two.stats()).busy); }, 20);
    const b = await Promise.all(runs);
    clearInterval(poll);
    const stats = await two.stats();
    one.terminate();
    two.terminate();
    return { same: a.every((r, i) => { const x = bits(r); const y = bits(b[i]); return x.length === y.length && x.every((v, k) => Object.is(v, y[k])); }),
      distinct: new Set(a.map((r) => r.scalars.final_loss)).size, started: stats.started, workers: stats.workers, busyAtOnce };
  }, [1, 2, 3, 4].map((seed) => ({ ...small(seed), steps: 400 })));  // long enough (~0.1 s) to overlap under load
  assert.equal(out.same, true);
  assert.equal(out.distinct, 4, 'four seeds, four results');
  assert.equal(out.workers, 2);
  assert.equal(out.started, 2, 'the second worker was started');
  assert.equal(out.busyAtOnce, 2, 'two runs ran at once');
  await page.close();
});

test('Stop of a queued run rejects at once without running it; Stop of the running one returns its partial result', async () => {
  const page = await apiPage();
  const out = await page.evaluate(async () => {
    const client = new window.Client({ workers: 1 });
    const first = new AbortController();
    const second = new AbortController();
    let firstAt = 0;
    const running = client.run({ kind: 'train', steps: 1000000, model: { hidden: 16 } }, {
      signal: first.signal, onProgress: ({ position }) => { firstAt = position; } });
    let secondProgress = 0;
    const queued = client.run({ kind: 'train', steps: 1000000, model: { hidden: 16 } }, {
      signal: second.signal, onProgress: () => { secondProgress++; } }).then(() => 'resolved', (e) => ({ message: e.message, code: e.code, name: e.name }));
    while (firstAt < 5) await new Promise((r) => setTimeout(r, 10));
    const queuedBefore = (await client.stats()).queued;
    const t0 = performance.now();
    second.abort();
    const q = await queued;
    const queuedMs = performance.now() - t0;
    first.abort();
    const partial = await running;
    const after = await client.stats();
    client.terminate();
    return { q, queuedMs, queuedBefore, secondProgress, stopped: partial.stopped, steps: partial.scalars.steps_done,
      queuedAfter: after.queued, busyAfter: after.busy };
  });
  assert.equal(out.queuedBefore, 1);
  assert.deepEqual(out.q, { message: 'run: stopped before it started', code: 'not-started', name: 'AbortError' });
  assert.ok(out.queuedMs < 200, `the queued run ended after ${out.queuedMs} ms`);
  assert.equal(out.secondProgress, 0, 'the queued run never ran');
  assert.equal(out.stopped, true);
  assert.ok(out.steps >= 5 && out.steps < 1000000, `${out.steps} steps`);
  assert.equal(out.queuedAfter, 0);
  assert.equal(out.busyAfter, 0);
  await page.close();
});

test('a worker that dies fails only its own run; it is replaced and the other runs finish', async () => {
  const page = await apiPage();
  await page.evaluate(() => {
    window.pool = new window.Client({ workers: 2 });
    window.positions = [0, 0];
    window.outcomes = [0, 1].map((i) => window.pool.run({ kind: 'train', seed: i, steps: i === 0 ? 1000000 : 400, model: { hidden: 24 } },
      { onProgress: ({ position }) => { window.positions[i] = position; } })
      .then((r) => `done ${r.scalars.steps_done}`, (e) => e.message));
  });
  await page.waitForFunction(() => window.positions[0] > 0 && window.positions[1] > 0, null, { timeout: 30000 });
  assert.equal(page.workers().length, 2);
  // Find the worker running the endless run: the one whose progress keeps coming after the other ended
  // is not knowable from outside, so kill the worker that the pool gave to run 0 (started first: slot 0).
  const [first] = page.workers();
  await first.evaluate(() => setTimeout(() => { throw new Error('boom'); }, 0));
  const [a, b] = await page.evaluate(() => Promise.all(window.outcomes));
  assert.match(a, /^worker: .*boom.*; it was restarted$/);
  assert.equal(b, 'done 400');
  const next = await page.evaluate(async () => {
    const [x, y] = await Promise.all([1, 2].map((seed) => window.pool.run({ kind: 'train', seed, steps: 5, model: { hidden: 8 } })));
    const stats = await window.pool.stats();
    window.pool.terminate();
    return { steps: x.scalars.steps_done + y.scalars.steps_done, started: stats.started };
  });
  assert.deepEqual(next, { steps: 10, started: 2 });
  await page.close();
});

// A run whose first step never ends in practice (as in worker_resilience.test.mjs).
const stuckConfig = { kind: 'train', steps: 3, batch_size: 8, model: { hidden: 256 },
  task: { name: 'sine_wave', steps: 60 },
  measures: { hessian_every: 1, hessian_trials: 256, hessian_iterations: 10000, hessian_tol: 1e-300 } };

test('a run that does not answer Stop has its own worker replaced after stopTimeoutMs; a run on the other worker goes on', async () => {
  const page = await apiPage();
  const out = await page.evaluate(async (stuck) => {
    // Both modules loaded first (stats() waits for every started worker): on a loaded machine a worker
    // still loading when Stop came answered it before the stuck step began (no 'stop-timeout'; seen in CI).
    const client = new window.Client({ workers: 2, stopTimeoutMs: 1000, prewarm: true });
    await client.stats();
    const controller = new AbortController();
    let started = false;
    const stuckRun = client.run(stuck, { signal: controller.signal }).then(() => 'resolved', (e) => ({ message: e.message, code: e.code }));
    const other = client.run({ kind: 'train', steps: 300, model: { hidden: 32 } }, { onProgress: () => { started = true; } });
    while (!started) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 300));
    const t0 = performance.now();
    controller.abort();
    const s = await stuckRun;
    const waited = performance.now() - t0;
    const o = await other;
    const again = await client.run({ kind: 'train', steps: 3, model: { hidden: 8 } });
    client.terminate();
    return { s, waited, other: o.scalars.steps_done, again: again.scalars.steps_done };
  }, stuckConfig);
  assert.equal(out.s.code, 'stop-timeout', `the stuck run settled with ${JSON.stringify(out.s)}`);
  assert.match(out.s.message, /did not answer Stop within 1 s, so its worker was restarted/);
  assert.ok(out.waited >= 900 && out.waited < 3000, `replaced after ${out.waited} ms`);
  assert.equal(out.other, 300, 'the run on the other worker finished');
  assert.equal(out.again, 3);
  await page.close();
});

test('killSignal ends a run at once inside a long step (code killed, nothing kept); a waiting one does not start; the other worker goes on', async () => {
  const page = await apiPage();
  const out = await page.evaluate(async (stuck) => {
    // stopTimeoutMs of a minute: Stop alone would wait that long for the stuck step.
    const client = new window.Client({ workers: 2, stopTimeoutMs: 60000, prewarm: true });
    await client.stats();
    const stop = new AbortController(), kill = new AbortController(), killWaiting = new AbortController();
    let started = false, otherStarted = false;
    const settle = (p) => p.then((r) => ({ steps: r.scalars.steps_done }), (e) => ({ message: e.message, code: e.code }));
    const stuckRun = settle(client.run(stuck, { signal: stop.signal, killSignal: kill.signal, onPartial: () => { started = true; } }));
    const other = settle(client.run({ kind: 'train', steps: 300, model: { hidden: 32 } }, { onProgress: () => { otherStarted = true; } }));
    const waiting = settle(client.run({ kind: 'train', steps: 5, model: { hidden: 8 } }, { killSignal: killWaiting.signal }));
    killWaiting.abort();  // queued behind the two others
    const deadline = performance.now() + 60000;
    while (!started || !otherStarted) {
      if (performance.now() > deadline) throw new Error(`no progress in 60 s (stuck run inside its step: ${started})`);
      await new Promise((r) => setTimeout(r, 10));
    }
    stop.abort();
    let stuckSettled = false;
    stuckRun.then(() => { stuckSettled = true; });
    await new Promise((r) => setTimeout(r, 500));
    const stillRunning = !stuckSettled;
    const t0 = performance.now();
    kill.abort();
    const s = await stuckRun;
    const waited = performance.now() - t0;
    const again = await client.run({ kind: 'train', steps: 3, model: { hidden: 8 } });
    const result = { s, waited, stillRunning, waiting: await waiting, other: await other, again: again.scalars.steps_done };
    client.terminate();
    return result;
  }, stuckConfig);
  assert.ok(out.stillRunning, 'Stop alone left the stuck step running');
  assert.equal(out.s.code, 'killed', `the stuck run settled with ${JSON.stringify(out.s)}`);
  assert.match(out.s.message, /stopped at once: its worker was restarted; nothing of the run was kept/);
  assert.ok(out.waited < 2000, `ended ${out.waited} ms after killSignal`);
  assert.equal(out.waiting.code, 'not-started');
  assert.equal(out.other.steps, 300, 'the run on the other worker finished');
  assert.equal(out.again, 3);
  await page.close();
});

test('a run of long steps, stopped inside one, ends that step and keeps what it did (stopTimeoutMs is shorter than the step)', async () => {
  const page = await apiPage();
  const out = await page.evaluate(async () => {
    // Every step of this run measures the sNTK: about a second each here, far longer than the 300 ms.
    const client = new window.Client({ workers: 1, stopTimeoutMs: 300, prewarm: true });
    await client.stats();
    const controller = new AbortController();
    let progressed = false;
    const run = client.run({ kind: 'sntk', steps: 30, sntk: { interval: 1, eval_trials: 4 } },
      { signal: controller.signal, onProgress: () => { progressed = true; } });
    while (!progressed) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100));  // the worker is now inside its next step
    controller.abort();
    const settled = await run.then((r) => ({ stopped: r.stopped, steps: r.scalars.steps_done, measurements: r.scalars.measurements }),
      (e) => ({ message: e.message, code: e.code }));
    client.terminate();
    return settled;
  });
  assert.equal(out.stopped, true, `the run settled with ${JSON.stringify(out)}`);
  assert.ok(out.steps >= 1 && out.steps < 30, `steps done ${out.steps}`);
  assert.equal(out.measurements, out.steps, 'one measurement per step done');
  await page.close();
});

test('inside one long step onPartial moves; a Stop there waits by its estimate and keeps the step', async () => {
  const page = await apiPage();
  const out = await page.evaluate(async () => {
    // Every step measures the sNTK, about a second each here; stopTimeoutMs is far shorter.
    const client = new window.Client({ workers: 1, stopTimeoutMs: 200, prewarm: true });
    await client.stats();
    const controller = new AbortController();
    const events = [];
    const run = client.run({ kind: 'sntk', steps: 30, sntk: { interval: 1, eval_trials: 4 } }, {
      signal: controller.signal,
      onProgress: ({ position }) => events.push({ position }),
      onPartial: ({ position, chunk, partial }) => events.push({ position, chunk, partial }),
    });
    // Stop once a step has reported twice from inside: the first step, before any chunk ended, so the
    // longest chunk so far is 0 and only the partial progress says how long to wait.
    while (events.filter((e) => e.partial !== undefined).length < 2) await new Promise((r) => setTimeout(r, 5));
    const beforeStop = events.slice();
    controller.abort();
    const settled = await run.then((r) => ({ stopped: r.stopped, steps: r.scalars.steps_done, measurements: r.scalars.measurements }),
      (e) => ({ message: e.message, code: e.code }));
    client.terminate();
    return { beforeStop, settled };
  });
  const inside = out.beforeStop.filter((e) => e.partial !== undefined);
  assert.ok(inside.length >= 2);
  assert.equal(out.beforeStop.filter((e) => e.partial === undefined).length, 0, 'all inside the first chunk');
  for (const [i, e] of inside.entries()) {
    assert.equal(e.position, 0);
    assert.equal(e.chunk, 1);
    assert.ok(e.partial > 0 && e.partial < 1 && (i === 0 || e.partial > inside[i - 1].partial), JSON.stringify(inside));
  }
  assert.equal(out.settled.stopped, true, `the run settled with ${JSON.stringify(out.settled)}`);
  assert.equal(out.settled.steps, 1, 'the step in progress was finished and kept');
  await page.close();
});

test('configure checks its options and sets the shared pool; stats reports it', async () => {
  const page = await apiPage();
  const out = await page.evaluate(async () => {
    const errors = [];
    for (const bad of [{ workers: 0 }, { workers: 2.5 }, { workers: 65 }, { stopTimeoutMs: -1 }, { prewarm: 1 }, { threads: 2 }, null]) {
      try { window.rnnbook.configure(bad); errors.push('accepted'); } catch (e) { errors.push(e.message); }
    }
    const set = window.rnnbook.configure({ workers: 3 });
    const results = await Promise.all([1, 2, 3].map((seed) => window.rnnbook.run({ kind: 'train', seed, steps: 20, model: { hidden: 8 } })));
    const stats = await window.rnnbook.stats();
    window.rnnbook.configure({ workers: 1 });
    const shrunk = await window.rnnbook.stats();
    return { errors, set, n: results.length, workers: stats.workers, started: stats.started, perWorker: stats.perWorker.length,
      shrunkWorkers: shrunk.workers, shrunkStarted: shrunk.started };
  });
  assert.deepEqual(out.errors, [
    'workers: must be an integer in [1, 64], got 0',
    'workers: must be an integer in [1, 64], got 2.5',
    'workers: must be an integer in [1, 64], got 65',
    'stopTimeoutMs: must be a number of milliseconds in [0, 600000] (0: never), got -1',
    'prewarm: must be true or false, got 1',
    'configure: unknown option "threads" (allowed: workers, stopTimeoutMs, prewarm)',
    'configure: options must be an object such as {workers: 2}',
  ]);
  assert.equal(out.set.workers, 3);
  assert.equal(out.workers, 3);
  assert.equal(out.started, 3);
  assert.equal(out.perWorker, 3);
  assert.equal(out.shrunkWorkers, 1);
  assert.equal(out.shrunkStarted, 1, 'idle workers beyond the new size ended');
  await page.close();
});

test('prewarm starts every worker of the pool before any run, each with its module loaded; runs then use them', async () => {
  const page = await apiPage();
  const out = await page.evaluate(async (config) => {
    const client = new window.Client({ workers: 2 });
    const before = await client.stats();
    const settings = client.configure({ prewarm: true });
    const warm = await client.stats();  // each started worker answers with its module's memory
    const result = await client.run(config);
    const after = await client.stats();
    const cold = new window.Client({ workers: 1 });
    const same = await cold.run(config);
    const fromStart = new window.Client({ workers: 3, prewarm: true });
    const started = (await fromStart.stats()).started;
    for (const c of [client, cold, fromStart]) c.terminate();
    return { before: before.started, settings, warm: warm.started, heaps: warm.perWorker.map((w) => w.heapBytes > 0),
      after: after.started, sameBits: Object.is(result.scalars.final_loss, same.scalars.final_loss)
        && result.arrays.loss.data.every((v, i) => Object.is(v, same.arrays.loss.data[i])), started };
  }, small(7));
  assert.equal(out.before, 0, 'no worker before any work');
  assert.deepEqual(out.settings, { workers: 2, stopTimeoutMs: 3000 });
  assert.equal(out.warm, 2, 'both workers started by prewarm');
  assert.deepEqual(out.heaps, [true, true], 'each loaded its wasm module');
  assert.equal(out.after, 2, 'the run used a started worker');
  assert.equal(out.sameBits, true, 'a run on a prewarmed worker gives the same bits');
  assert.equal(out.started, 3, 'new Client({prewarm: true}) starts its workers');
  await page.close();
});

test('experiments held open spread over the workers, and steps on two of them run at once', async () => {
  const page = await apiPage();
  const out = await page.evaluate(async () => {
    const client = new window.Client({ workers: 2 });
    const config = (seed) => ({ kind: 'train', seed, steps: 400, model: { hidden: 24 } });
    const a = await client.open(config(1));
    const b = await client.open(config(2));
    const held = (await client.stats()).perWorker.map((w) => w.open);
    let busyAtOnce = 0;
    const poll = setInterval(async () => { busyAtOnce = Math.max(busyAtOnce, (await client.stats()).busy); }, 20);
    const [sa, sb] = await Promise.all([a.step(), b.step()]);
    clearInterval(poll);
    // The same bits as each config run alone.
    const [ra, rb] = await Promise.all([a.result(), b.result()]);
    const [la, lb] = await Promise.all([client.run(config(1)), client.run(config(2))]);
    const same = (x, y) => x.arrays.loss.data.every((v, k) => Object.is(v, y.arrays.loss.data[k]));
    await Promise.all([a.close(), b.close()]);
    const after = (await client.stats()).perWorker.map((w) => w.open);
    client.terminate();
    return { held, busyAtOnce, done: [sa.done, sb.done], same: [same(ra, la), same(rb, lb)], after };
  });
  assert.deepEqual(out.held, [1, 1], 'one experiment on each worker');
  assert.equal(out.busyAtOnce, 2, 'both workers stepped at once');
  assert.deepEqual(out.done, [true, true]);
  assert.deepEqual(out.same, [true, true]);
  assert.deepEqual(out.after, [0, 0]);
  await page.close();
});
