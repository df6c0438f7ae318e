// The CLI's progress line inside a long chunk: the forecast kind's single step (the AR and VAR order searches)
// takes a few seconds, far over the interval that RNNBOOK_PROGRESS_SECONDS sets here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { nativeDir } from './module.mjs';

const cli = path.join(nativeDir, 'cli/rnnbook');
// One step of about two seconds on one core: orders up to 150 (AR) and 40 (VAR), no early stop.
const spec = { kind: 'forecast', seed: 1, data: { frames: 12000 },
  models: { ar: { max_order: 150, patience: 150 }, var: { max_order: 40, patience: 40 } } };

function run(env, ...extra) {
  const dir = mkdtempSync(path.join(tmpdir(), 'rnnbook-progress-'));
  const r = spawnSync(cli, ['run', '-', '--out', dir, ...extra], {
    encoding: 'utf8', input: JSON.stringify(spec), env: { ...process.env, ...env } });
  rmSync(dir, { recursive: true, force: true });
  return r;
}

test('inside a long step the CLI prints how much of it is done, growing, at the interval asked for', () => {
  const r = run({ RNNBOOK_PROGRESS_SECONDS: '0.2' });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stderr.split('\n').filter((l) => l.includes('%'));
  assert.ok(lines.length >= 2, `at least two progress lines in:\n${r.stderr}`);
  for (const line of lines) assert.match(line, /^step 0\/1: \d{1,3} % of the next 1 step$/);
  const percents = lines.map((l) => Number(/: (\d+) %/.exec(l)[1]));
  // Whole percents: two reports inside one percent print the same number (a slow phase on a busy machine).
  for (let i = 1; i < percents.length; ++i) assert.ok(percents[i] >= percents[i - 1], `growing: ${percents}`);
  assert.ok(percents.at(-1) > percents[0], `growing: ${percents}`);
  assert.ok(percents[0] >= 0 && percents.at(-1) <= 100, `${percents}`);
  // After the step, the usual line of the chunk.
  const all = r.stderr.split('\n');
  assert.equal(all[all.indexOf(lines.at(-1)) + 1], 'step 1/1');
});

test('--quiet prints no progress line', () => {
  const quiet = run({ RNNBOOK_PROGRESS_SECONDS: '0.2' }, '--quiet');
  assert.equal(quiet.status, 0, quiet.stderr);
  assert.equal(quiet.stderr, '');
});

test('a bad interval is an error that names the variable and its range', () => {
  for (const bad of ['0', 'fast', '1e9', '0.05']) {
    const r = run({ RNNBOOK_PROGRESS_SECONDS: bad });
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr.trim(), `rnnbook: RNNBOOK_PROGRESS_SECONDS: must be a number of seconds in [0.1, 3600], got "${bad}"`);
  }
});
