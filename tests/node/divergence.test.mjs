// The numerical guard seen from JS and the CLI: a run whose numbers stop being finite stops at
// that step with a message naming it, and the last finite state stays readable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadModule, nativeDir } from './module.mjs';
import { openExperiment, runExperiment } from '../../web/lib/engine.js';

const M = await loadModule();
const cli = path.join(nativeDir, 'cli/rnnbook');
const diverges = { kind: 'train', seed: 1, steps: 100, batch_size: 4,
  model: { hidden: 16, activation: 'identity', gain: 3 }, task: { bits: 2, steps: 20 },
  optimizer: { name: 'sgd', lr: 10 } };
const message = /^training diverged at step (\d+): .*lower optimizer\.lr$/;

test('runExperiment rejects with the step', async () => {
  await assert.rejects(runExperiment(M, diverges), { message });
});

test('a held-open experiment rejects the step, then gives the last finite result and snapshot', async () => {
  const s = openExperiment(M, diverges);
  let error;
  await s.step(100).catch((e) => { error = e; });
  const k = Number(error.message.match(message)[1]);
  assert.ok(k > 0 && k < 100);
  assert.equal(s.position, k);
  const r = s.result();
  assert.equal(r.scalars.diverged, 1);
  assert.equal(r.scalars.diverged_at_step, k);
  assert.equal(r.arrays.loss.data.length, k);
  assert.ok(r.arrays.loss.data.every(Number.isFinite));
  const cp = s.snapshot();
  assert.equal(cp.scalars.diverged_at_step, k);
  assert.ok(cp.arrays.theta.data.every(Number.isFinite));
  await assert.rejects(s.step(1), { message });
  s.close();
});

test('the CLI writes the last finite result and checkpoint, prints the step and exits with 3', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'rnnbook-diverge-'));
  const r = spawnSync(cli, ['run', '-', '--out', out, '--quiet'], { encoding: 'utf8', input: JSON.stringify(diverges) });
  assert.equal(r.status, 3, r.stderr);
  const k = Number(r.stderr.trim().replace(/^rnnbook: /, '').match(message)[1]);
  const result = JSON.parse(readFileSync(path.join(out, 'result.json'), 'utf8'));
  assert.equal(result.scalars.diverged_at_step, k);
  assert.equal(result.scalars.steps_done, k);
  assert.ok(existsSync(path.join(out, 'checkpoint/theta.npy')));
});
