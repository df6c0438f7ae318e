// The CLI's checkpoints: every run writes DIR/checkpoint/, and --resume continues it bit for bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { nativeDir, parseNpy } from './module.mjs';

const cli = path.join(nativeDir, 'cli/rnnbook');
const spec = { kind: 'train', seed: 5, steps: 60, batch_size: 6, model: { hidden: 12 },
  task: { bits: 2, steps: 15 }, optimizer: { name: 'amsgrad', lr: 0.01 } };

function run(args, input) {
  return spawnSync(cli, [...args, '--quiet'], { encoding: 'utf8', input });
}

const loss = (dir) => Array.from(parseNpy(readFileSync(path.join(dir, 'loss.npy'))).data);

// A resumed run gives the numbers of a run from step 0 (that is the point), so only its progress tells the
// two apart: the steps it reports (stderr without --quiet) start after the checkpoint's step.
function resumeFrom(checkpoint, out, s) {
  const r = spawnSync(cli, ['run', '-', '--resume', checkpoint, '--out', out], { encoding: 'utf8', input: JSON.stringify(s) });
  const reported = [...r.stderr.matchAll(/^step (\d+)\/60\b/gm)].map((m) => Number(m[1]));
  return { ...r, reported };
}

test('a run writes a checkpoint that --resume continues to the same numbers as one run', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rnnbook-ckpt-'));
  const whole = path.join(dir, 'whole'), part = path.join(dir, 'part'), rest = path.join(dir, 'rest');
  assert.equal(run(['run', '-', '--out', whole], JSON.stringify(spec)).status, 0);
  const r1 = run(['run', '-', '--out', part], JSON.stringify({ ...spec, steps: 25 }));
  assert.equal(r1.status, 0, r1.stderr);
  const header = JSON.parse(readFileSync(path.join(part, 'checkpoint/checkpoint.json'), 'utf8'));
  assert.equal(header.step, 25);
  assert.equal(header.state.optimizer.name, 'amsgrad');
  assert.deepEqual(header.arrays.W, { shape: [12, 12], file: 'W.npy' });
  assert.deepEqual(parseNpy(readFileSync(path.join(part, 'checkpoint/W.npy'))).shape, [12, 12]);
  const r2 = resumeFrom(path.join(part, 'checkpoint'), rest, spec);
  assert.equal(r2.status, 0, r2.stderr);
  assert.ok(r2.reported.length > 0 && r2.reported[0] > 25 && r2.reported.at(-1) === 60, `went on from step 25: ${r2.stderr}`);
  assert.deepEqual(loss(rest), loss(whole));
  assert.deepEqual(readFileSync(path.join(rest, 'eval_output.npy')), readFileSync(path.join(whole, 'eval_output.npy')));
  rmSync(dir, { recursive: true, force: true });
});

test('a bad resume exits with code 2 and names what is wrong', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rnnbook-ckpt-bad-'));
  assert.equal(run(['run', '-', '--out', dir], JSON.stringify({ ...spec, steps: 5 })).status, 0);
  const ckpt = path.join(dir, 'checkpoint');
  const cases = [
    [path.join(dir, 'nowhere'), spec, `rnnbook: --resume: cannot read '${path.join(dir, 'nowhere', 'checkpoint.json')}'`],
    [ckpt, { ...spec, seed: 6 },
      "rnnbook: snapshot.config: differs from this experiment's config at seed; only steps may differ"],
  ];
  for (const [from, s, message] of cases) {
    const r = run(['run', '-', '--resume', from, '--out', path.join(dir, 'x')], JSON.stringify(s));
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr.trim(), message);
  }
  writeFileSync(path.join(ckpt, 'theta.npy'), 'not an npy file');
  const r = run(['run', '-', '--resume', ckpt, '--out', path.join(dir, 'y')], JSON.stringify(spec));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^rnnbook: snapshot\.arrays\.theta: .*theta\.npy: npy: cannot read the array/);
  rmSync(dir, { recursive: true, force: true });
});

test('kinds without saved state (pitchfork) run from the CLI and write no checkpoint; lrng resumes bit for bit', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rnnbook-kinds-'));
  const pf = run(['run', '-', '--out', path.join(dir, 'pf')], JSON.stringify({
    kind: 'pitchfork', steps: 4, batch_size: 4, model: { hidden: 6 }, monitor_trials: 3,
    sntk: { interval: 2, eval_trials: 2, eval_steps: 10, landscape_points: 3 } }));
  assert.equal(pf.status, 0, pf.stderr);
  assert.equal(JSON.parse(readFileSync(path.join(dir, 'pf/result.json'), 'utf8')).kind, 'pitchfork');
  assert.deepEqual(parseNpy(readFileSync(path.join(dir, 'pf/landscape_kernel.npy'))).shape, [3, 3]);
  assert.throws(() => readFileSync(path.join(dir, 'pf/checkpoint/checkpoint.json')), /ENOENT/);

  const lrng = { ...spec, optimizer: { name: 'lrng', lr: 0.05, rank: 2, refresh: 3 } };
  assert.equal(run(['run', '-', '--out', path.join(dir, 'whole')], JSON.stringify(lrng)).status, 0);
  assert.equal(run(['run', '-', '--out', path.join(dir, 'part')], JSON.stringify({ ...lrng, steps: 25 })).status, 0);
  const header = JSON.parse(readFileSync(path.join(dir, 'part/checkpoint/checkpoint.json'), 'utf8'));
  assert.equal(header.state.optimizer.name, 'lrng');
  assert.deepEqual(header.arrays.lrng_basis.shape, [header.scalars.parameters, 2]);
  const r = resumeFrom(path.join(dir, 'part/checkpoint'), path.join(dir, 'rest'), lrng);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.reported.length > 0 && r.reported[0] > 25 && r.reported.at(-1) === 60, `went on from step 25: ${r.stderr}`);
  assert.deepEqual(loss(path.join(dir, 'rest')), loss(path.join(dir, 'whole')));
  rmSync(dir, { recursive: true, force: true });
});
