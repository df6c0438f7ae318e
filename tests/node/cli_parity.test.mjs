// The native CLI: its outputs and exit codes, and parity with the wasm module (same spec and seed
// -> same loss curve to 1e-9 relative).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadModule, nativeDir, parseNpy } from './module.mjs';
import { runExperiment } from '../../web/lib/engine.js';

const cli = path.join(nativeDir, 'cli/rnnbook');
const spec = { kind: 'train', seed: 11, steps: 80, batch_size: 8,
  model: { hidden: 24, leak: 0.5, gain: 1.2 }, task: { bits: 3, steps: 40 }, optimizer: { lr: 0.005 } };

function runCli(args, input) {
  return spawnSync(cli, args, { encoding: 'utf8', input });
}

function maxRelDiff(a, b) {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(a[i]), Math.abs(b[i]), 1e-300));
  }
  return worst;
}

test('the CLI writes result.json and one .npy per array', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'rnnbook-cli-'));
  const specFile = path.join(out, 'spec.json');
  writeFileSync(specFile, JSON.stringify(spec));
  const r = runCli(['run', specFile, '--out', out, '--quiet']);
  assert.equal(r.status, 0, r.stderr);
  const result = JSON.parse(readFileSync(path.join(out, 'result.json'), 'utf8'));
  assert.equal(result.kind, 'train');
  assert.equal(result.config.task.pulse_prob, 0.05);
  for (const [name, meta] of Object.entries(result.arrays)) {
    assert.equal(meta.file, `${name}.npy`);
    assert.deepEqual(parseNpy(readFileSync(path.join(out, meta.file))).shape, meta.shape);
  }
  assert.ok(existsSync(path.join(out, 'eval_output.npy')));
});

test('native and wasm give the same numbers for the same spec and seed', async () => {
  const out = mkdtempSync(path.join(tmpdir(), 'rnnbook-parity-'));
  const r = runCli(['run', '-', '--out', out, '--quiet'], JSON.stringify(spec));
  assert.equal(r.status, 0, r.stderr);
  const nativeLoss = parseNpy(readFileSync(path.join(out, 'loss.npy'))).data;
  const nativeOutput = parseNpy(readFileSync(path.join(out, 'eval_output.npy'))).data;
  const wasm = await runExperiment(await loadModule(), spec);
  assert.equal(nativeLoss.length, 80);
  const lossDiff = maxRelDiff(nativeLoss, wasm.arrays.loss.data);
  const outputDiff = maxRelDiff(nativeOutput, wasm.arrays.eval_output.data);
  assert.ok(lossDiff < 1e-9, `loss curves differ by ${lossDiff} relative`);
  assert.ok(outputDiff < 1e-9, `eval outputs differ by ${outputDiff} relative`);
  assert.ok(nativeLoss[79] < nativeLoss[0], 'the run learned something');
});

test('a bad spec exits with code 2 and a message naming the field', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'rnnbook-bad-'));
  const cases = [
    ['{"kind": "train", "model": {"leak": 2}}', 'rnnbook: model.leak: must be a number in (0, 1], got 2'],
    ['{"kind": "train", "steps": 1.5}', 'rnnbook: steps: must be an integer in [0, 1000000], got 1.5'],
    ['{"kind": "train", "extra": 1}', 'rnnbook: extra: unknown field; allowed here:'],
    ['{', 'rnnbook: config: not valid JSON'],
  ];
  for (const [text, message] of cases) {
    const r = runCli(['run', '-', '--out', out], text);
    assert.equal(r.status, 2, text);
    assert.ok(r.stderr.startsWith(message), `${text}: ${r.stderr}`);
  }
});

test('usage errors exit with code 2 and print the usage', () => {
  for (const args of [[], ['train'], ['run'], ['run', 'x.json'], ['run', '/nonexistent.json', '--out', tmpdir()]]) {
    const r = runCli(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /usage: rnnbook run SPEC\.json --out DIR/);
  }
  const v = runCli(['--version']);
  assert.equal(v.status, 0);
  assert.equal(v.stdout.trim(), 'rnnbook 0.1.0');
});
