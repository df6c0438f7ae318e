// wasm's sweepPoints (what the page's rnnbook.sweep expands a spec with) gives the CLI's points:
// the same axes, values, order and configs as `rnnbook sweep` writes for the same spec.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadModule, nativeDir } from './module.mjs';

const M = await loadModule();
const cli = path.join(nativeDir, 'cli/rnnbook');
const dir = mkdtempSync(path.join(tmpdir(), 'rnnbook-sweep-points-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('sweepPoints expands a spec into the points of the CLI manifest, in the grid\'s key order', () => {
  // "seed" before "model.rank": the axis order is the key order, not the sorted one.
  const spec = { base: { kind: 'train', steps: 5, model: { hidden: 8 } },
    grid: { seed: [0, 1, 2], 'model.rank': [1, 8], 'model.cell': ['rate', 'current'] } };
  const points = JSON.parse(M.sweepPoints(JSON.stringify(spec)));
  assert.equal(M.takeError(), '');
  writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(spec));
  const r = spawnSync(cli, ['sweep', path.join(dir, 'spec.json'), '--out', path.join(dir, 'out')], { encoding: 'utf8', timeout: 60000 });
  assert.equal(r.status, 0, r.stderr);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'out/manifest.json'), 'utf8'));
  assert.deepEqual(points.axes, manifest.axes);
  assert.deepEqual(points.axes.map((a) => a.path), ['seed', 'model.rank', 'model.cell']);
  assert.equal(points.points.length, 12);
  for (const [i, p] of points.points.entries()) {
    assert.deepEqual({ index: p.index, values: p.values }, { index: manifest.points[i].index, values: manifest.points[i].values });
    assert.deepEqual(Object.keys(p.values), ['seed', 'model.rank', 'model.cell']);
    assert.deepEqual(p.config, JSON.parse(readFileSync(path.join(dir, 'out', manifest.points[i].dir, 'spec.json'), 'utf8')));
  }
  assert.deepEqual(points.points[3].values, { seed: 0, 'model.rank': 8, 'model.cell': 'current' });
});

test('a refused spec returns "" and leaves its message for takeError()', () => {
  assert.equal(M.sweepPoints(JSON.stringify({ base: {}, grid: { seed: [] } })), '');
  assert.equal(M.takeError(), 'grid.seed: must be a non-empty array of values, got []');
  assert.equal(M.sweepPoints('[1'), '');
  assert.match(M.takeError(), /^sweep: not valid JSON \(at byte \d+\)$/);
  assert.equal(M.sweepPoints(JSON.stringify([{ seed: 1 }])), '{"axes":[],"points":[{"index":0,"values":{},"config":{"seed":1}}]}');
  assert.equal(M.takeError(), '');
});
