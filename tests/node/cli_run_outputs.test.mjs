// How rnnbook run leaves its outputs, which sweeps rely on: result.json is written last (after the
// .npy files and the checkpoint) and atomically, and --error-file holds the message of a failed run
// and is removed by a run that succeeds.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { nativeDir } from './module.mjs';

const cli = path.join(nativeDir, 'cli/rnnbook');
const dir = mkdtempSync(path.join(tmpdir(), 'rnnbook-run-outputs-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const spec = { kind: 'train', steps: 20, batch_size: 4, model: { hidden: 8 }, task: { bits: 2, steps: 10 } };
const run = (args, input) => spawnSync(cli, ['run', '-', ...args, '--quiet'], { encoding: 'utf8', input: JSON.stringify(input), timeout: 60000 });

test('result.json is the last output written, and no temporary file stays', () => {
  const out = path.join(dir, 'order');
  assert.equal(run(['--out', out], spec).status, 0);
  const files = readdirSync(out, { recursive: true }).filter((f) => statSync(path.join(out, f)).isFile());
  assert.ok(files.includes('checkpoint/W.npy') && files.includes('loss.npy'), files.join(' '));
  assert.ok(!files.some((f) => f.endsWith('.tmp')), files.join(' '));
  const mtime = (f) => statSync(path.join(out, f), { bigint: true }).mtimeNs;
  for (const f of files) assert.ok(mtime('result.json') >= mtime(f), `${f} was written after result.json`);
});

test('--error-file gets the message of a failed run, and a later run that succeeds removes it', () => {
  const out = path.join(dir, 'error'), file = path.join(dir, 'error.txt');
  const bad = run(['--out', out, '--error-file', file], { ...spec, model: { hidden: 5000 } });
  assert.equal(bad.status, 2);
  assert.equal(readFileSync(file, 'utf8'), 'model.hidden: must be an integer in [1, 1024], got 5000\n');
  assert.equal(existsSync(path.join(out, 'result.json')), false);
  assert.equal(run(['--out', out, '--error-file', file], spec).status, 0);
  assert.equal(existsSync(file), false);
  // A diverged run keeps its last finite state in result.json and says why in the error file.
  const diverges = { kind: 'train', seed: 1, steps: 100, batch_size: 4, model: { hidden: 16, activation: 'identity', gain: 3 },
    task: { bits: 2, steps: 20 }, optimizer: { name: 'sgd', lr: 10 } };
  const d = run(['--out', out, '--error-file', file], diverges);
  assert.equal(d.status, 3);
  assert.match(readFileSync(file, 'utf8'), /^training diverged at step \d+: .*lower optimizer\.lr\n$/);
  assert.equal(JSON.parse(readFileSync(path.join(out, 'result.json'), 'utf8')).scalars.diverged, 1);
  const missing = spawnSync(cli, ['run', path.join(dir, 'nowhere.json'), '--out', out, '--error-file', file], { encoding: 'utf8' });
  assert.equal(missing.status, 2);
  assert.equal(readFileSync(file, 'utf8'), `cannot read spec file '${path.join(dir, 'nowhere.json')}'\n`);
});
