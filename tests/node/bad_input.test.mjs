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

// The time-series kinds (forecast, switching, causality): whole configs, user arrays as typed arrays.
const wave = (shape) => ({ shape, data: new Float64Array(shape.reduce((a, b) => a * b, 1)).map((_, i) => Math.sin(0.37 * i * i)) });
const withNaN = (shape, at) => { const a = wave(shape); a.data[at] = NaN; return a; };
export const kindCases = [
  [{ kind: 'forecast', leads: 0 }, 'leads: must be an integer in [1, 1000], got 0'],
  [{ kind: 'forecast', split: { train: 0.9, validation: 0.2 } }, 'split.validation: must be a number in (0, 0.1), got 0.2'],
  [{ kind: 'forecast', data: { name: 'series' } }, 'data.values: missing; a series is (T) or (T, channels), rows are time'],
  [{ kind: 'forecast', data: { name: 'series', values: withNaN([40, 2], 5) } },
    'data.values.data[5]: must be a finite number, got null (NaN and infinity become null in JSON)'],
  [{ kind: 'forecast', data: { frames: 400 }, leads: 10 },
    'models.ar.max_order: 140 lags need more than 141 training rows after the first 140; the training segment has 240 rows (400 frames, split.train 0.6, split.validation 0.2); lower it or give a longer series'],
  [{ kind: 'forecast', models: { gru: { horizon: 500 } } }, 'models.gru.horizon: must be an integer in [1, 105], got 500'],
  [{ kind: 'switching', model: { states: 0 } }, 'model.states: must be an integer in [1, 16], got 0'],
  [{ kind: 'switching', data: { name: 'series', train: wave([50, 3]), test: wave([20, 2]) } }, 'data.test: 2 columns, but train has 3'],
  [{ kind: 'switching', data: { name: 'series', train: withNaN([50, 3], 4) } },
    'data.train.data[4]: must be a finite number, got null (NaN and infinity become null in JSON)'],
  [{ kind: 'switching', data: { name: 'series', train: wave([50, 3]), test: wave([6, 3]) }, evaluation: { horizon: 6 } },
    'evaluation.horizon: must be an integer in [1, 5], got 6'],
  [{ kind: 'causality', data: { neurons: 65 } }, 'data.neurons: must be an integer in [2, 64], got 65'],
  [{ kind: 'causality', data: { name: 'series', values: wave([200, 1]) } }, 'data.values: 1 neurons; allowed 2 to 64'],
  [{ kind: 'causality', data: { name: 'series', values: wave([200, 3]), weights: wave([3, 2]) } },
    'data.weights: must be (3, 3), one row per target neuron, got [3, 2]'],
  [{ kind: 'causality', data: { samples: 150 }, granger: { max_order: 10 } },
    'granger.max_order: 10 lags of 20 neurons need more than 201 rows in the Granger segment; the recording has 150 rows x granger.fraction 0.8'],
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

test('the time-series kinds: the CLI exits with code 2 and JS rejects, with the same message', async () => {
  const out = mkdtempSync(path.join(tmpdir(), 'rnnbook-badinput-kinds-'));
  for (const [config, message] of kindCases) {
    const text = JSON.stringify(config, (k, v) => (ArrayBuffer.isView(v) ? Array.from(v) : v));
    const r = spawnSync(cli, ['run', '-', '--out', out, '--quiet'], { encoding: 'utf8', input: text });
    assert.equal(r.status, 2, message);
    assert.equal(r.stderr.trim(), `rnnbook: ${message}`);
    await assert.rejects(runExperiment(M, config), { message });
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
