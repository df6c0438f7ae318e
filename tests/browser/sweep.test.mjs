// rnnbook.sweep in Chromium on the real wasm module: the core's point order, one row per point with
// its error if it failed (the others go on), each point the same bits as the same config run alone,
// progress to the end, Stop, and a refused spec.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSite } from './browser.mjs';

let site;
let page;
before(async () => {
  site = await openSite();
  page = await site.apiPage();
});
after(async () => { await site?.close(); });

const base = { kind: 'train', steps: 30, model: { hidden: 8 }, task: { steps: 20 } };

test('a grid sweep on 2 workers: rows in the core\'s order, a bad point\'s error in its row, every point the bits of a lone run', async () => {
  const out = await page.evaluate(async (base) => {
    const client = new window.Client({ workers: 2 });
    const events = [];
    const sweep = await client.sweep({ base, grid: { seed: [1, 2], 'model.hidden': [8, 5000, 12] } },
      { onProgress: (p) => events.push(p) });
    const same = [];
    for (const point of sweep.points) {
      const alone = await client.run(point.config).catch(() => null);
      const r = sweep.result(point.index);
      same.push(alone === null ? r === null
        : r.arrays.loss.data.every((v, k) => Object.is(v, alone.arrays.loss.data[k])) && Object.is(r.scalars.final_loss, alone.scalars.final_loss));
    }
    client.terminate();
    const last = events[events.length - 1];
    return { table: sweep.table, axes: sweep.axes, values: sweep.points.map((p) => p.values), same, stopped: sweep.stopped,
      last: { finished: last.finished, failed: last.failed, points: last.points, fraction: last.fraction, etaMs: last.etaMs },
      chunkEvents: events.filter((e) => e.position !== null).length };
  }, base);
  assert.deepEqual(out.axes, [{ path: 'seed', values: [1, 2] }, { path: 'model.hidden', values: [8, 5000, 12] }]);
  assert.deepEqual(out.values.map((v) => [v.seed, v['model.hidden']]), [[1, 8], [1, 5000], [1, 12], [2, 8], [2, 5000], [2, 12]]);
  const { columns, rows } = out.table;
  assert.deepEqual(columns.slice(0, 3), ['index', 'seed', 'model.hidden']);
  assert.deepEqual(columns.slice(-2), ['timing_ms', 'error']);
  const scalars = columns.slice(3, -2);
  assert.deepEqual(scalars, [...scalars].sort());
  assert.ok(scalars.includes('final_loss') && scalars.includes('steps_done'));
  assert.equal(rows.length, 6);
  for (const row of rows) assert.deepEqual(Object.keys(row), columns);
  for (const i of [1, 4]) {
    assert.equal(rows[i].error, 'model.hidden: must be an integer in [1, 1024], got 5000');
    assert.equal(rows[i].final_loss, null);
  }
  for (const i of [0, 2, 3, 5]) {
    assert.equal(rows[i].error, null);
    assert.equal(rows[i].steps_done, 30);
    assert.ok(Number.isFinite(rows[i].final_loss) && rows[i].timing_ms > 0);
  }
  assert.notEqual(rows[0].final_loss, rows[3].final_loss, 'the seed axis took effect');
  assert.deepEqual(out.same, [true, true, true, true, true, true]);
  assert.equal(out.stopped, false);
  assert.deepEqual(out.last, { finished: 6, failed: 2, points: 6, fraction: 1, etaMs: 0 });
  assert.ok(out.chunkEvents > 0, 'progress within points');
});

test('Stop of a sweep: the running point keeps what it did, the waiting ones are "not run"', async () => {
  const out = await page.evaluate(async (base) => {
    const client = new window.Client({ workers: 1 });
    const controller = new AbortController();
    const sweep = await client.sweep([1, 2, 3].map((seed) => ({ ...base, seed, steps: 1000000 })), {
      signal: controller.signal,
      onProgress: ({ position }) => { if (position >= 10) controller.abort(); },
    });
    client.terminate();
    return { rows: sweep.table.rows.map((r) => ({ error: r.error, steps: r.steps_done })), stopped: sweep.stopped, axes: sweep.axes };
  }, base);
  assert.equal(out.stopped, true);
  assert.deepEqual(out.axes, []);
  assert.equal(out.rows[0].error, 'stopped before the end');
  assert.ok(out.rows[0].steps >= 10 && out.rows[0].steps < 1000000);
  assert.deepEqual(out.rows.slice(1), [{ error: 'not run', steps: null }, { error: 'not run', steps: null }]);
});

test('a refused sweep spec rejects with a message naming the field', async () => {
  const messages = await page.evaluate(async (base) => {
    const bad = [{ base, grid: { seed: 3 } }, { base, grid: { seed: [] } }, 7, [base, 3]];
    return Promise.all(bad.map((spec) => window.rnnbook.sweep(spec).then(() => 'accepted', (e) => e.message)));
  }, base);
  for (const m of messages) assert.notEqual(m, 'accepted');
  assert.match(messages[0], /^grid\.seed: /);
  assert.match(messages[1], /^grid\.seed: /);
  assert.match(messages[2], /^sweep/);
  assert.match(messages[3], /^sweep\[1\]: /);
});
