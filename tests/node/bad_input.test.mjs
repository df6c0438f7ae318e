// Bad input (issue 3): each out-of-range value gives the same message naming the field and its
// range in the native CLI (exit code 2) and in JS (a rejected run), checked before any work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadModule, nativeDir } from './module.mjs';
import { runExperiment } from '../../web/lib/engine.js';

const cli = path.join(nativeDir, 'cli/rnnbook');
const M = await loadModule();
const data = (shape, fill = 0) => ({ shape, data: new Float64Array(shape.reduce((a, b) => a * b, 1)).fill(fill) });

export const cases = [
  [{ model: { hidden: 16, rank: 17 } }, 'model.rank: must be an integer in [0, 16] (0 = full rank, at most model.hidden), got 17'],
  [{ model: { hidden: 16, rank: -1 } }, 'model.rank: must be an integer in [0, 16] (0 = full rank, at most model.hidden), got -1'],
  [{ model: { rank: 2.5 } }, 'model.rank: must be an integer in [0, 64] (0 = full rank, at most model.hidden), got 2.5'],
  [{ model: { leak: 0 } }, 'model.leak: must be a number in (0, 1], got 0'],
  [{ model: { leak: 1.5 } }, 'model.leak: must be a number in (0, 1], got 1.5'],
  [{ model: { leak: -0.2 } }, 'model.leak: must be a number in (0, 1], got -0.2'],
  [{ model: { hidden: 1025 } }, 'model.hidden: must be an integer in [1, 1024], got 1025'],
  [{ batch_size: 1025 }, 'batch_size: must be an integer in [1, 1024], got 1025'],
  [{ eval_trials: 65 }, 'eval_trials: must be an integer in [1, 64], got 65'],
  [{ steps: 1000001 }, 'steps: must be an integer in [0, 1000000], got 1000001'],
  [{ task: { steps: 5001 } }, 'task.steps: must be an integer in [1, 5000], got 5001'],
  [{ batch_size: 1024, model: { hidden: 1024 }, task: { steps: 5000 } },
    'size: max(batch_size, eval_trials) x (time steps of the task) x model.hidden = 5242880000 exceeds the limit 4000000; make one of them smaller'],
  [{ task: { name: 'dataset', inputs: data([2, 3, 1]), targets: data([2, 4, 1]) } },
    'task.targets: shape (2, 4, 1) must be (2, 3, O) to match task.inputs (2, 3, 1)'],
  [{ task: { name: 'dataset', inputs: { shape: [1, 1, 2], data: new Float64Array([1, NaN]) }, targets: data([1, 1, 1]) } },
    'task.inputs.data[1]: must be a finite number, got null (NaN and infinity become null in JSON)'],
  [{ task: { name: 'dataset', inputs: data([6000, 1, 1]), targets: data([6000, 1, 1]) } },
    'task.inputs: T = 6000 time steps, over the limit of 5000'],
  [{ task: { name: 'dataset', inputs: { shape: [4000, 1001, 1], data: [] }, targets: data([1, 1, 1]) } },
    'task.inputs: shape [4000, 1001, 1] holds 4004000 values, over the limit of 4000000'],
];

const full = (extra) => JSON.stringify({ kind: 'train', ...extra },
  (k, v) => (ArrayBuffer.isView(v) ? Array.from(v) : v));

test('each bad value: the CLI exits with code 2 and prints the message', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'rnnbook-badinput-'));
  for (const [extra, message] of cases) {
    const r = spawnSync(cli, ['run', '-', '--out', out, '--quiet'], { encoding: 'utf8', input: full(extra) });
    assert.equal(r.status, 2, message);
    assert.equal(r.stderr.trim(), `rnnbook: ${message}`);
  }
});

test('each bad value: JS rejects with the same message (typed arrays serialised by the engine)', async () => {
  for (const [extra, message] of cases) {
    await assert.rejects(runExperiment(M, { kind: 'train', ...extra }), { message });
  }
});

// lowrank (SCIENCE.md 11): the activity's shape, a rank the activity cannot give, and the size limits.
const lowrankCases = [
  [{ teacher: { name: 'data', activity: data([1, 4, 2]) } },
    'teacher.activity: needs at least 2 trials (training and held-out), got shape [1, 4, 2]'],
  [{ teacher: { name: 'data', activity: data([3, 2, 2]) } },
    'teacher.activity: activity is too short: each trial needs at least 3 time points, got 2'],
  [{ teacher: { name: 'data', activity: data([4, 5, 3], 1) }, fit: { rank: 2 } },
    'fit.rank: the activity has rank < 2 (singular value 2 is below 1e-8 of the largest): lower the rank'],
  [{ teacher: { neurons: 2000, steps: 5000 } },
    'teacher: (train_trials + heldout_trials) x (steps + 1) x neurons = 480096000 exceeds the limit 4000000; make one of them smaller'],
  [{ students: { window: 81 } }, 'students.window: must be an integer in [1, 80], got 81'],
  [{ flow: { variant: 'C' } }, 'flow.variant: must be one of "A", "B", got "C"'],
];

test('lowrank: the CLI and JS give the same message naming the field', async () => {
  const out = mkdtempSync(path.join(tmpdir(), 'rnnbook-badinput-lowrank-'));
  for (const [extra, message] of lowrankCases) {
    const config = { kind: 'lowrank', ...extra };
    const r = spawnSync(cli, ['run', '-', '--out', out, '--quiet'], { encoding: 'utf8',
      input: JSON.stringify(config, (k, v) => (ArrayBuffer.isView(v) ? Array.from(v) : v)) });
    assert.equal(r.status, 2, message);
    assert.equal(r.stderr.trim(), `rnnbook: ${message}`);
    await assert.rejects(runExperiment(M, config), { message });
  }
});
