// One sweep, two engines: `rnnbook sweep --run local` + `rnnbook collect` (native, GNU parallel) and
// rnnbook.sweep (the JS API on node's worker threads, wasm) give the same table, bit for bit, timing
// aside: the same points in the same order, the same columns, the same scalars, the same errors
// (a diverged point: its message and the scalars of its last finite state, in both).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { nativeDir } from './module.mjs';
import { buildPackage } from '../../scripts/package.mjs';

const cli = path.join(nativeDir, 'cli/rnnbook');
const work = mkdtempSync(path.join(tmpdir(), 'rnnbook-sweep-parity-'));
// The JS API as node runs it: the package's node entry (its worker imports the wasm module next to it).
const packed = await buildPackage(path.join(work, 'pack'));
const { Client } = await import(pathToFileURL(path.join(packed.dir, 'node.js')));
const client = new Client({ workers: 2 });
after(() => {
  client.terminate();
  rmSync(work, { recursive: true, force: true });
});

// Identity units with gain 3 diverge at once (activity grows as 3^t over 20 steps); gain 1 trains.
const spec = {
  base: { kind: 'train', steps: 40, batch_size: 4, model: { hidden: 8, activation: 'identity' },
    task: { bits: 2, steps: 20 }, optimizer: { name: 'sgd', lr: 0.01 } },
  grid: { 'model.gain': [1, 3], seed: [1, 2, 3] },
};

const withoutTiming = ({ columns, rows }) => ({
  columns,
  rows: rows.map(({ timing_ms: t, ...row }) => {
    assert.ok(t === null || t >= 0, `timing_ms ${t}`);
    return row;
  }),
});

test('the CLI\'s collected table and the JS sweep\'s table are the same, a diverged point included', async () => {
  const specFile = path.join(work, 'spec.json');
  writeFileSync(specFile, JSON.stringify(spec));
  const dir = path.join(work, 'sweep');
  const run = spawnSync(cli, ['sweep', specFile, '--out', dir, '--run', 'local', '-j', '2'], { encoding: 'utf8', timeout: 180000 });
  assert.equal(run.status, 3, `some point diverges, so the sweep says so (exit 3): ${run.stderr}`);
  const collect = spawnSync(cli, ['collect', dir], { encoding: 'utf8', timeout: 60000 });
  assert.equal(collect.status, 0, collect.stderr);
  const cliTable = JSON.parse(readFileSync(path.join(dir, 'table.json'), 'utf8'));

  const js = await client.sweep(spec);
  const jsTable = js.table;
  assert.deepEqual(withoutTiming(jsTable), withoutTiming(cliTable));

  const diverged = jsTable.rows.filter((r) => r.error !== null);
  assert.ok(diverged.length >= 1, 'at least one point diverged');
  for (const row of diverged) {
    assert.match(row.error, /^training diverged at step \d+/);
    assert.equal(row.diverged, 1);
    assert.ok(Number.isFinite(row.final_loss), 'the scalars of the last finite state');
    assert.equal(row['model.gain'], 3);
  }
  assert.deepEqual(jsTable.rows.filter((r) => r.error === null).map((r) => r['model.gain']), [1, 1, 1], 'gain 1 trains');
  assert.equal(js.result(diverged[0].index).scalars.diverged, 1, 'result(i) of a diverged point is its last finite state');
});
