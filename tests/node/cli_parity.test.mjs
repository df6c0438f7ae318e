// The native CLI: its outputs and exit codes, and parity with the wasm module (same spec and seed
// -> the same bits).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadModule, nativeDir, parseNpy, projectVersion } from './module.mjs';
import { runExperiment } from '../../web/lib/engine.js';
import { configs } from './kind_configs.mjs';

const cli = path.join(nativeDir, 'cli/rnnbook');
const spec = { kind: 'train', seed: 11, steps: 80, batch_size: 8,
  model: { hidden: 24, leak: 0.5, gain: 1.2 }, task: { bits: 3, steps: 40 }, optimizer: { lr: 0.005 } };

function runCli(args, input) {
  return spawnSync(cli, args, { encoding: 'utf8', input });
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

test('native and wasm give the same bits for the same spec and seed', async () => {
  const out = mkdtempSync(path.join(tmpdir(), 'rnnbook-parity-'));
  const r = runCli(['run', '-', '--out', out, '--quiet'], JSON.stringify(spec));
  assert.equal(r.status, 0, r.stderr);
  const nativeLoss = parseNpy(readFileSync(path.join(out, 'loss.npy'))).data;
  const nativeOutput = parseNpy(readFileSync(path.join(out, 'eval_output.npy'))).data;
  const wasm = await runExperiment(await loadModule(), spec);
  assert.equal(nativeLoss.length, 80);
  assert.deepEqual(Array.from(wasm.arrays.loss.data), Array.from(nativeLoss));
  assert.deepEqual(Array.from(wasm.arrays.eval_output.data), Array.from(nativeOutput));
  assert.ok(nativeLoss[79] < nativeLoss[0], 'the run learned something');
});

// Configs that reach every cell, activation, task, optimiser, gradient rule, sampler target and
// manifold family at least once, with sizes that exercise Eigen's blocked products (README.md,
// "Determinism"): native and wasm must agree on every bit of every array and scalar.
const variety = {
  train_ctrnn_softplus_low_rank: { kind: 'train', seed: 9, steps: 25, batch_size: 16,
    model: { hidden: 70, cell: 'ctrnn', activation: 'softplus', rank: 5 },
    task: { name: 'memory_pro', stim_steps: 3, memory_steps: 3, response_steps: 3 },
    measures: { rich_lazy: true, kernel_trials: 8, representation_trials: 16, hessian_every: 10, hessian_trials: 8,
      hessian_iterations: 30 } },
  train_truncated_relu_amsgrad: { kind: 'train', seed: 4, steps: 20, batch_size: 8, gradient: 'truncated',
    model: { hidden: 33, activation: 'relu' }, task: { name: 'sine_wave' }, optimizer: { name: 'amsgrad' } },
  train_current_sgd: { kind: 'train', seed: 5, steps: 20, batch_size: 8, model: { hidden: 130, cell: 'current' },
    task: { name: 'two_afc' }, optimizer: { name: 'sgd', lr: 0.05 } },
  train_context_lrng: { kind: 'train', seed: 6, steps: 15, batch_size: 8, model: { hidden: 40 },
    task: { name: 'context' }, optimizer: { name: 'lrng' } },
  // float32 training (issue 21): the four-float product, float optimisers, rich/lazy measures from float weights
  train_float32_ctrnn_rich_lazy: { kind: 'train', seed: 10, steps: 20, batch_size: 16, precision: 'float32',
    model: { hidden: 70, cell: 'ctrnn', activation: 'tanh' }, task: { name: 'memory_pro', stim_steps: 3, memory_steps: 3,
      response_steps: 3 }, measures: { rich_lazy: true, kernel_trials: 8, representation_trials: 16 } },
  train_float32_current_sgd_clip: { kind: 'train', seed: 12, steps: 20, batch_size: 8, precision: 'float32',
    model: { hidden: 130, cell: 'current', activation: 'softplus' }, task: { name: 'two_afc' },
    optimizer: { name: 'sgd', lr: 0.05, momentum: 0.9, clip: 0.3 } },
  sntk_float32: { ...configs.sntk, precision: 'float32' },
  pitchfork_float32: { ...configs.pitchfork, precision: 'float32' },
  measure_swiss_roll: configs.measure,
  measure_sphere: { kind: 'measure', seed: 3, data: { manifold: 'sphere', dimension: 4, samples: 300, embedding: 9 } },
  sntk_flip_flop: configs.sntk,
  sample_ring: configs.sample,
  flatness_cross_entropy_adam: configs.flatness,
  flatness_float32_tanh_sgd: { kind: 'flatness', seed: 8, steps: 25, batch_size: 6, precision: 'float32',
    model: { hidden: [9, 7] }, optimizer: { name: 'sgd', lr: 0.2, momentum: 0.5 },
    data: { classes: 3, dim: 5, train: 50, test: 30 }, measures: { every: 10, points: 20, layer_points: 20 } },
  // The time-series kinds (issue 23): generated data, and user series given inline as {shape, data}.
  forecast_cortex4_gru: configs.forecast,
  forecast_user_series: { kind: 'forecast', seed: 1, leads: 10, stride: 5, models: { ar: { max_order: 5 }, var: { max_order: 3 } },
    data: { name: 'series', rate_hz: 10, values: { shape: [400, 3], data: Array.from({ length: 1200 }, (_, i) => Math.sin(0.05 * i) + Math.sin(7.3 * i * i)) } } },
  switching_soft_sticky: configs.switching,
  switching_increment_posterior: { ...configs.switching, model: { posterior: 'increment' } },
  switching_user_series: { kind: 'switching', seed: 1, model: { states: 2 }, training: { iterations: 5, samples: 2 },
    baseline: { iterations: 2, kmeans_restarts: 1 }, evaluation: { posterior_samples: 2, horizon: 2, paths: 2 },
    data: { name: 'series', train: { shape: [60, 2], data: Array.from({ length: 120 }, (_, i) => Math.cos(0.2 * i) + 0.1 * Math.sin(5.1 * i * i)) } } },
  causality_rate_attention: configs.causality,
  causality_izhikevich: { kind: 'causality', seed: 1, data: { name: 'izhikevich', neurons: 5, density: 0.5, steps: 800 },
    attention: { enabled: false } },
  causality_user_series: { kind: 'causality', seed: 1, granger: { max_order: 3 }, attention: { epochs: 1, context: 3, width: 4, hidden: 4, key_width: 2 },
    data: { name: 'series', values: { shape: [300, 3], data: Array.from({ length: 900 }, (_, i) => Math.sin(1.7 * i * i) + Math.sin(0.01 * i)) },
      weights: { shape: [3, 3], data: [0, 1, 0, 0, 0, 1, 0, 0, 0] } } },
  // lowrank (SCIENCE.md 11): Laplace loadings, BPTT students, the flow over m and RK4; the cycle with the flow over (m, n) and Euler
  lowrank_bistable_a: { kind: 'lowrank', seed: 2, teacher: { neurons: 70, train_trials: 6, heldout_trials: 3, steps: 40 },
    students: { count: 2, steps: 10, windows: 8 }, flow: { steps: 20, hidden: 16, batch: 64 }, samples: { count: 2 } },
  lowrank_cycle_b: { kind: 'lowrank', seed: 4, teacher: { name: 'cycle', neurons: 70, train_trials: 6, heldout_trials: 3,
    steps: 60 }, students: { count: 1, steps: 5, windows: 8 }, flow: { variant: 'B', steps: 20, hidden: 16, batch: 64 },
    samples: { count: 2, neurons: 90, integrator: 'euler', steps: 50 } },
};

test('native and wasm give the same bits across cells, activations, tasks, optimisers, targets and manifolds', async () => {
  const M = await loadModule();
  for (const [name, config] of Object.entries(variety)) {
    const out = mkdtempSync(path.join(tmpdir(), 'rnnbook-variety-'));
    const r = runCli(['run', '-', '--out', out, '--quiet'], JSON.stringify(config));
    assert.equal(r.status, 0, `${name}: ${r.stderr}`);
    const native = JSON.parse(readFileSync(path.join(out, 'result.json'), 'utf8'));
    const wasm = await runExperiment(M, config);
    assert.deepEqual(Object.keys(wasm.arrays).sort(), Object.keys(native.arrays).sort(), name);
    for (const [array, meta] of Object.entries(native.arrays)) {
      const bits = parseNpy(readFileSync(path.join(out, meta.file))).data;
      assert.deepEqual(Array.from(wasm.arrays[array].data), Array.from(bits), `${name}.${array}`);
    }
    for (const [scalar, v] of Object.entries(wasm.scalars)) {
      if (scalar.endsWith('_ms')) continue;  // timings
      assert.ok(Number.isFinite(v) ? Object.is(native.scalars[scalar], v) : native.scalars[scalar] === null,
        `${name} scalar ${scalar}: native ${native.scalars[scalar]}, wasm ${v}`);
    }
  }
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
  assert.deepEqual(v.stdout.trim().split('\n'), [`rnnbook ${projectVersion}`, 'product kernel: portable (the same bits as the browser)']);
});
