// The flatness experiment through both fronts: the CLI (outputs, .npy user data, no checkpoint,
// exit codes), the wasm module (the same bits as native), streamed per-checkpoint series, and bad
// configs giving the same message everywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadModule, nativeDir, npyBytes as npy, parseNpy } from './module.mjs';
import { openExperiment, runExperiment } from '../../web/lib/engine.js';

const cli = path.join(nativeDir, 'cli/rnnbook');
const M = await loadModule();
const spec = { kind: 'flatness', seed: 5, steps: 60, batch_size: 4,
  data: { name: 'clusters', classes: 4, dim: 6, train: 80, test: 50 }, model: { hidden: [12, 10] },
  optimizer: { name: 'sgd', lr: 0.1 }, measures: { every: 20, points: 30, layer_points: 40, hessian_samples: 4,
    hessian_iterations: 20 } };

test('the CLI writes result.json and one .npy per array, no checkpoint; wasm gives the same bits', async () => {
  const out = mkdtempSync(path.join(tmpdir(), 'rnnbook-flatness-'));
  const r = spawnSync(cli, ['run', '-', '--out', out], { encoding: 'utf8', input: JSON.stringify(spec) });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /step 60\/60/);
  assert.doesNotMatch(r.stderr, /checkpoint/);
  assert.ok(!existsSync(path.join(out, 'checkpoint')));
  const result = JSON.parse(readFileSync(path.join(out, 'result.json'), 'utf8'));
  assert.equal(result.kind, 'flatness');
  assert.equal(result.scalars.checkpoints, 4);
  assert.deepEqual(result.arrays.layer_pr.shape, [4, 4]);
  const js = await runExperiment(M, spec);
  for (const [name, meta] of Object.entries(result.arrays)) {
    const native = parseNpy(readFileSync(path.join(out, meta.file)));
    assert.deepEqual(native.shape, meta.shape);
    assert.deepEqual(Array.from(js.arrays[name].data), Array.from(native.data), `${name} differs between native and wasm`);
  }
});

test('the CLI reads data.inputs and data.targets from .npy files; --resume is refused', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rnnbook-flatness-data-'));
  const n = 40;
  const x = new Float64Array(n * 3).map((_, i) => Math.sin(0.7 * i));
  const y = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) y[2 * i + (x[3 * i] > 0 ? 0 : 1)] = 1;
  writeFileSync(path.join(dir, 'x.npy'), npy([n, 3], x));
  writeFileSync(path.join(dir, 'y.npy'), npy([n, 2], y));
  const specFile = path.join(dir, 'spec.json');
  writeFileSync(specFile, JSON.stringify({ kind: 'flatness', steps: 20, model: { hidden: [5] },
    data: { name: 'dataset', inputs: 'x.npy', targets: 'y.npy' }, measures: { every: 10 } }));
  const r = spawnSync(cli, ['run', specFile, '--out', path.join(dir, 'out'), '--quiet'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const result = JSON.parse(readFileSync(path.join(dir, 'out/result.json'), 'utf8'));
  assert.deepEqual(result.config.data.inputs, { shape: [n, 3] });
  assert.equal(result.config.measures.log_volume_rank, 2);
  assert.ok(existsSync(path.join(dir, 'out/train_accuracy.npy')));
  // A checkpoint (of a train run) cannot be restored into a flatness run.
  const train = spawnSync(cli, ['run', '-', '--out', path.join(dir, 'train'), '--quiet'],
    { encoding: 'utf8', input: JSON.stringify({ kind: 'train', steps: 2, model: { hidden: 4 } }) });
  assert.equal(train.status, 0, train.stderr);
  const resumed = spawnSync(cli, ['run', specFile, '--out', path.join(dir, 'out2'), '--resume',
    path.join(dir, 'train/checkpoint'), '--quiet'], { encoding: 'utf8' });
  assert.equal(resumed.status, 2);
  assert.equal(resumed.stderr.trim(), 'rnnbook: --resume: this kind of experiment keeps no checkpoint to resume');
});

test('progress streams the loss and the per-checkpoint series asked for; held-open steps report what each call recorded', async () => {
  const events = { loss: [], sharpness: [], checkpoint_steps: [] };
  const r = await runExperiment(M, spec, {
    series: ['loss', 'sharpness', 'checkpoint_steps'],
    chunkMs: 1,
    onProgress: ({ series }) => { for (const k of Object.keys(events)) events[k].push(...series[k]); },
  });
  assert.deepEqual(events.loss, Array.from(r.arrays.loss.data));
  assert.deepEqual(events.sharpness, Array.from(r.arrays.sharpness.data));
  assert.deepEqual(events.checkpoint_steps, [0, 20, 40, 60]);

  const s = openExperiment(M, spec);
  const a = await s.step(25, { series: ['loss', 'mls'] });
  assert.equal(a.series.loss.length, 25);
  assert.equal(a.series.mls.length, 2);  // steps 0 and 20
  const b = await s.step(10, { series: ['loss', 'mls'] });
  assert.equal(b.series.mls.length, 0);  // step 35: no new checkpoint
  const c = await s.step(undefined, { series: ['mls'] });
  assert.equal(c.series.loss, undefined);  // only the series named
  assert.equal(c.series.mls.length, 2);  // 40 and 60
  assert.deepEqual([...a.series.mls, ...c.series.mls], Array.from(s.result().arrays.mls.data));
  await assert.rejects(s.step(1, { series: ['bogus'] }), /series: unknown name "bogus"; allowed: loss, checkpoint_steps, train_loss, train_accuracy, test_loss, test_accuracy, sharpness/);
  assert.throws(() => s.snapshot(), { message: 'snapshot: this experiment has no saved state' });
  s.close();
});

const cases = [
  [{ model: { hidden: [0] } },
    'model.hidden: must be an array of 0 to 16 hidden-layer widths, each an integer in [1, 1024], got [0]'],
  [{ measures: { points: 2000 } }, 'measures.points: must be an integer in [1, 1000], got 2000'],
  [{ measures: { hessian_samples: 1 } },
    'measures.hessian_samples: must be 0 (off) or an integer in [2, 10000] (a standard error needs two probes), got 1'],
  [{ data: { name: 'dataset', inputs: { shape: [2, 1], data: new Float64Array([1, NaN]) }, targets: [[1], [0]] } },
    'data.inputs.data[1]: must be a finite number, got null (NaN and infinity become null in JSON)'],
  [{ data: { name: 'dataset' } }, 'data.inputs: missing; the dataset needs inputs (n, d) and targets (n, k)'],
];

test('bad flatness configs: the CLI exits with code 2 and JS rejects, with the same message', async () => {
  const out = mkdtempSync(path.join(tmpdir(), 'rnnbook-flatness-bad-'));
  for (const [extra, message] of cases) {
    const config = { kind: 'flatness', ...extra };
    const text = JSON.stringify(config, (k, v) => (ArrayBuffer.isView(v) ? Array.from(v) : v));
    const r = spawnSync(cli, ['run', '-', '--out', out, '--quiet'], { encoding: 'utf8', input: text });
    assert.equal(r.status, 2, message);
    assert.equal(r.stderr.trim(), `rnnbook: ${message}`);
    await assert.rejects(runExperiment(M, config), { message });
  }
});
